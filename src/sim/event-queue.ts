/**
 * The scheduled deliveries, taken in (deliverMs, queueSequence) order.
 *
 * The sequence is the order in which deliveries were scheduled, so two messages due at the
 * same instant are delivered in the order they were sent (spec, semantics 4 and 5), and a
 * retry or a duplicate scheduled later goes after them. The ordering never depends on object
 * identity or insertion into a hash map. Items carry their own keys (no wrapper objects: the
 * queue sees every message of a run).
 *
 * Most deliveries are scheduled in the order they fall due: a link's messages are due at
 * their send time plus the link's latency, and send times only grow. So an item goes to the
 * end of one of a few first-in-first-out lanes when it is due no earlier than that lane's
 * last item (with its higher sequence, it then comes after every item of the lane); only an
 * item no lane can take (a retry, a delay a rule chose) goes to a binary min-heap. The next
 * item is the least of the lanes' first items and the heap's top. A run of millions of
 * messages thus costs a comparison or two per message instead of a heap's log n moves, in
 * exactly the heap's order.
 */
export interface Schedulable {
  deliverMs: number;
  /** Set by the queue when the item is pushed. */
  queueSequence: number;
}

/** Lanes kept: one per link latency in practice (a three-system chain has two or three). */
const LANES = 4;

/** One first-in-first-out lane: `items[head..]` are queued, in order. */
interface Lane<T> {
  items: T[];
  head: number;
}

export class EventQueue<T extends Schedulable> {
  private readonly heap: T[] = [];
  private readonly lanes: Lane<T>[] = Array.from({ length: LANES }, () => ({ items: [], head: 0 }));
  private count = 0;
  private nextSequence = 0;
  /**
   * The earliest entry's time, kept as entries come and go: the engine asks for it before
   * every event, and working it out reads the first item of every lane (objects far apart
   * in memory), which a pop does anyway.
   */
  private earliest = Infinity;
  /** A bound on queued deliveries: a run that exceeds it is a runaway (a feedback loop of links). */
  private readonly limit: number;

  constructor(limit = 50_000_000) {
    this.limit = limit;
  }

  get size(): number {
    return this.count;
  }

  /** The earliest entry's time, or Infinity when empty. */
  peekTime(): number {
    return this.earliest;
  }

  private scanEarliest(): number {
    let time = this.heap.length === 0 ? Infinity : this.heap[0]!.deliverMs;
    for (let index = 0; index < LANES; index++) {
      const lane = this.lanes[index]!;
      if (lane.head < lane.items.length && lane.items[lane.head]!.deliverMs < time) time = lane.items[lane.head]!.deliverMs;
    }
    return time;
  }

  /** Schedules `item` at its `deliverMs`. */
  push(item: T): void {
    if (this.count >= this.limit) throw new Error(`event queue over its bound of ${this.limit} deliveries`);
    item.queueSequence = this.nextSequence++;
    this.count++;
    if (item.deliverMs < this.earliest) this.earliest = item.deliverMs;
    // The first lane whose last item is due no later takes it; an empty lane takes anything.
    for (let index = 0; index < LANES; index++) {
      const lane = this.lanes[index]!;
      const items = lane.items;
      if (lane.head === items.length) {
        items.length = 0;
        lane.head = 0;
        items.push(item);
        return;
      }
      if (items[items.length - 1]!.deliverMs <= item.deliverMs) {
        items.push(item);
        return;
      }
    }
    const heap = this.heap;
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
    if (this.count === 0) return undefined;
    let best: T | undefined = this.heap.length === 0 ? undefined : this.heap[0];
    let bestLane = -1;
    for (let index = 0; index < LANES; index++) {
      const lane = this.lanes[index]!;
      if (lane.head === lane.items.length) continue;
      const first = lane.items[lane.head]!;
      if (best === undefined || before(first, best)) {
        best = first;
        bestLane = index;
      }
    }
    this.count--;
    if (bestLane >= 0) {
      const lane = this.lanes[bestLane]!;
      lane.head++;
      // Drop the taken items now and then, so a lane that never empties does not grow.
      if (lane.head === lane.items.length) {
        lane.items.length = 0;
        lane.head = 0;
      } else if (lane.head >= 4096 && lane.head * 2 >= lane.items.length) {
        lane.items.splice(0, lane.head);
        lane.head = 0;
      }
      this.earliest = this.scanEarliest();
      return best;
    }
    const popped = this.popHeap();
    this.earliest = this.scanEarliest();
    return popped;
  }

  private popHeap(): T | undefined {
    const heap = this.heap;
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
