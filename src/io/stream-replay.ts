/**
 * `replay` of an incident whose movements are a large NDJSON side file, with reading and
 * replaying overlapped: a worker thread parses the file (stream-movements.ts) while this
 * thread runs the engine over the rows already parsed, in time order. The answer is the one
 * load-then-replay gives, byte for byte; whenever an assumption of the streamed run fails it
 * falls back to load-then-replay, which then gives the answer (or the problems) of today.
 *
 * How it stays exact:
 * - Every section but the movements is read first (observations and logs too), by the
 *   loader's own steps (load-incident.ts); any problem anywhere falls back, so problems are
 *   always reported by the loader, in its order, with exit 2 and nothing written.
 * - SKU indices are positions in the sorted SKU table, known only once every SKU is: the
 *   reader's first pass collects the file's SKUs, this thread sorts them with the other
 *   sections' into the final table, and the rows are interned straight to it. A SKU the first
 *   pass missed, or one it saw that no valid row has, falls back.
 * - The engine runs to just below a watermark the reader promises no later row will land
 *   under; a row that does land there falls back (the bench files never do).
 * - Which refs recur is known only at the end (key-recurrence.ts), so every movement's ref
 *   is claimed as one that may recur (`allRefsMayRecur`): an idempotent target remembers
 *   more keys. That changes nothing as long as no delivery is turned away as a repeat: the
 *   two runs are the same up to their first difference, which can only be a delivery one of
 *   them turns away, and the keys load-then-replay remembers are a subset of these. So when
 *   the streamed run turned a delivery away (a ref that recurs, a duplicate, a retry, keys
 *   that collide), the simulation is run again on the finished incident, as `replay` runs
 *   it; the file is not read again.
 *
 * Taken only for `replay` with the in-process transport and no trace or connector (those
 * keep load-then-replay), a declared window (else the window comes from the records), a
 * side file of at least `STREAM_MIN_BYTES` (below that the worker's start costs more than
 * the overlap saves), and a core to spare (see `FileReplayOptions.stream`).
 */
import { stat } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { extname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isMap } from 'yaml';
import { Simulation } from '../sim/engine.js';
import { InProcessTransport, type Transport } from '../sim/transport.js';
import type { Incident } from '../sim/model.js';
import { MovementStore } from '../sim/movement-store.js';
import { type ReplayReport, replay, reportOf } from '../sim/replay.js';
import { type StartingCount, withStartingCounts } from '../sim/starting-counts.js';
import {
  type IncidentHeader,
  type LoadOptions,
  assembleIncident,
  loadIncident,
  loadIncidentFromHeader,
  otherRecordSinks,
  readIncidentHeader,
  readIncidentText,
  resolveTables,
} from './load-incident.js';
import { MovementSink } from './movement-sink.js';
import { InputError } from './problems.js';
import { readFileSpec, readRecordSection } from './read-records.js';
import { readStartingCounts } from './read-starting-counts.js';
import { lineStartAfter } from './movement-parts.js';
import { type ReaderPort, type StreamCommand, type StreamMessage, type StreamRequest, collectSkus, rangeBytesFor, readMovementStream } from './stream-movements.js';

/** Side files from this size are streamed (smaller ones load faster than a worker starts). */
export const STREAM_MIN_BYTES = 32 << 20;

export interface FileReplayOptions extends LoadOptions {
  /** `--starting-count` values, applied to the loaded incident before the run. */
  startingCounts?: readonly string[];
  /** Side files from this size are streamed (default `STREAM_MIN_BYTES`); tests lower it. */
  streamMinBytes?: number;
  /** False: the reader runs on this thread, between the engine's steps (tests: no build needed). */
  thread?: boolean;
  /**
   * True: stream whenever the file is a case for it; false: never. By default only when a
   * core is idle (the last minute's load average is at least one below the cores), as for
   * reading in halves: on cores busy with other work, reading on this thread alone is faster.
   */
  stream?: boolean;
  /** Bytes the reader hands over at once (default a 32nd of the file, at least 2 MiB); tests lower it. */
  rangeBytes?: number;
  /** The least the watermark stays behind the latest time read (default an hour); tests lower it. */
  lagMs?: number;
}

export interface FileReplay {
  /** The incident as loaded, starting counts applied: what the reports print. */
  incident: Incident;
  report: ReplayReport;
  /**
   * `streamed`; `loaded`: not a case for streaming; `fell back`: streaming gave up (see
   * `reason`). A streamed run whose simulation ran again on the finished incident says why in `reason`.
   */
  how: 'streamed' | 'loaded' | 'fell back';
  reason?: string;
}

