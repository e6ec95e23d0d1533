/**
 * Reading a large NDJSON movement file on two threads: this one reads the first half while a
 * worker thread reads the second, each into its own columns, and the second half's rows are
 * then appended to the first's.
 *
 * The answer is the one a single read gives, byte for byte: the file is cut at a line's
 * start; the worker numbers its lines and records from 1 and 0, and this thread moves its
 * problems on by the first half's counts and adds them after its own, under the same cap
 * per file; the worker's SKU and actor indices are mapped to this thread's; and the rows
 * are kept in stable time order across the cut (the store moves the second half's early
 * rows back, or sorts). Should the worker fail to start (no built worker script), this
 * thread reads the second half itself.
 */
import { open } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MovementColumns } from '../sim/movement-store.js';
import { MovementLineParser } from './movement-line-parser.js';
import { MovementSink } from './movement-sink.js';
import { ProblemList } from './problem-list.js';
import type { Problem } from './problems.js';
import type { WindowBounds } from './record-sink.js';
import { SkuInterner } from './sku-interner.js';
import { type RecordFile, streamNdjson } from './stream-records.js';

/** Below this size a file is read on one thread: a worker's start (~50 ms) would cost more than it saves. */
export const PARALLEL_MIN_BYTES = 32 << 20;

/** What the worker is asked to read. */
export interface MovementPartRequest {
  path: string;
  displayPath: string;
  start: number;
  end: number;
  systems: string[];
  bounds: WindowBounds;
  fastLines: boolean;
  maxProblemsPerFile: number;
}

/** What the worker read: its rows (on shared memory), and what the merge needs to number and map them. */
export interface MovementPart {
  columns: MovementColumns;
  /** The part's SKUs in the order its provisional indices give them. */
  skus: string[];
  lines: number;
  records: number;
  /** The problems it kept, in the order reported, lines and record indices counted from the part's start. */
  problems: Problem[];
  /** Every problem it counted, kept or not. */
  problemCount: number;
  minMs: number;
  maxMs: number;
}

export interface PartOptions {
  /** The interner the first half's SKUs went to (the second half's are added to it). */
  skus: SkuInterner;
  systems: readonly string[];
  bounds: WindowBounds;
  fastLines: boolean;
  /** Files smaller than this are read on one thread (default `PARALLEL_MIN_BYTES`). */
  minBytes?: number;
  /**
   * True: read in halves whenever there are two cores, however busy. Otherwise only when a
   * core is idle (the last minute's load average is at least one below the cores): on cores
   * busy with other work the second thread only adds its start and a copy of its half.
   */
  always?: boolean;
}

/**
 * Reads `file` (NDJSON in the spec's field names, `bytes` long) into `sink` on two threads;
 * false, having read nothing, when the file is too small, there is one core, or no core is
 * idle (see `PartOptions.always`).
 *
 * @example
 * sink.readInParts = (file, problems, bytes) => readMovementsInParts(file, sink, problems, bytes, { skus, systems: ['wms'], bounds, fastLines: true });
 */
export async function readMovementsInParts(file: RecordFile, sink: MovementSink, problems: ProblemList, bytes: number, options: PartOptions): Promise<boolean> {
  const cores = availableParallelism();
  if (bytes < (options.minBytes ?? PARALLEL_MIN_BYTES) || cores < 2) return false;
  if (options.always !== true && loadavg()[0]! > cores - 1) return false;
  const cut = await lineStartAfter(file.path, Math.floor(bytes / 2), bytes);
  if (cut <= 0 || cut >= bytes) return false;
  const request: MovementPartRequest = {
    path: file.path,
    displayPath: file.displayPath,
    start: cut,
    end: bytes,
    systems: [...options.systems],
    bounds: { ...options.bounds },
    fastLines: options.fastLines,
    maxProblemsPerFile: problems.maxProblemsPerFile,
  };
  const second = readPartOnWorker(request);
  // Nothing may reject unobserved while this thread reads the first half.
  second.catch(() => undefined);
  const first = await streamNdjson(file, sink, problems, { start: 0, end: cut, lines: 0, records: 0 });
  let part: MovementPart;
  try {
    part = await second;
  } catch {
    await streamNdjson(file, sink, problems, { start: cut, end: bytes, lines: first.lines, records: first.records });
    return true;
  }
  appendPart(sink, options.skus, problems, part, first.lines, first.records, file.displayPath);
  return true;
}

