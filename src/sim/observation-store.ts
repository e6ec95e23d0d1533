/**
 * The observations of an incident (spot checks: the counts someone saw per system for one
 * SKU at one time), stored by column.
 *
 * A large incident has hundreds of thousands of observations; as one object each, with a
 * `counts` array each, they cost well over a hundred bytes a row and the garbage collector's
 * attention. Here a row is 12 bytes (time and SKU) plus 8 bytes per system: `counts` is one
 * `Float64Array` in row-major order (`counts[row * systems + system]`), NaN where that
 * system was not observed.
 *
 * The engine, the replay comparison and the search read the columns directly. Code that
 * wants an `Observation` object (reports, writers, tests) iterates the store with
 * `for...of`, or asks `at(i)`: both build the object on the spot, which is fine off the hot
 * path. Nothing here needs Node: the browser report uses it as is. The columns may live in
 * a `SharedArrayBuffer` (the caller passes the allocator), so worker threads can share them
 * (src/adapters/shared-movements.ts).
 *
 * @example
 * const store = ObservationStore.from([{ atMs: 0, sku: 0, counts: [5, undefined] }]);
 * store.length; // 1
 * store.count(0, 0); // 5
 * store.count(0, 1); // undefined
 * store.at(0); // { atMs: 0, sku: 0, counts: [5, undefined] }
 */
import type { Observation } from './model.js';
import { type ColumnAllocator, timeOrder } from './movement-store.js';

/** The columns of a store as plain data: what crosses to a worker thread or through the cluster wire. */
export interface ObservationColumns {
  length: number;
  /** Counts per row (the incident's number of systems): the stride of `counts`. */
  systems: number;
  atMs: Float64Array;
  /** Index into `Incident.skus`. */
  sku: Int32Array;
  /** `counts[row * systems + system]`: the observed count, NaN when that system was not observed. */
  counts: Float64Array;
}

const plainAllocator: ColumnAllocator = (bytes) => new ArrayBuffer(bytes);

export class ObservationStore implements Iterable<Observation> {
  readonly length: number;
  /** Counts per row: `counts[row * systems + system]`. */
  readonly systems: number;
  readonly atMs: Float64Array;
  readonly sku: Int32Array;
  readonly counts: Float64Array;

  private constructor(columns: ObservationColumns) {
    this.length = columns.length;
    this.systems = columns.systems;
    this.atMs = columns.atMs;
    this.sku = columns.sku;
    this.counts = columns.counts;
  }

  /**
   * A store of `observations`, sorted by time (ties keep the given order): for code that
   * builds an incident by hand (tests, fixtures, generators). `systems` is the number of
   * counts a row holds; by default the longest `counts` given.
   *
   * @example
   * ObservationStore.from([{ atMs: 2, sku: 0, counts: [1] }, { atMs: 1, sku: 1, counts: [2] }]).sku[0]; // 1
   */
  static from(observations: Iterable<Observation>, options: { systems?: number; allocate?: ColumnAllocator } = {}): ObservationStore {
    const list = Array.isArray(observations) ? (observations as readonly Observation[]) : [...observations];
    let systems = options.systems ?? 0;
    if (options.systems === undefined) for (const observation of list) systems = Math.max(systems, observation.counts.length);
    const builder = new ObservationStoreBuilder(systems, { allocate: options.allocate });
    builder.reserve(list.length);
    for (const observation of list) builder.add(observation);
    return builder.finish();
  }

  /**
   * A store over existing columns (a worker thread's view of the columns another thread
   * loaded); nothing is copied.
   *
   * @example
   * const copy = ObservationStore.fromColumns(store.columns());
   */
  static fromColumns(columns: ObservationColumns): ObservationStore {
    return new ObservationStore(columns);
  }

  /** The columns as plain data, for `fromColumns` on the other side of a thread boundary. */
  columns(): ObservationColumns {
    return { length: this.length, systems: this.systems, atMs: this.atMs, sku: this.sku, counts: this.counts };
  }

  /** The observed count of `system` in row `index`; undefined when that system was not observed. */
  count(index: number, system: number): number | undefined {
    if (!(system >= 0 && system < this.systems)) return undefined;
    const value = this.counts[index * this.systems + system]!;
    return value === value ? value : undefined;
  }

  /**
   * Row `index` as an `Observation` object (built on each call: not for hot loops); a
   * negative index counts back from the end, as `Array.prototype.at` does.
   */
  at(index: number): Observation {
    if (index < 0) index += this.length;
    if (!(index >= 0 && index < this.length)) throw new RangeError(`observation ${index} of ${this.length}`);
    const systems = this.systems;
    const base = index * systems;
    const counts = new Array<number | undefined>(systems);
    for (let system = 0; system < systems; system++) {
      const value = this.counts[base + system]!;
      counts[system] = value === value ? value : undefined;
    }
    return { atMs: this.atMs[index]!, sku: this.sku[index]!, counts };
  }

  *[Symbol.iterator](): Iterator<Observation> {
    for (let index = 0; index < this.length; index++) yield this.at(index);
  }

  /**
   * Maps every SKU index through `remap` (`sku[i] = remap[sku[i]]`), in place: the loader's
   * provisional indices to their place in the sorted SKU table.
   *
   * @example
   * store.remapSkus(Int32Array.of(1, 0)); // SKU 0 becomes 1 and 1 becomes 0
   */
  remapSkus(remap: Int32Array): void {
    const sku = this.sku;
    for (let row = 0; row < this.length; row++) sku[row] = remap[sku[row]!]!;
  }
}