/**
 * Loads and replays an incident file with its faults (plus `extraFaults`) and starting
 * counts, streaming the movements when it can (see above); the same incident and report as
 * `loadIncident` then `replay`, either way.
 *
 * @throws InputError listing every problem, as `loadIncident` (or `readStartingCounts`) does.
 * @example
 * const { incident, report, how } = await replayFile('incident.json', { extraFaults: [] });
 * how; // 'streamed' for a large NDJSON side file
 */
export async function replayFile(path: string, options: FileReplayOptions = {}): Promise<FileReplay> {
  const header = readIncidentHeader(await readIncidentText(path), path);
  const plan = await streamPlan(header, options);
  if (plan === undefined) return { ...(await replayLoaded(await loadIncidentFromHeader(header, options), options)), how: 'loaded' };
  const streamed = await streamReplay(header, plan, options);
  if ('incident' in streamed) return { incident: streamed.incident, report: streamed.report, how: 'streamed', ...(streamed.replayedAgain ? { reason: 'a delivery was turned away as a repeat: replayed again' } : {}) };
  return { ...(await replayLoaded(await loadIncident(path, options), options)), how: 'fell back', reason: streamed.abandoned };
}

/** Today's path after the load: starting counts, then the replay. */
async function replayLoaded(loaded: Incident, options: FileReplayOptions): Promise<{ incident: Incident; report: ReplayReport }> {
  const incident = withStartingCounts(loaded, readStartingCounts(loaded, options.startingCounts ?? []));
  return { incident, report: await replay(incident, { faults: incident.faults }) };
}

interface StreamPlan {
  node: NonNullable<ReturnType<IncidentHeader['get']>>;
  bytes: number;
}

/** When the incident is a case for streaming: its movements' side file and size; else undefined. */
async function streamPlan(header: IncidentHeader, options: FileReplayOptions): Promise<StreamPlan | undefined> {
  if (header.problems.count > 0 || header.declared.startMs === undefined || header.declared.endMs === undefined) return undefined;
  const node = header.get('movements');
  if (node === undefined || !isMap(node) || node.has('columns')) return undefined;
  const name = node.get('file');
  const format = node.get('format');
  if (typeof name !== 'string') return undefined;
  const ndjson = format === undefined ? ['.ndjson', '.jsonl'].includes(extname(name).toLowerCase()) : format === 'ndjson' || format === 'jsonl';
  if (!ndjson) return undefined;
  if (options.stream === false) return undefined;
  const cores = availableParallelism();
  if (options.thread !== false && options.stream !== true && (cores < 2 || loadavg()[0]! > cores - 1)) return undefined;
  const path = isAbsolute(name) ? name : join(header.baseDirectory, name);
  const bytes = await stat(path).then(
    (stats) => (stats.isFile() ? stats.size : -1),
    () => -1,
  );
  if (bytes < (options.streamMinBytes ?? STREAM_MIN_BYTES)) return undefined;
  return { node, bytes };
}

type StreamOutcome = { incident: Incident; report: ReplayReport; replayedAgain: boolean } | { abandoned: string };

