/**
 * The recorded movements of an incident, stored by column.
 *
 * A month of a retailer's movements is millions of rows; as one object each (with a ref
 * string each) they cost hundreds of bytes a row and the garbage collector's attention. Here
 * a row is about 32 bytes in typed arrays plus its ref's characters in one shared byte arena:
 * ten million distinct refs are ten million byte ranges, not ten million JS strings.
 *
 * The engine and the search read the columns directly (`atMs[i]`, `sku[i]`, ...). Code that
 * wants a `Movement` object (reports, checks, tests) iterates the store with `for...of`, or
 * asks `at(i)`: both build the object on the spot, which is fine off the hot path.
 *
 * Rows are appended by a `MovementStoreBuilder` in fixed-size chunks, so a growing store
 * never holds an old and a new copy of everything at once; `finish` sorts by time (stable)
 * and lays each column out contiguously, one column at a time. Nothing here needs Node: the
 * browser report and the engine use it as is. The final columns may live in a
 * `SharedArrayBuffer` (the caller passes the allocator), so worker threads can share them.
 *
 * @example
 * const store = MovementStore.from([{ atMs: 0, system: 0, sku: 0, type: 'receipt', value: 5, absolute: false, sync: true, ref: 'PO-1' }]);
 * store.length; // 1
 * store.value[0]; // 5
 * store.refAt(0); // 'PO-1'
 * for (const movement of store) movement.type; // 'receipt'
 */
import { MOVEMENT_TYPES, type Movement, type MovementType } from './model.js';

/** `flags[i]` bits. */
export const MOVEMENT_ABSOLUTE = 1;
export const MOVEMENT_SYNC = 2;
export const MOVEMENT_HAS_REF = 4;
/** The ref is stored two bytes per UTF-16 unit (it has a unit above 0xff); else one byte per unit. */
export const MOVEMENT_WIDE_REF = 8;

/** The index of each movement type in `MOVEMENT_TYPES`, the code `typeIndex` holds. */
export const MOVEMENT_TYPE_CODE: ReadonlyMap<string, number> = new Map(MOVEMENT_TYPES.map((type, index) => [type, index]));

/** The columns of a store as plain data: what crosses to a worker thread (typed arrays over shared memory are shared, not copied). */
export interface MovementColumns {
  length: number;
  atMs: Float64Array;
  system: Uint16Array;
  sku: Int32Array;
  /** Index into `MOVEMENT_TYPES`. */
  typeIndex: Uint8Array;
  /** The signed delta, or the count set for absolute types. */
  value: Float64Array;
  flags: Uint8Array;
  /** Index into `actors`; -1 when the movement names none. */
  actorIndex: Int32Array;
  actors: string[];
  /** Row i's ref is `refBytes[refStart[i] .. refStart[i + 1])`; length + 1 entries. */
  refStart: Uint32Array;
  refBytes: Uint8Array;
}

/** Allocates the memory of a final column; `ArrayBuffer` unless the caller wants shared memory. */
export type ColumnAllocator = (bytes: number) => ArrayBufferLike;

const plainAllocator: ColumnAllocator = (bytes) => new ArrayBuffer(bytes);

export class MovementStore implements Iterable<Movement> {
  readonly length: number;
  readonly atMs: Float64Array;
  readonly system: Uint16Array;
  readonly sku: Int32Array;
  readonly typeIndex: Uint8Array;
  readonly value: Float64Array;
  readonly flags: Uint8Array;
  readonly actorIndex: Int32Array;
  readonly actors: readonly string[];
  readonly refStart: Uint32Array;
  readonly refBytes: Uint8Array;

  private constructor(columns: MovementColumns) {
    this.length = columns.length;
    this.atMs = columns.atMs;
    this.system = columns.system;
    this.sku = columns.sku;
    this.typeIndex = columns.typeIndex;
    this.value = columns.value;
    this.flags = columns.flags;
    this.actorIndex = columns.actorIndex;
    this.actors = columns.actors;
    this.refStart = columns.refStart;
    this.refBytes = columns.refBytes;
  }

