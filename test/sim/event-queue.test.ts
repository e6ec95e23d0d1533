/**
 * The event queue hands out deliveries by (time due, order scheduled), whatever mix of
 * in-order lanes and heap it keeps them in: random runs of pushes and pops (items due at
 * a few latencies after a growing clock, and out-of-order ones like retries) come out as a
 * plain stable sort of the queued items would give them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/event-queue.js';

interface Item {
  deliverMs: number;
  queueSequence: number;
  name: number;
}

describe('EventQueue', () => {
  it('delivers ties in the order scheduled, across lanes and heap', () => {
    const queue = new EventQueue<Item>();
    const push = (deliverMs: number, name: number) => queue.push({ deliverMs, queueSequence: 0, name });
    push(10, 1); // lane 0
    push(5, 2); // earlier than lane 0's last: lane 1
    push(10, 3); // lane 0
    push(7, 4); // lane 1
    push(3, 5); // lane 2
    push(1, 6); // lane 3
    push(2, 7); // lane 3
    push(0, 9); // earlier than every lane's last (10, 7, 3, 2): the heap
    push(10, 8); // lane 0
    expect(queue.size).toBe(9);
    const names: number[] = [];
    while (queue.size > 0) names.push(queue.pop()!.name);
    expect(names).toEqual([9, 6, 7, 5, 2, 4, 1, 3, 8]);
    expect(queue.pop()).toBeUndefined();
    expect(queue.peekTime()).toBe(Infinity);
  });

  it('matches a stable sort on random pushes and pops (property, seed 4242)', () => {
    const step = fc.oneof(
      fc.record({ op: fc.constant('push' as const), advance: fc.integer({ min: 0, max: 3 }), latency: fc.constantFrom(0, 2, 5, 9), jitter: fc.integer({ min: -6, max: 6 }), odd: fc.boolean() }),
      fc.record({ op: fc.constant('pop' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
        const queue = new EventQueue<Item>();
        const reference: { deliverMs: number; order: number; name: number }[] = [];
        let clock = 0;
        let order = 0;
        for (const action of steps) {
          if (action.op === 'push') {
            clock += action.advance;
            // Mostly clock + a latency; sometimes anywhere around it (a retry, a rule's delay).
            const deliverMs = clock + action.latency + (action.odd ? action.jitter : 0);
            queue.push({ deliverMs, queueSequence: 0, name: order });
            reference.push({ deliverMs, order, name: order });
            order++;
          } else {
            reference.sort((a, b) => a.deliverMs - b.deliverMs || a.order - b.order);
            const expected = reference.shift();
            expect(queue.peekTime()).toBe(expected?.deliverMs ?? Infinity);
            expect(queue.pop()?.name).toBe(expected?.name);
          }
          expect(queue.size).toBe(reference.length);
        }
      }),
      { seed: 4242, numRuns: 300 },
    );
  });
});
