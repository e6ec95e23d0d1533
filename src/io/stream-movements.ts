/**
 * The reading side of a streamed replay (stream-replay.ts): reads an NDJSON movement file on
 * a worker thread while the main thread replays the rows already read.
 *
 * 1. A first pass over the file's bytes collects its SKUs (the `"sku":"..."` of the usual
 *    line shape, `JSON.parse` for any other line) and cuts the file into ranges at line starts.
 *    The main thread sorts them with the incident's other SKUs into the final table.
 * 2. Given that table, the file is parsed range by range with the loader's own sink and line
 *    parser into one columnar store on shared memory; SKUs are interned straight to their
 *    final indices. After each range the rows below a watermark (the latest time seen less a
 *    lag) are handed over: the store's first rows, as views (nothing is copied). From then on
 *    no row may land below the watermark.
 * 3. At the end the finished store goes over, with which SKUs the rows used.
 *
 * Whatever the streamed run cannot take makes the reader stop and say why (`abandon`), and
 * the main thread falls back to load-then-replay, which gives the answer (or the problems)
 * of today: a row later than the watermark, a SKU the first pass did not see, any problem at
 * all, rows too far out of order for the store to move them into place, an unreadable file.
 */
import { open, stat } from 'node:fs/promises';
import type { MovementColumns } from '../sim/movement-store.js';
import { MovementLineParser, SkuBytesTable } from './movement-line-parser.js';
import { MovementSink } from './movement-sink.js';
import { ProblemList } from './problem-list.js';
import type { Problem } from './problems.js';
import type { WindowBounds } from './record-sink.js';
import { SkuInterner } from './sku-interner.js';
import { type RecordFile, streamNdjson } from './stream-records.js';

/** What the reader is asked to read. */
export interface StreamRequest {
  path: string;
  displayPath: string;
  /** The file's size. */
  bytes: number;
  systems: string[];
  bounds: WindowBounds;
  fastLines: boolean;
  maxProblemsPerFile: number;
  /**
   * The first pass reads the file up to here; the main thread reads the rest at the same
   * time and sends its SKUs and cuts with the table. The file's size when left out.
   */
  firstPassEnd?: number;
  /** Bytes per range handed over at once (default a 32nd of the file, at least 2 MiB). */
  rangeBytes?: number;
  /** The least the watermark stays behind the latest time read (default an hour). */
  lagMs?: number;
}

/** Reader -> main thread. */
export type StreamMessage =
  | { kind: 'skus'; names: string[] }
  /** Every row of `columns` is final; no row earlier than `watermarkMs` will come. */
  | { kind: 'rows'; columns: MovementColumns; watermarkMs: number }
  /** The finished store (final SKU indices), and used[i] = 1 when a row has SKU i. */
  | { kind: 'done'; columns: MovementColumns; used: Uint8Array }
  | { kind: 'abandon'; reason: string };

/** Main thread -> reader: the final SKU table and the cuts after `firstPassEnd` (then the rows), or stop. */
export type StreamCommand = { kind: 'table'; names: string[]; cuts: number[] } | { kind: 'stop' };

/** The side of a `MessagePort` (or `parentPort`) the reader uses. */
export interface ReaderPort {
  postMessage(message: StreamMessage): void;
  on(event: 'message', listener: (command: StreamCommand) => void): unknown;
}

/**
 * The size of the ranges a file of `bytes` is handed over in: at least 2 MiB, and about 32
 * ranges at most (each opens the file again).
 *
 * @example
 * rangeBytesFor(1 << 30); // 33554432
 */
export function rangeBytesFor(bytes: number): number {
  return Math.max(2 << 20, Math.ceil(bytes / 32));
}

const DEFAULT_LAG_MS = 60 * 60 * 1000;

/** Why the reader stops; it says so to the main thread, which falls back. */
class Abandon extends Error {}

/**
 * Reads `request`'s file as described above, talking over `port`; returns when done,
 * abandoned or stopped.
 *
 * @example
 * const { port1, port2 } = new MessageChannel();
 * void readMovementStream(request, port2); // port1 receives 'skus', answers 'table', then receives rows
 */