  /**
   * A store of `movements`, sorted by time (ties keep the given order): for code that builds
   * an incident by hand (tests, fixtures).
   *
   * @example
   * MovementStore.from([]).length; // 0
   */
  static from(movements: Iterable<Movement>, allocate?: ColumnAllocator): MovementStore {
    const builder = new MovementStoreBuilder();
    for (const movement of movements) builder.add(movement);
    return builder.finish({ allocate });
  }

  /**
   * A store over existing columns (a worker thread's view of the columns another thread
   * loaded); nothing is copied.
   *
   * @example
   * const copy = MovementStore.fromColumns(store.columns());
   */
  static fromColumns(columns: MovementColumns): MovementStore {
    return new MovementStore(columns);
  }

  /** The columns as plain data, for `fromColumns` on the other side of a thread boundary. */
  columns(): MovementColumns {
    return {
      length: this.length,
      atMs: this.atMs,
      system: this.system,
      sku: this.sku,
      typeIndex: this.typeIndex,
      value: this.value,
      flags: this.flags,
      actorIndex: this.actorIndex,
      actors: [...this.actors],
      refStart: this.refStart,
      refBytes: this.refBytes,
    };
  }

  typeAt(index: number): MovementType {
    return MOVEMENT_TYPES[this.typeIndex[index]!]!;
  }

  isAbsolute(index: number): boolean {
    return (this.flags[index]! & MOVEMENT_ABSOLUTE) !== 0;
  }

  isSync(index: number): boolean {
    return (this.flags[index]! & MOVEMENT_SYNC) !== 0;
  }

  /** Row `index`'s ref, decoded from the arena (a new string each call); undefined when it has none. */
  refAt(index: number): string | undefined {
    const flags = this.flags[index]!;
    if ((flags & MOVEMENT_HAS_REF) === 0) return undefined;
    return decodeUnits(this.refBytes, this.refStart[index]!, this.refStart[index + 1]!, (flags & MOVEMENT_WIDE_REF) !== 0);
  }

  actorAt(index: number): string | undefined {
    const actor = this.actorIndex[index]!;
    return actor < 0 ? undefined : this.actors[actor];
  }

  /** Row `index` as a `Movement` object (built on each call: not for hot loops). */
  at(index: number): Movement {
    if (!(index >= 0 && index < this.length)) throw new RangeError(`movement ${index} of ${this.length}`);
    return {
      atMs: this.atMs[index]!,
      system: this.system[index]!,
      sku: this.sku[index]!,
      type: this.typeAt(index),
      value: this.value[index]!,
      absolute: this.isAbsolute(index),
      ref: this.refAt(index),
      actor: this.actorAt(index),
      sync: this.isSync(index),
    };
  }

  *[Symbol.iterator](): Iterator<Movement> {
    for (let index = 0; index < this.length; index++) yield this.at(index);
  }

  /**
   * Index of the first movement after `ms` (binary search over the time column).
   *
   * @example
   * store.firstAfter(store.atMs[0]! - 1); // 0
   */
  firstAfter(ms: number): number {
    const atMs = this.atMs;
    let low = 0;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (atMs[middle]! <= ms) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** Rows per chunk while building: big enough that chunk overhead is nothing, small enough that the last one wastes little. */
const CHUNK_SHIFT = 16;
const CHUNK_ROWS = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK_ROWS - 1;
/** Refs are at most this many bytes in the arena's offsets (Uint32). */
const MAX_ARENA_BYTES = 0xffff_ffff;

/** One chunk of rows while building; its ref bytes grow by doubling inside the chunk. */
class Chunk {
  atMs = new Float64Array(CHUNK_ROWS);
  system = new Uint16Array(CHUNK_ROWS);
  sku = new Int32Array(CHUNK_ROWS);
  typeIndex = new Uint8Array(CHUNK_ROWS);
  value = new Float64Array(CHUNK_ROWS);
  flags = new Uint8Array(CHUNK_ROWS);
  actorIndex = new Int32Array(CHUNK_ROWS);
  /** refEnd[row]: the end of the row's ref in `refBytes` (its start is the previous row's end). */
  refEnd = new Uint32Array(CHUNK_ROWS);
  refBytes: Uint8Array;
  refLength = 0;

  /** `refBytes` starts at the size the previous chunk's grew to: refs are usually alike. */
  constructor(refBytes: number) {
    this.refBytes = new Uint8Array(refBytes);
  }

  reserveRef(bytes: number): void {
    if (this.refLength + bytes <= this.refBytes.length) return;
    let size = this.refBytes.length * 2;
    while (size < this.refLength + bytes) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.refBytes.subarray(0, this.refLength));
    this.refBytes = grown;
  }
}

/**
 * Collects movements row by row (the loader calls it once per record while a file streams),
 * then `finish` makes the store.
 *
 * @example
 * const builder = new MovementStoreBuilder();
 * builder.push(1772442000000, 0, 0, MOVEMENT_TYPE_CODE.get('shipment')!, -2, MOVEMENT_SYNC, -1);
 * builder.finish().length; // 1
 */
export class MovementStoreBuilder {
  private readonly chunks: Chunk[] = [];
  private current: Chunk | undefined;
  private row = CHUNK_ROWS;
  private count = 0;
  private lastMs = -Infinity;
  private sorted = true;
  private readonly actorByName = new Map<string, number>();
  private readonly actors: string[] = [];
  private refTotal = 0;

