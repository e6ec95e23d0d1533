/**
 * The columnar movement store: rows go in as objects or fields and come back the same,
 * sorted by time with ties in the order added, across chunk boundaries, with refs of any
 * text (Latin-1, wide, lone surrogates) intact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MOVEMENT_TYPES, type Movement } from '../../src/sim/model.js';
import { MOVEMENT_SYNC, MOVEMENT_TYPE_CODE, MovementStore, MovementStoreBuilder } from '../../src/sim/movement-store.js';

const movement = (atMs: number, sku: number, ref?: string, actor?: string): Movement => ({
  atMs,
  system: 1,
  sku,
  type: 'shipment',
  value: -2,
  absolute: false,
  ...(ref !== undefined ? { ref } : {}),
  ...(actor !== undefined ? { actor } : {}),
  sync: true,
});

describe('MovementStore', () => {
  it('sorts by time and keeps ties in the order added', () => {
    const store = MovementStore.from([movement(30, 0, 'c'), movement(10, 1, 'a'), movement(30, 2, 'd'), movement(10, 3, 'b')]);
    expect(store.length).toBe(4);
    expect([...store].map((row) => row.ref)).toEqual(['a', 'b', 'c', 'd']);
    expect(Array.from(store.sku)).toEqual([1, 3, 0, 2]);
    expect(Array.from(store.atMs)).toEqual([10, 10, 30, 30]);
  });

  it('gives back every field of a movement, absent ref and actor left out', () => {
    const rows: Movement[] = [
      { atMs: 5, system: 2, sku: 7, type: 'cycle_count', value: 40, absolute: true, actor: 'user:dana', sync: false },
      { atMs: 6, system: 0, sku: 1, type: 'receipt', value: 9_007_199_254_740_991, absolute: false, ref: 'PO-1', actor: 'system', sync: true },
    ];
    const store = MovementStore.from(rows);
    expect(store.at(0)).toEqual(rows[0]);
    expect(store.at(1)).toEqual(rows[1]);
    expect(store.refAt(0)).toBeUndefined();
    expect(store.actorAt(1)).toBe('system');
    expect(store.typeAt(0)).toBe('cycle_count');
    expect(store.isAbsolute(0) && !store.isSync(0) && store.isSync(1)).toBe(true);
    expect(() => store.at(2)).toThrow(RangeError);
  });

  it('keeps refs of any text exactly: accents, wide characters, a lone surrogate, the empty text', () => {
    const refs = ['café-1', '注文-42', 'a\ud800b', '', 'x'.repeat(5000), '\u00ff\u0100'];
    const store = MovementStore.from(refs.map((ref, index) => movement(index, 0, ref)));
    expect([...store].map((row) => row.ref)).toEqual(refs);
  });

  it('grows past its first columns (1,024 rows), sorted or not, with a SKU remapping', () => {
    const count = 150_000;
    const builder = new MovementStoreBuilder();
    const shipment = MOVEMENT_TYPE_CODE.get('shipment')!;
    // Descending times, so every row moves; refs name the row added.
    for (let row = 0; row < count; row++) {
      builder.push(count - row, 0, row % 3, shipment, -1, MOVEMENT_SYNC, -1);
      builder.setRef(`R${row}`);
    }
    const store = builder.finish({ skuRemap: Int32Array.from([2, 0, 1]) });
    expect(store.length).toBe(count);
    expect(store.atMs[0]).toBe(1);
    expect(store.refAt(0)).toBe(`R${count - 1}`);
    expect(store.sku[0]).toBe([2, 0, 1][(count - 1) % 3]);
    expect(store.refAt(count - 1)).toBe('R0');
    expect(store.sku[count - 1]).toBe(2);
    expect(store.refAt(70_000)).toBe(`R${count - 1 - 70_000}`);
  });

  it('moves a jittered row back in place with its ref, and sorts the whole store once rows land too far back', () => {
    // 4,500 rows: times rising by 10 with up to 35 of jitter (each row moves back a few places),
    // then from row 2,500 a block of 1,000 rows earlier than all (each would pass 2,500 rows:
    // 2.5 million moves, over the budget of about a million, so finish sorts), then jitter again.
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const rows: Movement[] = [];
    for (let index = 0; index < 4500; index++) {
      const base = index >= 2500 && index < 3500 ? 1_000_000 + index : 2_000_000 + index * 10;
      const ref = index % 7 === 0 ? undefined : index % 11 === 0 ? `注文-${index}` : `SO-${'x'.repeat(index % 5)}${index}`;
      rows.push(movement(base + Math.floor(next() * 35), index % 13, ref));
    }
    const expected = rows.map((item, order) => ({ item, order })).sort((a, b) => a.item.atMs - b.item.atMs || a.order - b.order);
    expect([...MovementStore.from(rows)]).toEqual(expected.map(({ item }) => item));
    // The first 2,500 alone stay within the budget: placed row by row, same answer.
    const settled = rows.slice(0, 2500);
    const expectedSettled = settled.map((item, order) => ({ item, order })).sort((a, b) => a.item.atMs - b.item.atMs || a.order - b.order);
    expect([...MovementStore.from(settled)]).toEqual(expectedSettled.map(({ item }) => item));
  });

  it('sorts spans of years (three radix passes) and fractional times (a comparison sort) stably', () => {
    const year = 365 * 86_400_000;
    const years = MovementStore.from([movement(3 * year, 0, 'c'), movement(70_000, 1, 'a'), movement(3 * year, 2, 'd'), movement(2 * year + 1, 3, 'b')]);
    expect([...years].map((row) => row.ref)).toEqual(['a', 'b', 'c', 'd']);
    const fractions = MovementStore.from([movement(2.5, 0, 'c'), movement(1.25, 1, 'a'), movement(2.5, 2, 'd'), movement(2, 3, 'b')]);
    expect([...fractions].map((row) => row.ref)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('finds the first movement after an instant', () => {
    const store = MovementStore.from([10, 20, 20, 30].map((atMs, sku) => movement(atMs, sku)));
    expect([0, 10, 19, 20, 30].map((ms) => store.firstAfter(ms))).toEqual([0, 1, 1, 3, 4]);
  });

  it('shares its columns: a store over them reads the same rows', () => {
    const store = MovementStore.from([movement(1, 0, 'SO-1', 'user:x'), movement(2, 1)], (bytes) => new SharedArrayBuffer(bytes));
    const view = MovementStore.fromColumns(store.columns());
    expect(view.atMs.buffer).toBe(store.atMs.buffer);
    expect([...view]).toEqual([...store]);
  });

  it('round-trips random movements in stable time order (property, seed 10)', () => {
    const row = fc.record({
      atMs: fc.integer({ min: 0, max: 20 }),
      system: fc.integer({ min: 0, max: 3 }),
      sku: fc.integer({ min: 0, max: 9 }),
      type: fc.constantFrom(...MOVEMENT_TYPES),
      value: fc.integer({ min: -1000, max: 1000 }),
      ref: fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
      actor: fc.option(fc.constantFrom('system', 'integration', 'user:a', 'user:b'), { nil: undefined }),
      sync: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (drafts) => {
        const rows: Movement[] = drafts.map((draft) => ({
          atMs: draft.atMs,
          system: draft.system,
          sku: draft.sku,
          type: draft.type,
          value: draft.value,
          absolute: draft.type === 'cycle_count' || draft.type === 'manual_set',
          ...(draft.ref !== undefined ? { ref: draft.ref } : {}),
          ...(draft.actor !== undefined ? { actor: draft.actor } : {}),
          sync: draft.sync,
        }));
        const expected = rows.map((item, order) => ({ item, order })).sort((a, b) => a.item.atMs - b.item.atMs || a.order - b.order);
        expect([...MovementStore.from(rows)]).toEqual(expected.map(({ item }) => item));
      }),
      { seed: 10, numRuns: 200 },
    );
  });
});
