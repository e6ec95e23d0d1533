/**
 * A binary min-heap of scheduled deliveries ordered by (time, sequence).
 *
 * The sequence is the order in which deliveries were scheduled, so two messages due at the
 * same instant are delivered in the order they were sent (spec, semantics 4 and 5), and a
 * retry or a duplicate scheduled later goes after them. The ordering never depends on object
 * identity or insertion into a hash map.
 */
export interface Scheduled<T> {
  atMs: number;
  sequence: number;
  item: T;
}

export class EventQueue<T> {
  private readonly heap: Scheduled<T>[] = [];
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
    return this.heap.length === 0 ? Infinity : this.heap[0]!.atMs;
  }

  push(atMs: number, item: T): void {
    if (this.heap.length >= this.limit) throw new Error(`event queue over its bound of ${this.limit} deliveries`);
    const heap = this.heap;
    const entry = { atMs, sequence: this.nextSequence++, item };
    let index = heap.length;
    heap.push(entry);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent]!;
      if (above.atMs < atMs || (above.atMs === atMs && above.sequence < entry.sequence)) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = entry;
  }

  /** Removes and returns the earliest entry; undefined when empty. */
  pop(): Scheduled<T> | undefined {
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

function before<T>(a: Scheduled<T>, b: Scheduled<T>): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.sequence < b.sequence);
}
