/**
 * The state of every simulated system: one integer count per (system, SKU), and the
 * idempotency keys each system has already applied.
 *
 * The engine's in-process transport and the mocked HTTP APIs in `mocks/` both change counts
 * only through this class, so the two transports cannot disagree on what a delivery does.
 * Counts are held in one Float64Array (exact for integers up to 2^53); nothing clamps them:
 * a count may go negative (an oversell).
 *
 * @example
 * const state = new SystemState(3, 2, [[10, 5], [10, 5], [10, 5]]);
 * state.add(2, 0, -3); // -3: the storefront sells three of SKU 0
 * state.count(2, 0);   // 7
 */
export class SystemState {
  readonly systemCount: number;
  readonly skuCount: number;
  private readonly counts: Float64Array;
  private readonly keys: Set<string>[];
  private readonly listeners: ((change: CountChange) => void)[] = [];

  constructor(systemCount: number, skuCount: number, initial: readonly (readonly number[])[]) {
    this.systemCount = systemCount;
    this.skuCount = skuCount;
    this.counts = new Float64Array(systemCount * skuCount);
    for (let system = 0; system < systemCount; system++) {
      const row = initial[system];
      for (let sku = 0; sku < skuCount; sku++) this.counts[system * skuCount + sku] = row?.[sku] ?? 0;
    }
    this.keys = Array.from({ length: systemCount }, () => new Set<string>());
  }

  count(system: number, sku: number): number {
    return this.counts[system * this.skuCount + sku]!;
  }

  /** Sets a count; returns the change (new - old), 0 when it already had that value. */
  set(system: number, sku: number, value: number): number {
    const index = system * this.skuCount + sku;
    const before = this.counts[index]!;
    if (before === value) return 0;
    this.counts[index] = value;
    this.notify(system, sku, before, value);
    return value - before;
  }

  /** Adds to a count; returns the change (the delta itself, 0 for a zero delta). */
  add(system: number, sku: number, delta: number): number {
    if (delta === 0) return 0;
    const index = system * this.skuCount + sku;
    const before = this.counts[index]!;
    this.counts[index] = before + delta;
    this.notify(system, sku, before, before + delta);
    return delta;
  }

  /**
   * Records that `system` applied a request with idempotency `key`; false when it had applied
   * that key before (the caller must then ignore the request).
   */
  claimKey(system: number, key: string): boolean {
    const keys = this.keys[system]!;
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  }

  /** Calls `listener` after every count change (mocks use it to fire webhooks). */
  onChange(listener: (change: CountChange) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** A copy of every count, system-major, for comparisons and snapshots. */
  snapshot(): Float64Array {
    return this.counts.slice();
  }

  private notify(system: number, sku: number, before: number, after: number): void {
    if (this.listeners.length === 0) return;
    for (const listener of this.listeners) listener({ system, sku, before, after });
  }
}

export interface CountChange {
  system: number;
  sku: number;
  before: number;
  after: number;
}
