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
 * Rows are appended by a `MovementStoreBuilder` straight into the final columns, made as
 * large as the input can need at once (untouched room costs address space, not memory), so
 * a file in time order is never copied; `finish` sorts one that is not (stable), one column
 * at a time. Nothing here needs Node: the browser report and the engine use it as is. The
 * columns may live in a
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

/** Stores of at most this many rows keep their decoded refs (a few megabytes at most). */
const REF_CACHE_ROWS = 250_000;

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
  /** Refs decoded so far, by row (small stores only: see `refAt`). */
  private refCache: (string | undefined)[] | undefined;

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
    const builder = new MovementStoreBuilder({ allocate });
    if (Array.isArray(movements)) builder.reserve(movements.length, 0);
    for (const movement of movements) builder.add(movement);
    return builder.finish();
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

  /**
   * Row `index`'s ref, decoded from the arena; undefined when it has none. A store of at most
   * REF_CACHE_ROWS rows keeps each decoded ref (the search replays one incident thousands of
   * times, and decoding was a sixth of a replay); a larger one decodes on every call, so ten
   * million rows still cost no ten million strings.
   */
  refAt(index: number): string | undefined {
    const flags = this.flags[index]!;
    if ((flags & MOVEMENT_HAS_REF) === 0) return undefined;
    if (this.length > REF_CACHE_ROWS) return decodeUnits(this.refBytes, this.refStart[index]!, this.refStart[index + 1]!, (flags & MOVEMENT_WIDE_REF) !== 0);
    const cache = (this.refCache ??= new Array<string | undefined>(this.length));
    return (cache[index] ??= decodeUnits(this.refBytes, this.refStart[index]!, this.refStart[index + 1]!, (flags & MOVEMENT_WIDE_REF) !== 0));
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

/** Rows a builder holds before it first grows, when nobody said how many to expect. */
const INITIAL_ROWS = 1024;
/** Refs are at most this many bytes in the arena's offsets (Uint32). */
const MAX_ARENA_BYTES = 0xffff_ffff;

/**
 * Collects movements row by row (the loader calls it once per record while a file streams),
 * then `finish` makes the store.
 *
 * Rows go straight into the store's final columns. A reader that knows how large its input
 * is (`reserve`: a side file's size bounds its rows) has them made that large at once: a
 * column's memory is only taken by the operating system where rows are written, so room
 * reserved and not used costs address space, not memory, and a file in time order is never
 * copied (`finish` only cuts the columns to length). Without a reservation the columns double
 * as they fill. A file out of order is sorted in `finish`, one column at a time.
 *
 * @example
 * const builder = new MovementStoreBuilder();
 * builder.push(1772442000000, 0, 0, MOVEMENT_TYPE_CODE.get('shipment')!, -2, MOVEMENT_SYNC, -1);
 * builder.finish().length; // 1
 */
export class MovementStoreBuilder {
  private readonly allocate: ColumnAllocator;
  private capacity = 0;
  private count = 0;
  private atMs: Float64Array = new Float64Array(0);
  private system: Uint16Array = new Uint16Array(0);
  private sku: Int32Array = new Int32Array(0);
  private typeIndex: Uint8Array = new Uint8Array(0);
  private value: Float64Array = new Float64Array(0);
  private flags: Uint8Array = new Uint8Array(0);
  private actorIndex: Int32Array = new Int32Array(0);
  /** refStart[row]: where the row's ref starts in `refBytes`; it ends where the next row's starts. */
  private refStart: Uint32Array = new Uint32Array(1);
  private refBytes: Uint8Array = new Uint8Array(0);
  private refLength = 0;
  /** The time of the last row in order: the latest so far while `sorted`. */
  private lastMs = -Infinity;
  /** Rows are in time order (kept so by `settle`) until a row lands too far back; then `finish` sorts. */
  private sorted = true;
  /** The last row pushed is earlier than the one before it: the next push or `finish` moves it back. */
  private unsettled = false;
  /** Rows `settle` may still move: four a row pushed, plus a start, so moving stays linear. */
  private moveBudget = 1 << 20;
  private refScratch = new Uint8Array(64);
  private readonly actorByName = new Map<string, number>();
  private readonly actors: string[] = [];

  /** `allocate` makes the columns' memory (shared memory for worker threads; `ArrayBuffer` by default). */
  constructor(options: { allocate?: ColumnAllocator | undefined } = {}) {
    this.allocate = options.allocate ?? plainAllocator;
  }

  get length(): number {
    return this.count;
  }

  /**
   * Makes room for at least `rows` more rows and `refBytes` more ref bytes (an estimate: more
   * rows than that still fit, by growing).
   */
  reserve(rows: number, refBytes: number): void {
    if (this.count + rows > this.capacity) this.resize(this.count + rows);
    if (this.refLength + refBytes > this.refBytes.length) this.resizeRefs(this.refLength + refBytes);
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
    if (this.unsettled) this.settle();
    const row = this.count;
    if (row === this.capacity) this.resize(Math.max(INITIAL_ROWS, row * 2));
    this.atMs[row] = atMs;
    this.system[row] = system;
    this.sku[row] = sku;
    this.typeIndex[row] = typeIndex;
    this.value[row] = value;
    this.flags[row] = flags & (MOVEMENT_ABSOLUTE | MOVEMENT_SYNC);
    this.actorIndex[row] = actor;
    this.refStart[row] = this.refLength;
    this.count = row + 1;
    this.moveBudget += 4;
    if (!(atMs >= this.lastMs)) this.unsettled = this.sorted;
    else this.lastMs = atMs;
  }

  /**
   * Moves the last row back among the rows before it to its place in time order (after
   * every row of the same time: ties keep the order added), its ref's bytes with it. An
   * export in time order but for a little jitter (rows written as they were committed)
   * costs a few row moves; a row that would move further than the budget allows ends this,
   * and `finish` sorts the whole store instead.
   */
  private settle(): void {
    this.unsettled = false;
    this.settleRow(this.count - 1);
  }

  /** Moves `row` back to its place among the rows before it (in order); see `settle`. */
  private settleRow(row: number): void {
    const times = this.atMs;
    const time = times[row]!;
    let place = row;
    while (place > 0 && times[place - 1]! > time) {
      place--;
      if (row - place > this.moveBudget) {
        this.sorted = false;
        return;
      }
    }
    // A time that is not a number (NaN never comes from a loader) cannot be placed.
    if (time !== time) {
      this.sorted = false;
      return;
    }
    this.moveBudget -= row - place;
    rotateFloat64(times, place, row);
    rotateUint16(this.system, place, row);
    rotateInt32(this.sku, place, row);
    rotateUint8(this.typeIndex, place, row);
    rotateFloat64(this.value, place, row);
    rotateUint8(this.flags, place, row);
    rotateInt32(this.actorIndex, place, row);
    const starts = this.refStart;
    const refs = this.refBytes;
    const from = starts[row]!;
    const length = (row + 1 < this.count ? starts[row + 1]! : this.refLength) - from;
    if (length > 0) {
      if (this.refScratch.length < length) this.refScratch = new Uint8Array(Math.max(length, this.refScratch.length * 2));
      const scratch = this.refScratch;
      for (let index = 0; index < length; index++) scratch[index] = refs[from + index]!;
      const to = starts[place]!;
      refs.copyWithin(to + length, to, from);
      for (let index = 0; index < length; index++) refs[to + index] = scratch[index]!;
      for (let index = row; index > place; index--) starts[index] = starts[index - 1]! + length;
    } else {
      for (let index = row; index > place; index--) starts[index] = starts[index - 1]!;
    }
  }

  /** Gives the row just pushed its ref. */
  setRef(ref: string): void {
    const row = this.count - 1;
    const length = ref.length;
    let wide = false;
    for (let index = 0; index < length; index++) {
      if (ref.charCodeAt(index) > 0xff) {
        wide = true;
        break;
      }
    }
    this.reserveRef(wide ? length * 2 : length);
    const target = this.refBytes;
    let at = this.refLength;
    if (wide) {
      for (let index = 0; index < length; index++) {
        const unit = ref.charCodeAt(index);
        target[at++] = unit & 0xff;
        target[at++] = unit >>> 8;
      }
    } else {
      for (let index = 0; index < length; index++) target[at++] = ref.charCodeAt(index);
    }
    this.refLength = at;
    this.flags[row] = this.flags[row]! | MOVEMENT_HAS_REF | (wide ? MOVEMENT_WIDE_REF : 0);
  }

  /**
   * Gives the row just pushed a ref of Latin-1 units (one byte each) copied from
   * `source[start, end)`: a parser that read ASCII bytes passes them without making a string.
   */
  setRefBytes(source: Uint8Array, start: number, end: number): void {
    const row = this.count - 1;
    this.reserveRef(end - start);
    // A loop, not set(subarray()): a ref is a few bytes, and a view per row is garbage.
    const target = this.refBytes;
    let at = this.refLength;
    for (let index = start; index < end; index++) target[at++] = source[index]!;
    this.refLength = at;
    this.flags[row] = this.flags[row]! | MOVEMENT_HAS_REF;
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
   * Appends every row of `part` (a store another thread read from the rest of a file), its
   * SKU and actor indices mapped through `skuMap` and `actorMap`; rows of the part that are
   * earlier than rows already here are moved back into place like single rows are.
   */
  appendColumns(part: MovementColumns, skuMap: Int32Array, actorMap: Int32Array): void {
    if (this.unsettled) this.settle();
    const rows = part.length;
    if (rows === 0) return;
    const refBytes = part.refStart[rows]! - part.refStart[0]!;
    this.reserve(rows, refBytes);
    const base = this.count;
    this.atMs.set(part.atMs.subarray(0, rows), base);
    this.system.set(part.system.subarray(0, rows), base);
    this.typeIndex.set(part.typeIndex.subarray(0, rows), base);
    this.value.set(part.value.subarray(0, rows), base);
    this.flags.set(part.flags.subarray(0, rows), base);
    const sku = this.sku;
    const actorIndex = this.actorIndex;
    const refStart = this.refStart;
    const shift = this.refLength - part.refStart[0]!;
    for (let row = 0; row < rows; row++) {
      sku[base + row] = skuMap[part.sku[row]!]!;
      const actor = part.actorIndex[row]!;
      actorIndex[base + row] = actor < 0 ? -1 : actorMap[actor]!;
      refStart[base + row] = part.refStart[row]! + shift;
    }
    this.refBytes.set(part.refBytes.subarray(part.refStart[0]!, part.refStart[rows]!), this.refLength);
    this.refLength += refBytes;
    this.count = base + rows;
    this.moveBudget += 4 * rows;
    // The part is in time order (a store is): only its first rows can be earlier than ours.
    const times = this.atMs;
    for (let row = base; this.sorted && row < base + rows && row > 0 && times[row]! < times[row - 1]!; row++) this.settleRow(row);
    if (this.sorted) this.lastMs = times[this.count - 1]!;
  }

  /**
   * False once a row landed too far back to be moved into place: `finish` will sort, so the
   * rows' positions until then are not final.
   */
  get inTimeOrder(): boolean {
    return this.sorted;
  }

  /**
   * The first `rows` rows as columns (views over the builder's memory: nothing is copied),
   * for a reader on another thread while rows are still appended after them. The last row
   * is moved into place first. Valid while the builder neither grows (a reader gets new
   * views after it did) nor moves a row back among these `rows` (the caller makes sure it
   * does not: rows land after every row of their time or earlier).
   *
   * @example
   * const settled = builder.peek(100); // rows 0..99, in time order if builder.inTimeOrder
   */
  peek(rows: number): MovementColumns {
    if (this.unsettled) this.settle();
    if (!(rows >= 0 && rows <= this.count)) throw new RangeError(`peek ${rows} of ${this.count} rows`);
    // refStart[rows] is the next row's start (set when it was pushed), or the arena's end
    // (written here: the next push writes the same entry again).
    if (rows === this.count) this.refStart[rows] = this.refLength;
    const refEnd = this.refStart[rows]!;
    return {
      length: rows,
      atMs: this.atMs.subarray(0, rows),
      system: this.system.subarray(0, rows),
      sku: this.sku.subarray(0, rows),
      typeIndex: this.typeIndex.subarray(0, rows),
      value: this.value.subarray(0, rows),
      flags: this.flags.subarray(0, rows),
      actorIndex: this.actorIndex.subarray(0, rows),
      actors: [...this.actors],
      refStart: this.refStart.subarray(0, rows + 1),
      refBytes: this.refBytes.subarray(0, refEnd),
    };
  }

  /**
   * The store: rows sorted by time (ties keep the order they were added; a store added in
   * order costs no sort and no copy), SKU indices mapped through `skuRemap` when given. The
   * builder is empty afterwards.
   */
  finish(options: { skuRemap?: Int32Array } = {}): MovementStore {
    if (this.unsettled) this.settle();
    const length = this.count;
    const remap = options.skuRemap;
    const sku = this.sku;
    if (remap !== undefined) for (let row = 0; row < length; row++) sku[row] = remap[sku[row]!]!;
    this.refStart[length] = this.refLength;
    const columns = this.sorted ? this.cut() : this.sortedColumns();
    const store = MovementStore.fromColumns({ ...columns, length, actors: [...this.actors] });
    this.capacity = 0;
    this.count = 0;
    this.atMs = new Float64Array(0);
    this.system = new Uint16Array(0);
    this.sku = new Int32Array(0);
    this.typeIndex = new Uint8Array(0);
    this.value = new Float64Array(0);
    this.flags = new Uint8Array(0);
    this.actorIndex = new Int32Array(0);
    this.refStart = new Uint32Array(1);
    this.refBytes = new Uint8Array(0);
    this.refLength = 0;
    this.sorted = true;
    this.unsettled = false;
    this.moveBudget = 1 << 20;
    this.lastMs = -Infinity;
    return store;
  }

  /** The columns as they are, cut to the rows written (views: nothing copied). */
  private cut(): Omit<MovementColumns, 'length' | 'actors'> {
    const length = this.count;
    return {
      atMs: this.atMs.subarray(0, length),
      system: this.system.subarray(0, length),
      sku: this.sku.subarray(0, length),
      typeIndex: this.typeIndex.subarray(0, length),
      value: this.value.subarray(0, length),
      flags: this.flags.subarray(0, length),
      actorIndex: this.actorIndex.subarray(0, length),
      refStart: this.refStart.subarray(0, length + 1),
      refBytes: this.refBytes.subarray(0, this.refLength),
    };
  }

  /**
   * The columns in time order, each laid out anew one at a time (the unsorted one is dropped
   * as soon as its sorted copy is made: the peak is the data plus one column). One plain loop
   * per element type, so each stays monomorphic.
   */
  private sortedColumns(): Omit<MovementColumns, 'length' | 'actors'> {
    const length = this.count;
    const order = timeOrder(this.atMs, this.count);
    const allocate = this.allocate;
    const size = Math.max(length, 1);
    const atMs = permuteFloat64(this.atMs, order, new Float64Array(allocate(size * 8), 0, length));
    this.atMs = new Float64Array(0);
    const value = permuteFloat64(this.value, order, new Float64Array(allocate(size * 8), 0, length));
    this.value = new Float64Array(0);
    const sku = permuteInt32(this.sku, order, new Int32Array(allocate(size * 4), 0, length));
    this.sku = new Int32Array(0);
    const actorIndex = permuteInt32(this.actorIndex, order, new Int32Array(allocate(size * 4), 0, length));
    this.actorIndex = new Int32Array(0);
    const system = permuteUint16(this.system, order, new Uint16Array(allocate(size * 2), 0, length));
    this.system = new Uint16Array(0);
    const typeIndex = permuteUint8(this.typeIndex, order, new Uint8Array(allocate(size), 0, length));
    this.typeIndex = new Uint8Array(0);
    const flags = permuteUint8(this.flags, order, new Uint8Array(allocate(size), 0, length));
    this.flags = new Uint8Array(0);

    const fromStart = this.refStart;
    const fromBytes = this.refBytes;
    const refStart = new Uint32Array(allocate((length + 1) * 4), 0, length + 1);
    const refBytes = new Uint8Array(allocate(Math.max(this.refLength, 1)), 0, this.refLength);
    let at = 0;
    for (let row = 0; row < length; row++) {
      refStart[row] = at;
      const from = order[row]!;
      const end = fromStart[from + 1]!;
      for (let index = fromStart[from]!; index < end; index++) refBytes[at++] = fromBytes[index]!;
    }
    refStart[length] = at;
    return { atMs, system, sku, typeIndex, value, flags, actorIndex, refStart, refBytes };
  }

  /** Moves every column to new memory of `rows` rows (growing; reserved room costs address space only). */
  private resize(rows: number): void {
    const allocate = this.allocate;
    const length = this.count;
    const moved = <T extends Float64Array | Uint16Array | Int32Array | Uint8Array | Uint32Array>(column: T, grown: T): T => {
      grown.set(column.subarray(0, length) as never);
      return grown;
    };
    this.atMs = moved(this.atMs, new Float64Array(allocate(rows * 8)));
    this.system = moved(this.system, new Uint16Array(allocate(rows * 2)));
    this.sku = moved(this.sku, new Int32Array(allocate(rows * 4)));
    this.typeIndex = moved(this.typeIndex, new Uint8Array(allocate(rows)));
    this.value = moved(this.value, new Float64Array(allocate(rows * 8)));
    this.flags = moved(this.flags, new Uint8Array(allocate(rows)));
    this.actorIndex = moved(this.actorIndex, new Int32Array(allocate(rows * 4)));
    this.refStart = moved(this.refStart, new Uint32Array(allocate((rows + 1) * 4)));
    this.capacity = rows;
  }

  private resizeRefs(bytes: number): void {
    const grown = new Uint8Array(this.allocate(bytes));
    grown.set(this.refBytes.subarray(0, this.refLength));
    this.refBytes = grown;
  }

  private reserveRef(bytes: number): void {
    const needed = this.refLength + bytes;
    if (needed <= this.refBytes.length) return;
    if (needed > MAX_ARENA_BYTES) throw new RangeError('movement refs exceed 4 GiB');
    this.resizeRefs(Math.min(MAX_ARENA_BYTES, Math.max(needed, this.refBytes.length * 2, 1 << 16)));
  }
}

/**
 * Row numbers of `times[0, length)` in time order, ties in row order (a stable sort by
 * time); the movement, observation and log stores sort with it. Times are integer
 * milliseconds, so a least-significant-digit radix sort (stable, 16 bits a pass: two passes
 * for a span under 2^32 ms, about 49 days, three up to 2^48 ms) orders ten million rows in a
 * few linear passes, where a comparison sort would call a comparator hundreds of millions of
 * times. Times that are not integers fall back to that comparison sort.
 *
 * @example
 * timeOrder(Float64Array.of(2, 1, 2)); // Uint32Array [1, 0, 2]
 */
export function timeOrder(times: Float64Array, length = times.length): Uint32Array {
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (let row = 0; row < length; row++) {
    const time = times[row]!;
    if (time < min) min = time;
    if (time > max) max = time;
    if (!Number.isSafeInteger(time)) integers = false;
  }
  const order = new Uint32Array(length);
  for (let row = 0; row < length; row++) order[row] = row;
  if (!integers || !(max - min < 2 ** 48)) {
    order.sort((a, b) => times[a]! - times[b]! || a - b);
    return order;
  }
  // The offset from the earliest time, split in a low and a high 32-bit word.
  const low = new Uint32Array(length);
  const high = max - min >= 2 ** 32 ? new Uint32Array(length) : undefined;
  for (let row = 0; row < length; row++) {
    const offset = times[row]! - min;
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

/** Moves `column[row]` to `place` and the rows in between one down (one function per element type keeps each monomorphic). */
function rotateFloat64(column: Float64Array, place: number, row: number): void {
  const moving = column[row]!;
  if (row - place > 32) column.copyWithin(place + 1, place, row);
  else for (let index = row; index > place; index--) column[index] = column[index - 1]!;
  column[place] = moving;
}

function rotateInt32(column: Int32Array, place: number, row: number): void {
  const moving = column[row]!;
  if (row - place > 32) column.copyWithin(place + 1, place, row);
  else for (let index = row; index > place; index--) column[index] = column[index - 1]!;
  column[place] = moving;
}

function rotateUint16(column: Uint16Array, place: number, row: number): void {
  const moving = column[row]!;
  if (row - place > 32) column.copyWithin(place + 1, place, row);
  else for (let index = row; index > place; index--) column[index] = column[index - 1]!;
  column[place] = moving;
}

function rotateUint8(column: Uint8Array, place: number, row: number): void {
  const moving = column[row]!;
  if (row - place > 32) column.copyWithin(place + 1, place, row);
  else for (let index = row; index > place; index--) column[index] = column[index - 1]!;
  column[place] = moving;
}

function permuteFloat64(source: Float64Array, order: Uint32Array, target: Float64Array): Float64Array {
  for (let row = 0; row < target.length; row++) target[row] = source[order[row]!]!;
  return target;
}

function permuteInt32(source: Int32Array, order: Uint32Array, target: Int32Array): Int32Array {
  for (let row = 0; row < target.length; row++) target[row] = source[order[row]!]!;
  return target;
}

function permuteUint16(source: Uint16Array, order: Uint32Array, target: Uint16Array): Uint16Array {
  for (let row = 0; row < target.length; row++) target[row] = source[order[row]!]!;
  return target;
}

function permuteUint8(source: Uint8Array, order: Uint32Array, target: Uint8Array): Uint8Array {
  for (let row = 0; row < target.length; row++) target[row] = source[order[row]!]!;
  return target;
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