  get length(): number {
    return this.count;
  }

  /** The index of `actor` in the store's actor table, adding it on first sight. */
  actorCode(actor: string): number {
    let code = this.actorByName.get(actor);
    if (code === undefined) {
      code = this.actors.length;
      this.actors.push(actor);
      this.actorByName.set(actor, code);
    }
    return code;
  }

  /**
   * Appends a row. `flags` takes `MOVEMENT_ABSOLUTE` and `MOVEMENT_SYNC` (the ref's bits are
   * set by `setRef`/`setRefBytes`, called right after for the same row); `actor` is an
   * `actorCode` or -1.
   */
  push(atMs: number, system: number, sku: number, typeIndex: number, value: number, flags: number, actor: number): void {
    if (this.row === CHUNK_ROWS) this.newChunk();
    const chunk = this.current!;
    const row = this.row++;
    chunk.atMs[row] = atMs;
    chunk.system[row] = system;
    chunk.sku[row] = sku;
    chunk.typeIndex[row] = typeIndex;
    chunk.value[row] = value;
    chunk.flags[row] = flags & (MOVEMENT_ABSOLUTE | MOVEMENT_SYNC);
    chunk.actorIndex[row] = actor;
    chunk.refEnd[row] = chunk.refLength;
    this.count++;
    if (atMs < this.lastMs) this.sorted = false;
    this.lastMs = atMs;
  }

  /** Gives the row just pushed its ref. */
  setRef(ref: string): void {
    const chunk = this.current!;
    const row = this.row - 1;
    const length = ref.length;
    let wide = false;
    for (let index = 0; index < length; index++) {
      if (ref.charCodeAt(index) > 0xff) {
        wide = true;
        break;
      }
    }
    const bytes = wide ? length * 2 : length;
    this.reserve(chunk, bytes);
    const target = chunk.refBytes;
    let at = chunk.refLength;
    if (wide) {
      for (let index = 0; index < length; index++) {
        const unit = ref.charCodeAt(index);
        target[at++] = unit & 0xff;
        target[at++] = unit >>> 8;
      }
    } else {
      for (let index = 0; index < length; index++) target[at++] = ref.charCodeAt(index);
    }
    chunk.refLength = at;
    chunk.refEnd[row] = at;
    chunk.flags[row] = chunk.flags[row]! | MOVEMENT_HAS_REF | (wide ? MOVEMENT_WIDE_REF : 0);
  }

  /**
   * Gives the row just pushed a ref of Latin-1 units (one byte each) copied from
   * `source[start, end)`: a parser that read ASCII bytes passes them without making a string.
   */
  setRefBytes(source: Uint8Array, start: number, end: number): void {
    const chunk = this.current!;
    const row = this.row - 1;
    this.reserve(chunk, end - start);
    // A loop, not set(subarray()): a ref is a few bytes, and a view per row is garbage.
    const target = chunk.refBytes;
    let at = chunk.refLength;
    for (let index = start; index < end; index++) target[at++] = source[index]!;
    chunk.refLength = at;
    chunk.refEnd[row] = at;
    chunk.flags[row] = chunk.flags[row]! | MOVEMENT_HAS_REF;
  }

