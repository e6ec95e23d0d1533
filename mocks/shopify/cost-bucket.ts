/**
 * Shopify's leaky bucket of query-cost points, on the virtual clock: it refills at
 * `restoreRate` points per second up to `maximumAvailable`, and each query spends its cost.
 *
 * Facts: the Admin GraphQL rate limit is 100 points/second on the Standard plan
 * (shopify.dev/docs/api/usage/limits). The 2 000-point bucket size is an assumption (Shopify's
 * published examples show 1 000 or 2 000 depending on plan and year).
 *
 * @example
 * const bucket = new CostBucket(2000, 100, 0);
 * bucket.spend(10, 0);      // true
 * bucket.status(0);         // { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 }
 */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class CostBucket {
  private available: number;
  private lastMs: number;

  constructor(
    private readonly maximum: number,
    private readonly restorePerSecond: number,
    startMs: number,
  ) {
    this.available = maximum;
    this.lastMs = startMs;
  }

  private refill(nowMs: number): void {
    // Virtual time may stand still (many requests at one instant) but never goes back.
    if (nowMs > this.lastMs) {
      this.available = Math.min(this.maximum, this.available + ((nowMs - this.lastMs) / 1000) * this.restorePerSecond);
      this.lastMs = nowMs;
    }
  }

  /** True when the bucket can pay `cost` now; does not spend. */
  canPay(cost: number, nowMs: number): boolean {
    this.refill(nowMs);
    return this.available >= cost;
  }

  /** Spends `cost` (possibly below zero: the mock reports rather than refuses unless told to). */
  spend(cost: number, nowMs: number): void {
    this.refill(nowMs);
    this.available -= cost;
  }

  status(nowMs: number): ThrottleStatus {
    this.refill(nowMs);
    return { maximumAvailable: this.maximum, currentlyAvailable: Math.max(0, this.available), restoreRate: this.restorePerSecond };
  }
}
