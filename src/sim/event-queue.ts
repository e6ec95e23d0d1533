/**
 * A binary min-heap of scheduled deliveries ordered by (deliverMs, queueSequence).
 *
 * The sequence is the order in which deliveries were scheduled, so two messages due at the
 * same instant are delivered in the order they were sent (spec, semantics 4 and 5), and a
 * retry or a duplicate scheduled later goes after them. The ordering never depends on object
 * identity or insertion into a hash map. Items carry their own keys (no wrapper objects: the
 * queue sees every message of a run).
 */
export interface Schedulable {
  deliverMs: number;
  /** Set by the queue when the item is pushed. */
  queueSequence: number;
}

export class EventQueue<T extends Schedulable> {
  private readonly heap: T[] = [];
  private nextSequence = 0;
  /** A bound on queued deliveries: a run that exceeds it is a runaway (a feedback loop of links). */
  private readonly limit: number;

  constructor(limit = 50_000_000) {
    this.limit = limit;
  }

  get size(): number {
    return this.heap.length;
  }

  /** The earliest entry's time, or Infinity when empty. */
  peekTime(): number {
    return this.heap.length === 0 ? Infinity : this.heap[0]!.deliverMs;
  }

  /** Schedules `item` at its `deliverMs`. */
  push(item: T): void {
    if (this.heap.length >= this.limit) throw new Error(`event queue over its bound of ${this.limit} deliveries`);
    const heap = this.heap;
    item.queueSequence = this.nextSequence++;
    let index = heap.length;
    heap.push(item);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent]!;
      if (!before(item, above)) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = item;
  }

  /** Removes and returns the earliest entry; undefined when empty. */
  pop(): T | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let index = 0;
      const length = heap.length;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= length) break;
        const right = left + 1;
        let child = left;
        if (right < length && before(heap[right]!, heap[left]!)) child = right;
        if (!before(heap[child]!, last)) break;
        heap[index] = heap[child]!;
        index = child;
      }
      heap[index] = last;
    }
    return top;
  }
}

function before(a: Schedulable, b: Schedulable): boolean {
  return a.deliverMs < b.deliverMs || (a.deliverMs === b.deliverMs && a.queueSequence < b.queueSequence);
}