export async function readMovementStream(request: StreamRequest, port: ReaderPort): Promise<void> {
  const commands: StreamCommand[] = [];
  let wake: (() => void) | undefined;
  let stopped = false;
  port.on('message', (command) => {
    if (command.kind === 'stop') stopped = true;
    commands.push(command);
    wake?.();
  });
  const nextCommand = async (): Promise<StreamCommand> => {
    while (commands.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return commands.shift()!;
  };
  try {
    const rangeBytes = request.rangeBytes ?? rangeBytesFor(request.bytes);
    const { names, cuts } = await collectSkus(request.path, rangeBytes, { start: 0, end: request.firstPassEnd ?? request.bytes });
    port.postMessage({ kind: 'skus', names });
    const command = await nextCommand();
    if (command.kind !== 'table' || stopped) return;
    // The main thread's cuts start where these end.
    await readRows(request, command.names, [...cuts.slice(0, -1), ...command.cuts], port, () => stopped);
  } catch (error) {
    port.postMessage({ kind: 'abandon', reason: error instanceof Abandon ? error.message : `reading failed: ${(error as Error).message}` });
  }
}

/**
 * The SKUs named in an NDJSON movement file, or in its bytes `part.start..part.end` (from a
 * line's start): a superset of those its valid rows have. And that part cut into ranges of
 * about `rangeBytes` at line starts (`cuts[0]` is the part's start, the last its end).
 *
 * @example
 * const { names, cuts } = await collectSkus('movements.ndjson', 2 << 20);
 */
export async function collectSkus(path: string, rangeBytes: number, part?: { start: number; end: number }): Promise<{ names: string[]; cuts: number[] }> {
  const interner = new SkuInterner();
  const table = new SkuBytesTable(interner);
  let offset = part?.start ?? 0;
  const cuts = [offset];
  if (part !== undefined && part.end <= part.start) return { names: [], cuts };
  const onLine = (bytes: Buffer, start: number, end: number, keyAt: number): void => {
    if (keyAt >= start && keyAt < end) {
      const from = keyAt + SKU_KEY.length;
      let at = from;
      while (at < end) {
        const byte = bytes[at]!;
        if (byte === QUOTE || byte === BACKSLASH || byte >= 0x80 || byte < 0x20) break;
        at++;
      }
      if (at < end && bytes[at] === QUOTE && at > from) {
        table.lookup(bytes, from, at);
        return;
      }
    }
    // Any other line: as the general path reads it (a line that is no object, or has no
    // usable sku, has a problem, and the real parse finds it).
    let record: unknown;
    try {
      record = JSON.parse(bytes.toString('utf8', start, end));
    } catch {
      return;
    }
    if (record === null || typeof record !== 'object') return;
    const sku = (record as { sku?: unknown }).sku;
    if (typeof sku === 'string' && sku.length > 0) interner.intern(sku);
    else if (typeof sku === 'number' && Number.isFinite(sku)) interner.intern(String(sku));
  };
  // One buffer, read into again and again (a new 1 MiB buffer a read would only feed the
  // garbage collector); the unfinished last line moves to its front.
  const end = part?.end ?? (await stat(path)).size;
  const handle = await open(path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(1 << 20);
    let filled = 0;
    let position = offset;
    for (;;) {
      if (filled === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, filled, Math.min(buffer.length - filled, end - position), position);
      position += bytesRead;
      filled += bytesRead;
      const last = bytesRead === 0 || position >= end;
      let start = 0;
      // The next `"sku":"` at or after the line's start: found once, kept until passed, so
      // lines without it are not searched to the buffer's end again for every line. (What
      // lies past `filled` is old data: a match there is past every line read here.)
      let keyAt = -2;
      for (;;) {
        const newline = buffer.indexOf(10, start);
        if (newline < 0 || newline >= filled) break;
        if (keyAt !== -1 && keyAt < start) keyAt = buffer.indexOf(SKU_KEY, start);
        if (newline > start) onLine(buffer, start, newline, keyAt);
        start = newline + 1;
        if (offset + start - cuts[cuts.length - 1]! >= rangeBytes) cuts.push(offset + start);
      }
      if (last) {
        if (start < filled) onLine(buffer, start, filled, buffer.subarray(0, filled).indexOf(SKU_KEY, start));
        offset += filled;
        break;
      }
      buffer.copyWithin(0, start, filled);
      offset += start;
      filled -= start;
    }
  } finally {
    await handle.close();
  }
  if (cuts[cuts.length - 1]! < offset) cuts.push(offset);
  return { names: interner.inOrder(), cuts };
}

const SKU_KEY = Buffer.from('"sku":"');
const QUOTE = 34;
const BACKSLASH = 92;

/** A SKU table fixed in advance: indices are final; a SKU not in it stops the stream. */
class FixedSkuTable extends SkuInterner {
  readonly used: Uint8Array;

  constructor(names: readonly string[]) {
    super();
    for (const name of names) super.intern(name);
    this.used = new Uint8Array(names.length);
  }

  override intern(sku: string): number {
    if (!this.has(sku)) throw new Abandon(`a SKU the first pass did not see (${JSON.stringify(sku)})`);
    const index = super.intern(sku);
    this.used[index] = 1;
    return index;
  }
}

/** Any problem stops the stream: the load-then-replay fallback reports them all, in order. */
class StoppingProblemList extends ProblemList {
  override add(problem: Problem): void {
    throw new Abandon(`a problem (${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''} ${problem.path})`);
  }

  override countDropped(): void {
    throw new Abandon('a problem');
  }
}

/** The loader's movement sink, which also keeps the watermark promise and measures how late rows come. */
class StreamSink extends MovementSink {
  /** No row earlier than this may come any more (the rows below it are handed over). */
  promisedMs = -Infinity;
  /** The most a row came before the latest time read before it. */
  lateness = 0;

  override noteTime(atMs: number): void {
    if (atMs < this.promisedMs) throw new Abandon(`a row at ${atMs} after rows up to ${this.promisedMs} were replayed`);
    if (atMs < this.maxMs && this.maxMs - atMs > this.lateness) this.lateness = this.maxMs - atMs;
    super.noteTime(atMs);
  }
}

async function readRows(request: StreamRequest, names: readonly string[], cuts: readonly number[], port: ReaderPort, stopped: () => boolean): Promise<void> {
  const skus = new FixedSkuTable(names);
  const systems = new Map(request.systems.map((name, index) => [name, index]));
  const sink = new StreamSink(systems, skus, request.bounds, (bytes) => new SharedArrayBuffer(bytes));
  if (request.fastLines) sink.lineParser = new MovementLineParser(sink, skus, request.systems, request.bounds);
  sink.expectBytes(request.bytes, 'ndjson');
  const problems = new StoppingProblemList(request.maxProblemsPerFile);
  const file: RecordFile = { path: request.path, displayPath: request.displayPath, format: 'ndjson' };
  const lagMs = request.lagMs ?? DEFAULT_LAG_MS;
  const builder = sink.movements;
  let progress = { lines: 0, records: 0 };
  for (let range = 0; range + 1 < cuts.length; range++) {
    if (stopped()) return;
    progress = await streamNdjson(file, sink, problems, { start: cuts[range]!, end: cuts[range + 1]!, ...progress });
    if (!builder.inTimeOrder) throw new Abandon('rows too far out of time order to be moved into place');
    if (!(sink.maxMs > -Infinity)) continue;
    const watermarkMs = Math.max(sink.promisedMs, sink.maxMs - Math.max(lagMs, 4 * sink.lateness));
    if (!(watermarkMs > sink.promisedMs)) continue;
    const all = builder.peek(builder.length);
    const rows = firstAtOrAfter(all.atMs, watermarkMs);
    sink.promisedMs = watermarkMs;
    port.postMessage({ kind: 'rows', columns: builder.peek(rows), watermarkMs });
    // Let the main thread's answer (a stop) in between ranges.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (stopped()) return;
  const store = builder.finish();
  const columns = store.columns();
  port.postMessage({ kind: 'done', columns, used: skus.used });
}

/** The index of the first row at or after `ms` (the rows are in time order). */
function firstAtOrAfter(times: Float64Array, ms: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle]! < ms) low = middle + 1;
    else high = middle;
  }
  return low;
}