/** The streamed load and run; `abandoned` says why it gave up (the caller falls back). */
async function streamReplay(header: IncidentHeader, plan: StreamPlan, options: FileReplayOptions): Promise<StreamOutcome> {
  const { source, problems, get, baseDirectory } = header;
  const specSink = new MovementSink(header.byName, header.skus, header.bounds);
  const file = await readFileSpec(source, plan.node, specSink, baseDirectory);
  if (file === undefined || problems.count > 0 || file.format !== 'ndjson' || file.columns !== undefined) return { abandoned: 'the movements file reference' };
  const rangeBytes = options.rangeBytes ?? rangeBytesFor(plan.bytes);
  const request: StreamRequest = {
    path: file.path,
    displayPath: file.displayPath,
    bytes: plan.bytes,
    systems: header.systems.map((system) => system.name),
    bounds: { ...header.bounds },
    fastLines: options.fastLines !== false,
    maxProblemsPerFile: problems.maxProblemsPerFile,
    rangeBytes,
    ...(options.lagMs !== undefined ? { lagMs: options.lagMs } : {}),
  };
  // The first pass over the file is shared: the reader takes the first half, this thread the second.
  const half = plan.bytes < 2 ? plan.bytes : await lineStartAfter(file.path, Math.floor(plan.bytes / 2), plan.bytes);
  request.firstPassEnd = half;
  const reader = startReader(request, options.thread !== false);
  try {
    // The other sections, while the reader's first pass collects the file's SKUs.
    const { observationSink, logSink } = otherRecordSinks(header);
    await readRecordSection(source, get('observations'), observationSink, baseDirectory, problems);
    await readRecordSection(source, get('logs'), logSink, baseDirectory, problems);
    if (problems.count > 0) return { abandoned: 'a problem outside the movements' };
    const second = await collectSkus(file.path, rangeBytes, { start: half, end: plan.bytes });
    const first = await reader.next();
    if (first.kind !== 'skus') return { abandoned: first.kind === 'abandon' ? first.reason : 'the reader' };
    const named = new Set(header.skus.inOrder());
    for (const name of first.names) header.skus.intern(name);
    for (const name of second.names) header.skus.intern(name);
    const tables = resolveTables(header, { minMs: Infinity, maxMs: -Infinity }, observationSink, options);
    if (problems.count > 0 || tables.window === undefined || header.name === undefined) return { abandoned: 'a problem outside the movements' };
    const names = tables.table.names;
    const loaded = assembleIncident(header, tables, MovementStore.from([]), observationSink.observations, logSink.logs);
    let corrections: StartingCount[];
    try {
      corrections = readStartingCounts(loaded, options.startingCounts ?? []);
    } catch (error) {
      if (error instanceof InputError) return { abandoned: 'a starting count' };
      throw error;
    }
    // The engine's incident: its movements grow as the reader hands rows over.
    const live: Incident = { ...withStartingCounts(loaded, corrections) };
    reader.send({ kind: 'table', names, cuts: second.cuts });
    let turnedAway = 0;
    const simulation = new Simulation(live, {
      faults: live.faults,
      allRefsMayRecur: true,
      transport: (state) => countingTurnedAway(new InProcessTransport(live, state), () => turnedAway++),
    });
    for (;;) {
      const message = await reader.next();
      if (message.kind === 'rows') {
        live.movements = MovementStore.fromColumns(message.columns);
        // Every event before the watermark: no movement still to come is earlier.
        await simulation.runUntil(message.watermarkMs - 1);
      } else if (message.kind === 'done') {
        const used = message.used;
        for (let index = 0; index < names.length; index++) {
          if (used[index] !== 1 && !named.has(names[index]!)) return { abandoned: `a SKU no valid row has (${JSON.stringify(names[index])})` };
        }
        const movements = MovementStore.fromColumns(message.columns);
        live.movements = movements;
        const run = await simulation.run();
        // A new object: key recurrence is cached per incident, and `live`'s was taken with no rows.
        const incident: Incident = { ...live };
        if (turnedAway > 0) return { incident, report: await replay(incident, { faults: incident.faults }), replayedAgain: true };
        return { incident, report: reportOf(incident, run), replayedAgain: false };
      } else {
        return { abandoned: message.kind === 'abandon' ? message.reason : 'the reader' };
      }
    }
  } finally {
    reader.close();
  }
}

interface Reader {
  /** The next message; of several `rows` waiting, the latest (it covers the others). */
  next(): Promise<StreamMessage>;
  send(command: StreamCommand): void;
  close(): void;
}

/** Starts the reader on a worker thread (or, `thread` false, on this one). */
function startReader(request: StreamRequest, thread: boolean): Reader {
  const queue: StreamMessage[] = [];
  let wake: (() => void) | undefined;
  const receive = (message: StreamMessage): void => {
    queue.push(message);
    wake?.();
  };
  let send: (command: StreamCommand) => void;
  let close: () => void;
  if (thread) {
    const worker = new Worker(workerScript(), { workerData: request });
    worker.on('message', receive);
    worker.on('error', (error) => receive({ kind: 'abandon', reason: `reader thread: ${error.message}` }));
    worker.on('exit', (code) => receive({ kind: 'abandon', reason: `reader thread exited with ${code}` }));
    send = (command) => worker.postMessage(command);
    close = () => {
      worker.removeAllListeners();
      void worker.terminate();
    };
  } else {
    let listener: ((command: StreamCommand) => void) | undefined;
    let closed = false;
    const port: ReaderPort = {
      postMessage: (message) => {
        if (!closed) receive(message);
      },
      on: (_event, callback) => (listener = callback),
    };
    void readMovementStream(request, port);
    send = (command) => listener?.(command);
    close = () => {
      listener?.({ kind: 'stop' });
      closed = true;
    };
  }
  return {
    async next() {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      let message = queue.shift()!;
      while (message.kind === 'rows' && queue[0]?.kind === 'rows') message = queue.shift()!;
      return message;
    },
    send: (command) => send(command),
    close: () => close(),
  };
}

/** `transport`, counting the deliveries it turns away (an idempotent target's repeats). */
function countingTurnedAway(transport: Transport, count: () => void): Transport {
  return {
    ...(transport.start ? { start: () => transport.start!() } : {}),
    ...(transport.stop ? { stop: () => transport.stop!() } : {}),
    deliver(message) {
      const result = transport.deliver(message);
      if (result instanceof Promise) throw new Error('the streamed replay runs the in-process transport only');
      if (!result.applied) count();
      return result;
    },
  };
}

/** The compiled worker script (tests run the sources; the worker runs the build). */
function workerScript(): URL {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return new URL('../../dist/src/io/stream-movements-worker.js', import.meta.url);
  return new URL('./stream-movements-worker.js', import.meta.url);
}
