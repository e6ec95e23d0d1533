/**
 * The log lines of an incident (middleware, API and webhook logs kept as evidence), stored
 * by column.
 *
 * A large export has hundreds of thousands of lines, most repeating a handful of components,
 * codes and messages. Here a row is its time (8 bytes), its level (1 byte) and four 4-byte
 * indices into one table of distinct strings (component, code, SKU, message; -1 when the
 * line has none): a repeated message is one string, however many lines carry it.
 *
 * Code that wants a `LogLine` object (reports, writers, tests) iterates the store with
 * `for...of`, or asks `at(i)`: both build the object on the spot, leaving out the fields a
 * line does not have. Nothing here needs Node: the browser report uses it as is. The columns
 * may live in a `SharedArrayBuffer` (the caller passes the allocator), so worker threads can
 * share them (src/adapters/shared-movements.ts).
 *
 * @example
 * const store = LogStore.from([{ atMs: 0, component: 'wms->erp', level: 'error', code: '429' }]);
 * store.componentAt(0); // 'wms->erp'
 * store.codeAt(0); // '429'
 * store.messageAt(0); // undefined
 * store.at(0); // { atMs: 0, component: 'wms->erp', level: 'error', code: '429' }
 */
import type { LogLevel, LogLine } from './model.js';
import { type ColumnAllocator, timeOrder } from './movement-store.js';
import { permute } from './observation-store.js';

/** The levels a log line may have; `level[i]` is an index into this list. */
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info'];
const LEVEL_CODE: ReadonlyMap<string, number> = new Map(LOG_LEVELS.map((level, index) => [level, index]));

/** The columns of a store as plain data: what crosses to a worker thread or through the cluster wire. */
export interface LogColumns {
  length: number;
  atMs: Float64Array;
  /** Index into `LOG_LEVELS`. */
  level: Uint8Array;
  /** Indices into `strings`; -1 (code, SKU, message) when the line has none. */
  component: Int32Array;
  code: Int32Array;
  sku: Int32Array;
  message: Int32Array;
  /** The distinct texts of the four string fields, in order of first appearance. */
  strings: string[];
}

const plainAllocator: ColumnAllocator = (bytes) => new ArrayBuffer(bytes);

export class LogStore implements Iterable<LogLine> {
  readonly length: number;
  readonly atMs: Float64Array;
  readonly level: Uint8Array;
  readonly component: Int32Array;
  readonly code: Int32Array;
  readonly sku: Int32Array;
  readonly message: Int32Array;
  readonly strings: readonly string[];

  private constructor(columns: LogColumns) {
    this.length = columns.length;
    this.atMs = columns.atMs;
    this.level = columns.level;
    this.component = columns.component;
    this.code = columns.code;
    this.sku = columns.sku;
    this.message = columns.message;
    this.strings = columns.strings;
  }

  /**
   * A store of `lines`, sorted by time (ties keep the given order): for code that builds an
   * incident by hand (tests, fixtures, generators).
   *
   * @example
   * LogStore.from([]).length; // 0
   */
  static from(lines: Iterable<LogLine>, options: { allocate?: ColumnAllocator } = {}): LogStore {
    const builder = new LogStoreBuilder({ allocate: options.allocate });
    if (Array.isArray(lines)) builder.reserve(lines.length);
    for (const line of lines) builder.add(line);
    return builder.finish();
  }

  /**
   * A store over existing columns (a worker thread's view of the columns another thread
   * loaded); nothing is copied.
   *
   * @example
   * const copy = LogStore.fromColumns(store.columns());
   */
  static fromColumns(columns: LogColumns): LogStore {
    return new LogStore(columns);
  }

  /** The columns as plain data, for `fromColumns` on the other side of a thread boundary. */
  columns(): LogColumns {
    return {
      length: this.length,
      atMs: this.atMs,
      level: this.level,
      component: this.component,
      code: this.code,
      sku: this.sku,
      message: this.message,
      strings: [...this.strings],
    };
  }

  levelAt(index: number): LogLevel {
    return LOG_LEVELS[this.level[index]!]!;
  }

  componentAt(index: number): string {
    return this.strings[this.component[index]!]!;
  }

  codeAt(index: number): string | undefined {
    return this.text(this.code[index]!);
  }

  skuAt(index: number): string | undefined {
    return this.text(this.sku[index]!);
  }

  messageAt(index: number): string | undefined {
    return this.text(this.message[index]!);
  }

  /**
   * Row `index` as a `LogLine` object (built on each call: not for hot loops), absent fields
   * left out; a negative index counts back from the end, as `Array.prototype.at` does.
   */
  at(index: number): LogLine {
    if (index < 0) index += this.length;
    if (!(index >= 0 && index < this.length)) throw new RangeError(`log line ${index} of ${this.length}`);
    const line: LogLine = { atMs: this.atMs[index]!, component: this.componentAt(index), level: this.levelAt(index) };
    const code = this.codeAt(index);
    const sku = this.skuAt(index);
    const message = this.messageAt(index);
    if (code !== undefined) line.code = code;
    if (sku !== undefined) line.sku = sku;
    if (message !== undefined) line.message = message;
    return line;
  }

  *[Symbol.iterator](): Iterator<LogLine> {
    for (let index = 0; index < this.length; index++) yield this.at(index);
  }

  private text(code: number): string | undefined {
    return code < 0 ? undefined : this.strings[code];
  }
}

/** Rows a builder holds before it first grows, when nobody said how many to expect. */
const INITIAL_ROWS = 256;