  /** Appends a `Movement` object (the cold path: fixtures and tests). */
  add(movement: Movement): void {
    const type = MOVEMENT_TYPE_CODE.get(movement.type);
    if (type === undefined) throw new RangeError(`unknown movement type ${movement.type}`);
    const flags = (movement.absolute ? MOVEMENT_ABSOLUTE : 0) | (movement.sync ? MOVEMENT_SYNC : 0);
    this.push(movement.atMs, movement.system, movement.sku, type, movement.value, flags, movement.actor === undefined ? -1 : this.actorCode(movement.actor));
    if (movement.ref !== undefined) this.setRef(movement.ref);
  }

  /**
   * The store: rows sorted by time (ties keep the order they were added; a store added in
   * order costs no sort), SKU indices mapped through `skuRemap` when given. The builder is
   * empty afterwards.
   */
  finish(options: { skuRemap?: Int32Array; allocate?: ColumnAllocator | undefined } = {}): MovementStore {
    const allocate = options.allocate ?? plainAllocator;
    const length = this.count;
    const chunks = this.chunks;
    const order = this.sorted ? undefined : this.timeOrder();
    const remap = options.skuRemap;

    // One column at a time, each chunk's copy dropped once it is laid out: the peak is the
    // data once plus one column, never the data twice.
    const gather = <T extends Float64Array | Uint16Array | Int32Array | Uint8Array>(
      make: (buffer: ArrayBufferLike, length: number) => T,
      bytesPerRow: number,
      column: (chunk: Chunk) => T,
      drop: (chunk: Chunk) => void,
    ): T => {
      const target = make(allocate(Math.max(length, 1) * bytesPerRow), length);
      if (order === undefined) {
        chunks.forEach((chunk, index) => {
          const rows = Math.min(CHUNK_ROWS, length - index * CHUNK_ROWS);
          target.set(column(chunk).subarray(0, rows) as never, index * CHUNK_ROWS);
        });
      } else {
        const columns = chunks.map(column);
        for (let row = 0; row < length; row++) {
          const from = order[row]!;
          target[row] = columns[from >>> CHUNK_SHIFT]![from & CHUNK_MASK]!;
        }
      }
      chunks.forEach(drop);
      return target;
    };
    const empty = new Uint8Array(0);
    const atMs = gather((buffer, n) => new Float64Array(buffer, 0, n), 8, (c) => c.atMs, (c) => (c.atMs = new Float64Array(0)));
    const system = gather((buffer, n) => new Uint16Array(buffer, 0, n), 2, (c) => c.system, (c) => (c.system = new Uint16Array(0)));
    const sku = gather((buffer, n) => new Int32Array(buffer, 0, n), 4, (c) => c.sku, (c) => (c.sku = new Int32Array(0)));
    if (remap !== undefined) for (let row = 0; row < length; row++) sku[row] = remap[sku[row]!]!;
    const typeIndex = gather((buffer, n) => new Uint8Array(buffer, 0, n), 1, (c) => c.typeIndex, (c) => (c.typeIndex = empty));
    const value = gather((buffer, n) => new Float64Array(buffer, 0, n), 8, (c) => c.value, (c) => (c.value = new Float64Array(0)));
    const flags = gather((buffer, n) => new Uint8Array(buffer, 0, n), 1, (c) => c.flags, (c) => (c.flags = empty));
    const actorIndex = gather((buffer, n) => new Int32Array(buffer, 0, n), 4, (c) => c.actorIndex, (c) => (c.actorIndex = new Int32Array(0)));

    const refStart = new Uint32Array(allocate((length + 1) * 4), 0, length + 1);
    const refBytes = new Uint8Array(allocate(Math.max(this.refTotal, 1)), 0, this.refTotal);
    let at = 0;
    for (let row = 0; row < length; row++) {
      refStart[row] = at;
      const from = order === undefined ? row : order[row]!;
      const chunk = chunks[from >>> CHUNK_SHIFT]!;
      const inChunk = from & CHUNK_MASK;
      const end = chunk.refEnd[inChunk]!;
      const source = chunk.refBytes;
      for (let index = inChunk === 0 ? 0 : chunk.refEnd[inChunk - 1]!; index < end; index++) refBytes[at++] = source[index]!;
    }
    refStart[length] = at;

    const store = MovementStore.fromColumns({ length, atMs, system, sku, typeIndex, value, flags, actorIndex, actors: [...this.actors], refStart, refBytes });
    this.chunks.length = 0;
    this.current = undefined;
    this.row = CHUNK_ROWS;
    this.count = 0;
    this.refTotal = 0;
    this.sorted = true;
    this.lastMs = -Infinity;
    return store;
  }