/** Rows a builder holds before it first grows, when nobody said how many to expect. */
const INITIAL_ROWS = 256;

/**
 * Collects observations row by row (the loader calls it once per record while a file
 * streams), then `finish` makes the store. The columns double as they fill (or are made
 * large enough at once by `reserve`); `finish` sorts them by time, stably, when the rows
 * did not come in time order, and otherwise only cuts them to length.
 *
 * @example
 * const builder = new ObservationStoreBuilder(2);
 * builder.push(1772442000000, 0);
 * builder.setCount(1, 7);
 * builder.finish().at(0).counts; // [undefined, 7]
 */
export class ObservationStoreBuilder {
  private readonly allocate: ColumnAllocator;
  private capacity = 0;
  private count = 0;
  private atMs: Float64Array = new Float64Array(0);
  private sku: Int32Array = new Int32Array(0);
  private counts: Float64Array = new Float64Array(0);
  private lastMs = -Infinity;
  private sorted = true;

  /** `systems`: counts per row. `allocate` makes the columns' memory (shared memory for worker threads; `ArrayBuffer` by default). */
  constructor(
    readonly systems: number,
    options: { allocate?: ColumnAllocator | undefined } = {},
  ) {
    this.allocate = options.allocate ?? plainAllocator;
  }

  get length(): number {
    return this.count;
  }

  /** Makes room for at least `rows` more rows (more still fit, by growing). */
  reserve(rows: number): void {
    if (this.count + rows > this.capacity) this.resize(this.count + rows);
  }

  /** Appends a row observing no system yet; `setCount` then fills its counts. */
  push(atMs: number, sku: number): void {
    const row = this.count;
    if (row === this.capacity) this.resize(Math.max(INITIAL_ROWS, row * 2));
    this.atMs[row] = atMs;
    this.sku[row] = sku;
    this.counts.fill(NaN, row * this.systems, (row + 1) * this.systems);
    this.count = row + 1;
    if (!(atMs >= this.lastMs)) this.sorted = false;
    else this.lastMs = atMs;
  }

  /** Sets the count `system` was observed at in the row just pushed. */
  setCount(system: number, value: number): void {
    if (!(system >= 0 && system < this.systems)) throw new RangeError(`system ${system} of ${this.systems}`);
    this.counts[(this.count - 1) * this.systems + system] = value;
  }

  /** Appends an `Observation` object (the cold path: fixtures and tests). */
  add(observation: Observation): void {
    this.push(observation.atMs, observation.sku);
    const counts = observation.counts;
    for (let system = 0; system < counts.length; system++) {
      const value = counts[system];
      if (value !== undefined) this.setCount(system, value);
    }
  }

  /**
   * The store: rows sorted by time (ties keep the order they were added), SKU indices mapped
   * through `skuRemap` when given. The builder is empty afterwards.
   */
  finish(options: { skuRemap?: Int32Array } = {}): ObservationStore {
    const length = this.count;
    const systems = this.systems;
    let atMs: Float64Array = this.atMs.subarray(0, length);
    let sku: Int32Array = this.sku.subarray(0, length);
    let counts: Float64Array = this.counts.subarray(0, length * systems);
    if (!this.sorted) {
      const order = timeOrder(atMs);
      const size = Math.max(length, 1);
      atMs = permute(atMs, order, new Float64Array(this.allocate(size * 8), 0, length));
      sku = permute(sku, order, new Int32Array(this.allocate(size * 4), 0, length));
      const sortedCounts = new Float64Array(this.allocate(Math.max(length * systems, 1) * 8), 0, length * systems);
      for (let row = 0; row < length; row++) {
        const from = order[row]! * systems;
        for (let system = 0; system < systems; system++) sortedCounts[row * systems + system] = counts[from + system]!;
      }
      counts = sortedCounts;
    }
    const store = ObservationStore.fromColumns({ length, systems, atMs, sku, counts });
    if (options.skuRemap !== undefined) store.remapSkus(options.skuRemap);
    this.capacity = 0;
    this.count = 0;
    this.atMs = new Float64Array(0);
    this.sku = new Int32Array(0);
    this.counts = new Float64Array(0);
    this.lastMs = -Infinity;
    this.sorted = true;
    return store;
  }

  private resize(rows: number): void {
    const allocate = this.allocate;
    const length = this.count;
    const systems = this.systems;
    const atMs = new Float64Array(allocate(rows * 8));
    atMs.set(this.atMs.subarray(0, length));
    const sku = new Int32Array(allocate(rows * 4));
    sku.set(this.sku.subarray(0, length));
    const counts = new Float64Array(allocate(Math.max(rows * systems, 1) * 8));
    counts.set(this.counts.subarray(0, length * systems));
    this.atMs = atMs;
    this.sku = sku;
    this.counts = counts;
    this.capacity = rows;
  }
}

/** `target[row] = source[order[row]]` for every row. */
export function permute<T extends Float64Array | Int32Array | Uint8Array>(source: T, order: Uint32Array, target: T): T {
  for (let row = 0; row < target.length; row++) target[row] = source[order[row]!]!;
  return target;
}
