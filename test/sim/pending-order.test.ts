/**
 * A cycle's pending SKUs go out oldest first, ties by SKU index: the insertion sort (and its
 * fall-back) give exactly what the plain comparison sort gives, on nearly sorted lists (the
 * usual case) and on shuffled ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortPending } from '../../src/sim/pending-order.js';

describe('sortPending', () => {
  it('orders by time, then SKU index', () => {
    const since = Float64Array.from([0, 0, 5, 0, 5, 0, 0, 0, 0, 1]);
    const list = [4, 2, 9];
    sortPending(list, since);
    expect(list).toEqual([9, 2, 4]);
  });

  it('agrees with Array.prototype.sort on distinct SKUs, nearly sorted or not (property, seed 77)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 40, maxLength: 40 }), fc.shuffledSubarray([...Array(40).keys()]), fc.boolean(), (times, skus, grow) => {
        // Nearly sorted: times that only grow along the list (ties in any SKU order).
        let clock = 0;
        const since = new Float64Array(40);
        skus.forEach((sku, position) => (since[sku] = grow ? (clock += times[position]! > 4 ? 1 : 0) : times[position]!));
        const list = [...skus];
        sortPending(list, since);
        expect(list).toEqual([...skus].sort((a, b) => since[a]! - since[b]! || a - b));
      }),
      { seed: 77, numRuns: 500 },
    );
  });
});