  private newChunk(): void {
    this.current = new Chunk(this.current === undefined ? 1 << 16 : this.current.refBytes.length);
    this.chunks.push(this.current);
    this.row = 0;
  }

  private reserve(chunk: Chunk, bytes: number): void {
    if (this.refTotal + bytes > MAX_ARENA_BYTES) throw new RangeError('movement refs exceed 4 GiB');
    this.refTotal += bytes;
    chunk.reserveRef(bytes);
  }

  /**
   * Row numbers in time order, ties in the order added. Times are integer milliseconds, so a
   * least-significant-digit radix sort (stable, 16 bits a pass: two passes for a span under
   * 2^32 ms, about 49 days, three up to 2^48 ms) orders ten million rows in a few
   * linear passes, where a comparison sort would call a comparator hundreds of millions of
   * times. Times that are not integers fall back to that comparison sort.
   */
  private timeOrder(): Uint32Array {
    const length = this.count;
    const timeAt = (row: number): number => this.chunks[row >>> CHUNK_SHIFT]!.atMs[row & CHUNK_MASK]!;
    let min = Infinity;
    let max = -Infinity;
    let integers = true;
    for (let row = 0; row < length; row++) {
      const time = timeAt(row);
      if (time < min) min = time;
      if (time > max) max = time;
      if (!Number.isSafeInteger(time)) integers = false;
    }
    const order = new Uint32Array(length);
    for (let row = 0; row < length; row++) order[row] = row;
    if (!integers || !(max - min < 2 ** 48)) {
      order.sort((a, b) => timeAt(a) - timeAt(b) || a - b);
      return order;
    }
    // The offset from the earliest time, split in a low and a high 32-bit word.
    const low = new Uint32Array(length);
    const high = max - min >= 2 ** 32 ? new Uint32Array(length) : undefined;
    for (let row = 0; row < length; row++) {
      const offset = timeAt(row) - min;
      low[row] = offset >>> 0;
      if (high !== undefined) high[row] = Math.floor(offset / 2 ** 32);
    }
    const passes = high === undefined ? (max - min < 2 ** 16 ? 1 : 2) : max - min < 2 ** 48 ? 3 : 4;
    let from = order;
    let to = new Uint32Array(length);
    const counts = new Uint32Array(1 << 16);
    for (let pass = 0; pass < passes; pass++) {
      const words = pass < 2 ? low : high!;
      const shift = (pass & 1) * 16;
      counts.fill(0);
      for (let row = 0; row < length; row++) counts[(words[from[row]!]! >>> shift) & 0xffff]!++;
      let total = 0;
      for (let digit = 0; digit < counts.length; digit++) {
        const count = counts[digit]!;
        counts[digit] = total;
        total += count;
      }
      for (let row = 0; row < length; row++) {
        const item = from[row]!;
        to[counts[(words[item]! >>> shift) & 0xffff]!++] = item;
      }
      [from, to] = [to, from];
    }
    return from;
  }
}

/** A ref's text from its units in `bytes[start, end)`: one byte per unit, or two (little-endian) when `wide`. */
function decodeUnits(bytes: Uint8Array, start: number, end: number, wide: boolean): string {
  let text = '';
  if (wide) {
    for (let at = start; at < end; at += 2) text += String.fromCharCode(bytes[at]! | (bytes[at + 1]! << 8));
    return text;
  }
  // One byte per unit is Latin-1, so the units are the char codes (no decoder needed).
  if (end - start <= 4096) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  for (let at = start; at < end; at++) text += String.fromCharCode(bytes[at]!);
  return text;
}
