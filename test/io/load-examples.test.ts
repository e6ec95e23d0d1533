/**
 * Goal: the two example incidents of the spec load into exactly the model they describe:
 * counts, window, systems, links with their defaults, SKUs in code-point order (with the
 * indices of movements, observations and initial counts following that order).
 */
import { describe, expect, it } from 'vitest';
import { loadIncident } from '../../src/io/load-incident.js';
import { FIXTURES } from './io-helpers.js';

// Copies of shared/spec/examples, so the tests run on a fresh clone.
const EXAMPLES = `${FIXTURES}examples`;
const at = (iso: string): number => Date.parse(iso);

describe('the spec example storefront-sits-low', async () => {
  const incident = await loadIncident(`${EXAMPLES}/storefront-sits-low.yaml`);

  it('has every movement and observation of the file', () => {
    expect(incident.movements).toHaveLength(65);
    expect([...incident.movements].filter((movement) => movement.sku === 0)).toHaveLength(37);
    expect(incident.observations).toHaveLength(64);
    expect(incident.logs).toHaveLength(0);
    expect(incident.faults).toHaveLength(0);
  });

  it('reads the declared window, systems (shopify kind) and defaults', () => {
    expect(incident.window).toEqual({ startMs: Date.UTC(2026, 2, 9), endMs: Date.UTC(2026, 2, 13) });
    expect(incident.systems).toEqual([
      { name: 'wms', kind: 'wms' },
      { name: 'erp', kind: 'erp' },
      { name: 'storefront', kind: 'shopify' },
    ]);
    expect(incident.recordOf).toBe(0);
    expect(incident.timezone).toBe('UTC');
    expect(incident.tolerance).toBe(0);
    expect(incident.name).toBe('storefront-sits-low');
  });

  it('fills in link defaults', () => {
    expect(incident.links).toEqual([
      { name: 'wms->erp', from: 0, to: 1, mode: 'batch', everyMs: 900_000, offsetMs: 0, carries: 'snapshot', latencyMs: 0, idempotent: true },
      { name: 'erp->storefront', from: 1, to: 2, mode: 'event', offsetMs: 0, carries: 'delta', latencyMs: 3000, idempotent: true },
    ]);
  });

  it('keeps SKU titles, sorted SKUs and the initial counts per system', () => {
    expect(incident.skus).toEqual([
      { sku: 'TEE-CLASSIC-BLK-M', title: 'Classic Tee - Black / M' },
      { sku: 'TEE-CLASSIC-WHT-M', title: 'Classic Tee - White / M' },
    ]);
    expect(incident.initial).toEqual([
      [140, 95],
      [140, 95],
      [140, 95],
    ]);
  });

  it('types the first movement, the receipt and the last observation', () => {
    expect(incident.movements.at(0)).toEqual({
      atMs: at('2026-03-09T10:48:00Z'),
      system: 0,
      sku: 1,
      type: 'shipment',
      value: -1,
      absolute: false,
      ref: 'SO-300011',
      sync: true,
    });
    const receipt = [...incident.movements].find((movement) => movement.type === 'receipt');
    expect(receipt).toMatchObject({ atMs: at('2026-03-10T15:00:00Z'), sku: 0, value: 48, ref: 'PO-2231' });
    expect(incident.observations.at(-2)).toEqual({ atMs: at('2026-03-13T00:00:00Z'), sku: 0, counts: [115, 115, 76] });
  });

  it('has movements and observations in time order', () => {
    for (const list of [[...incident.movements], [...incident.observations]]) {
      for (let index = 1; index < list.length; index++) expect(list[index]!.atMs).toBeGreaterThanOrEqual(list[index - 1]!.atMs);
    }
  });
});

describe('the spec example weekend-batch-gap', async () => {
  const incident = await loadIncident(`${EXAMPLES}/weekend-batch-gap.yaml`);

  it('has every movement and observation of the file', () => {
    expect(incident.movements).toHaveLength(136);
    expect(incident.observations).toHaveLength(48);
  });

  it('reads the shorthand system list, with storefront as a shopify', () => {
    expect(incident.systems.map((system) => `${system.name}:${system.kind}`)).toEqual(['wms:wms', 'erp:erp', 'storefront:shopify']);
  });

  it('reads offset and poll links', () => {
    expect(incident.links).toEqual([
      { name: 'wms->erp', from: 0, to: 1, mode: 'batch', everyMs: 6 * 3_600_000, offsetMs: 3_600_000, carries: 'snapshot', latencyMs: 0, idempotent: true },
      { name: 'erp->storefront', from: 1, to: 2, mode: 'poll', everyMs: 1_800_000, offsetMs: 0, carries: 'snapshot', latencyMs: 0, idempotent: true },
    ]);
  });

  it('sorts SKUs in code-point order, whatever order the file names them in', () => {
    // `initial` names BOTTLE-STEEL-1L first; B < S puts BOTTLE-BRUSH at index 0.
    expect(incident.skus).toEqual([{ sku: 'BOTTLE-BRUSH' }, { sku: 'BOTTLE-STEEL-1L' }]);
    expect(incident.initial).toEqual([
      [60, 300],
      [60, 300],
      [60, 300],
    ]);
    expect([...incident.movements].filter((movement) => movement.sku === 0)).toHaveLength(16);
    expect(incident.observations.at(-1)).toEqual({ atMs: at('2026-03-17T00:00:00Z'), sku: 1, counts: [7, 12, 12] });
  });

  it('reads the window', () => {
    expect(incident.window).toEqual({ startMs: Date.UTC(2026, 2, 13), endMs: Date.UTC(2026, 2, 17) });
  });

  it('adds --fault flags after the file faults', async () => {
    const withFault = await loadIncident(`${EXAMPLES}/weekend-batch-gap.yaml`, { extraFaults: ['cadence:link=wms->erp,pausedOn=sun|sat'] });
    expect(withFault.faults).toEqual([{ kind: 'cadence', params: { link: 'wms->erp', pausedOn: ['sat', 'sun'] } }]);
  });
});