/**
 * Reads the part of a movement file `request` names, as the worker thread does.
 *
 * @example
 * const part = await readMovementPart({ path, displayPath: 'movements.ndjson', start: 4096, end: 8192, systems: ['wms'], bounds, fastLines: true, maxProblemsPerFile: 200 });
 */
export async function readMovementPart(request: MovementPartRequest): Promise<MovementPart> {
  const problems = new ProblemList(request.maxProblemsPerFile);
  const skus = new SkuInterner();
  const systems = new Map(request.systems.map((name, index) => [name, index]));
  const sink = new MovementSink(systems, skus, request.bounds, (bytes) => new SharedArrayBuffer(bytes));
  if (request.fastLines) sink.lineParser = new MovementLineParser(sink, skus, request.systems, request.bounds);
  sink.expectBytes(request.end - request.start, 'ndjson');
  const file: RecordFile = { path: request.path, displayPath: request.displayPath, format: 'ndjson' };
  const progress = await streamNdjson(file, sink, problems, { start: request.start, end: request.end, lines: 0, records: 0 });
  const store = sink.movements.finish();
  return {
    columns: store.columns(),
    skus: skus.inOrder(),
    lines: progress.lines,
    records: progress.records,
    problems: [...problems.inOrder()],
    problemCount: problems.count,
    minMs: sink.minMs,
    maxMs: sink.maxMs,
  };
}

function readPartOnWorker(request: MovementPartRequest): Promise<MovementPart> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript(), { workerData: request });
    let answered = false;
    worker.once('message', (part: MovementPart) => {
      answered = true;
      resolve(part);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`movement reader thread exited with ${code}`));
    });
  });
}

/** The compiled worker script (tests run the sources; the worker runs the build). */
function workerScript(): URL {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return new URL('../../dist/src/io/movement-part-worker.js', import.meta.url);
  return new URL('./movement-part-worker.js', import.meta.url);
}

/**
 * The first byte of the first line that starts at or after `offset` (`bytes` when none does).
 *
 * @example
 * const cut = await lineStartAfter('movements.ndjson', size / 2, size);
 */
export async function lineStartAfter(path: string, offset: number, bytes: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 16);
    // The line containing byte offset - 1 ends somewhere at or after it.
    for (let at = offset - 1; at < bytes; at += buffer.length) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
      if (bytesRead === 0) break;
      const newline = buffer.subarray(0, bytesRead).indexOf(10);
      if (newline >= 0) return at + newline + 1;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

/** Adds the worker's rows, problems and time span to this thread's, as if read in sequence. */
function appendPart(sink: MovementSink, skus: SkuInterner, problems: ProblemList, part: MovementPart, lines: number, records: number, file: string): void {
  for (const problem of part.problems) {
    if (problems.isFull(file)) {
      problems.countDropped(file);
      continue;
    }
    problems.add({ ...problem, ...(problem.line !== undefined ? { line: problem.line + lines } : {}), path: renumber(problem.path, records) });
  }
  for (let dropped = part.problems.length; dropped < part.problemCount; dropped++) problems.countDropped(file);
  const skuMap = Int32Array.from(part.skus, (sku) => skus.intern(sku));
  const actorMap = Int32Array.from(part.columns.actors, (actor) => sink.movements.actorCode(actor));
  sink.movements.appendColumns(part.columns, skuMap, actorMap);
  if (part.minMs <= part.maxMs) {
    sink.noteTime(part.minMs);
    sink.noteTime(part.maxMs);
  }
}

/** `movements[3].qty` -> `movements[3 + records].qty`. */
function renumber(path: string, records: number): string {
  const match = /^movements\[(\d+)\]/.exec(path);
  return match ? `movements[${Number(match[1]) + records}]${path.slice(match[0].length)}` : path;
}
