/**
 * The WMS transaction feed: every count change at one system, in order, with a sequence
 * number clients page through (`GET /transactions?since=<cursor>`).
 *
 * The feed is filled from `SystemState.onChange`, so it shows every change whoever made it: a
 * movement the engine applied, a sync delivery, or a call to this mock's `POST /adjustments`.
 * The type and reference of a change come from the mock itself for its own adjustments, else
 * from the host's `annotateChange`, else `unknown`. The feed keeps at most `limit` entries; a
 * cursor older than the oldest kept is refused (HTTP 410), as feeds with retention do.
 *
 * @example
 * const feed = new TransactionFeed(context, 0, 1_000_000);
 * feed.page(0, 100); // { transactions: [...], nextCursor: '12', hasMore: false }
 */
import type { ChangeAnnotation, MockContext } from '../context.js';
import type { CountChange } from '../../src/sim/state.js';
import { formatTime } from '../../src/sim/time.js';

export interface FeedTransaction {
  /** Sequence number, 1 for the first change; also the cursor that follows it. */
  id: number;
  atMs: number;
  sku: number;
  type: string;
  ref: string | undefined;
  actor: string | undefined;
  delta: number;
  quantityAfter: number;
}

export class TransactionFeed {
  private readonly entries: FeedTransaction[] = [];
  private head = 0;
  private sequence = 0;
  /** Set while this mock applies its own adjustment, so its change is described by the request. */
  private ownAnnotation: ChangeAnnotation | undefined;
  readonly lastChangeMs: Float64Array;

  constructor(
    private readonly context: MockContext,
    private readonly system: number,
    private readonly limit: number,
  ) {
    this.lastChangeMs = new Float64Array(context.incident.skus.length).fill(context.incident.window.startMs);
  }

  /** Runs `apply` with its changes described by `annotation` (the mock's own adjustments). */
  describing<T>(annotation: ChangeAnnotation, apply: () => T): T {
    this.ownAnnotation = annotation;
    try {
      return apply();
    } finally {
      this.ownAnnotation = undefined;
    }
  }

  record(change: CountChange): FeedTransaction {
    const annotation = this.ownAnnotation ?? this.context.annotateChange?.(change) ?? {};
    const atMs = this.context.clock.nowMs();
    this.sequence++;
    const entry: FeedTransaction = {
      id: this.sequence,
      atMs,
      sku: change.sku,
      type: annotation.type ?? 'unknown',
      ref: annotation.ref,
      actor: annotation.actor,
      delta: change.after - change.before,
      quantityAfter: change.after,
    };
    this.lastChangeMs[change.sku] = atMs;
    this.entries.push(entry);
    if (this.entries.length - this.head > this.limit) this.head++;
    // Dropped entries are spliced away in chunks so that trimming stays cheap.
    if (this.head > 4096 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
    return entry;
  }

  /** The oldest sequence number still kept, minus one: the oldest cursor accepted. */
  get oldestCursor(): number {
    const first = this.entries[this.head];
    return first ? first.id - 1 : this.sequence;
  }

  /** Entries after `since`, at most `limit`; undefined when `since` is older than the retention. */
  page(since: number, limit: number): { transactions: FeedTransaction[]; nextCursor: number; hasMore: boolean } | undefined {
    if (since < this.oldestCursor) return undefined;
    const start = this.head + Math.max(0, since - this.oldestCursor);
    const transactions = this.entries.slice(start, start + limit);
    const last = transactions[transactions.length - 1];
    return { transactions, nextCursor: last ? last.id : Math.max(since, 0), hasMore: start + limit < this.entries.length };
  }

  toJson(entry: FeedTransaction): Record<string, unknown> {
    return {
      id: String(entry.id),
      at: formatTime(entry.atMs),
      sku: this.context.incident.skus[entry.sku]!.sku,
      type: entry.type,
      ...(entry.ref !== undefined ? { ref: entry.ref } : {}),
      ...(entry.actor !== undefined ? { actor: entry.actor } : {}),
      delta: entry.delta,
      quantityAfter: entry.quantityAfter,
    };
  }
}