/**
 * Collects log lines row by row (the loader calls it once per record while a file streams),
 * then `finish` makes the store. The columns double as they fill; `finish` sorts them by
 * time, stably, when the lines did not come in time order.
 *
 * @example
 * const builder = new LogStoreBuilder();
 * builder.push(1772442000000, 'wms->erp', 'warn', '429', undefined, 'rate limited');
 * builder.finish().at(0); // { atMs: 1772442000000, component: 'wms->erp', level: 'warn', code: '429', message: 'rate limited' }
 */
export class LogStoreBuilder {
  private readonly allocate: ColumnAllocator;
  private capacity = 0;
  private count = 0;
  private atMs: Float64Array = new Float64Array(0);
  private level: Uint8Array = new Uint8Array(0);
  private component: Int32Array = new Int32Array(0);
  private code: Int32Array = new Int32Array(0);
  private sku: Int32Array = new Int32Array(0);
  private message: Int32Array = new Int32Array(0);
  private strings: string[] = [];
  private stringCode = new Map<string, number>();
  private lastMs = -Infinity;
  private sorted = true;

  /** `allocate` makes the columns' memory (shared memory for worker threads; `ArrayBuffer` by default). */
  constructor(options: { allocate?: ColumnAllocator | undefined } = {}) {
    this.allocate = options.allocate ?? plainAllocator;
  }

  get length(): number {
    return this.count;
  }

  /** Makes room for at least `rows` more rows (more still fit, by growing). */
  reserve(rows: number): void {
    if (this.count + rows > this.capacity) this.resize(this.count + rows);
  }

  /** Appends a line; `code`, `sku` and `message` undefined when the line has none. */
  push(atMs: number, component: string, level: LogLevel, code: string | undefined, sku: string | undefined, message: string | undefined): void {
    const levelCode = LEVEL_CODE.get(level);
    if (levelCode === undefined) throw new RangeError(`unknown log level ${level}`);
    const row = this.count;
    if (row === this.capacity) this.resize(Math.max(INITIAL_ROWS, row * 2));
    this.atMs[row] = atMs;
    this.level[row] = levelCode;
    this.component[row] = this.intern(component);
    this.code[row] = code === undefined ? -1 : this.intern(code);
    this.sku[row] = sku === undefined ? -1 : this.intern(sku);
    this.message[row] = message === undefined ? -1 : this.intern(message);
    this.count = row + 1;
    if (!(atMs >= this.lastMs)) this.sorted = false;
    else this.lastMs = atMs;
  }

  /** Appends a `LogLine` object (the cold path: fixtures and tests). */
  add(line: LogLine): void {
    this.push(line.atMs, line.component, line.level, line.code, line.sku, line.message);
  }

  /** The store: rows sorted by time (ties keep the order they were added). The builder is empty afterwards. */
  finish(): LogStore {
    const length = this.count;
    let atMs: Float64Array = this.atMs.subarray(0, length);
    let level: Uint8Array = this.level.subarray(0, length);
    let component: Int32Array = this.component.subarray(0, length);
    let code: Int32Array = this.code.subarray(0, length);
    let sku: Int32Array = this.sku.subarray(0, length);
    let message: Int32Array = this.message.subarray(0, length);
    if (!this.sorted) {
      const order = timeOrder(atMs);
      const size = Math.max(length, 1);
      const ints = (column: Int32Array) => permute(column, order, new Int32Array(this.allocate(size * 4), 0, length));
      atMs = permute(atMs, order, new Float64Array(this.allocate(size * 8), 0, length));
      level = permute(level, order, new Uint8Array(this.allocate(size), 0, length));
      component = ints(component);
      code = ints(code);
      sku = ints(sku);
      message = ints(message);
      this.renumberStrings(length, component, code, sku, message);
    }
    const store = LogStore.fromColumns({ length, atMs, level, component, code, sku, message, strings: this.strings });
    this.capacity = 0;
    this.count = 0;
    this.atMs = new Float64Array(0);
    this.level = new Uint8Array(0);
    this.component = new Int32Array(0);
    this.code = new Int32Array(0);
    this.sku = new Int32Array(0);
    this.message = new Int32Array(0);
    this.strings = [];
    this.stringCode = new Map();
    this.lastMs = -Infinity;
    this.sorted = true;
    return store;
  }

  /**
   * Renumbers the strings in order of first appearance in the sorted rows, so that a store's
   * columns depend only on its lines (as if they had been added in time order), not on the
   * order they came in.
   */
  private renumberStrings(length: number, ...columns: Int32Array[]): void {
    const renumber = new Int32Array(this.strings.length).fill(-1);
    const strings: string[] = [];
    for (let row = 0; row < length; row++) {
      for (const column of columns) {
        const code = column[row]!;
        if (code < 0) continue;
        let next = renumber[code]!;
        if (next < 0) {
          next = strings.length;
          renumber[code] = next;
          strings.push(this.strings[code]!);
        }
        column[row] = next;
      }
    }
    this.strings = strings;
  }

  private intern(text: string): number {
    let code = this.stringCode.get(text);
    if (code === undefined) {
      code = this.strings.length;
      this.strings.push(text);
      this.stringCode.set(text, code);
    }
    return code;
  }

  private resize(rows: number): void {
    const allocate = this.allocate;
    const length = this.count;
    const grown = <T extends Float64Array | Int32Array | Uint8Array>(column: T, fresh: T): T => {
      fresh.set(column.subarray(0, length) as never);
      return fresh;
    };
    this.atMs = grown(this.atMs, new Float64Array(allocate(rows * 8)));
    this.level = grown(this.level, new Uint8Array(allocate(rows)));
    this.component = grown(this.component, new Int32Array(allocate(rows * 4)));
    this.code = grown(this.code, new Int32Array(allocate(rows * 4)));
    this.sku = grown(this.sku, new Int32Array(allocate(rows * 4)));
    this.message = grown(this.message, new Int32Array(allocate(rows * 4)));
    this.capacity = rows;
  }
}
