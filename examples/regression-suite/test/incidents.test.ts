/**
 * The library and the matchers on incidents: a generated scenario loads and replays, an
 * incident written by hand reproduces with the fault that explains it, and Gate 2 gives it
 * the verdict the team expects.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadIncidentFromObject, replay } from 'drift-sim';
import { driftSimMatchers, loadDocument, scenarioArbitrary, type IncidentDocument } from 'drift-sim/testing';

expect.extend(driftSimMatchers);

/** Friday to Monday, a 15-minute batch into the storefront that pauses at the weekend. */
const weekend: IncidentDocument = {
  version: 1,
  name: 'weekend-pause',
  window: { start: '2026-03-06T00:00:00Z', end: '2026-03-09T12:00:00Z' },
  systems: { wms: { kind: 'wms' }, storefront: { kind: 'shopify' } },
  initial: { 'MUG-01': 40 },
  links: [{ from: 'wms', to: 'storefront', mode: 'batch', every: '15m' }],
  movements: [
    { at: '2026-03-06T10:00:00Z', system: 'wms', sku: 'MUG-01', type: 'shipment', qty: -5, ref: 'SO-1' },
    { at: '2026-03-07T10:00:00Z', system: 'wms', sku: 'MUG-01', type: 'shipment', qty: -3, ref: 'SO-2' },
    { at: '2026-03-08T10:00:00Z', system: 'wms', sku: 'MUG-01', type: 'shipment', qty: -2, ref: 'SO-3' },
  ],
  observations: [
    { at: '2026-03-06T12:00:00Z', sku: 'MUG-01', counts: { wms: 35, storefront: 35 } },
    { at: '2026-03-07T12:00:00Z', sku: 'MUG-01', counts: { wms: 32, storefront: 35 } },
    { at: '2026-03-08T12:00:00Z', sku: 'MUG-01', counts: { wms: 30, storefront: 35 } },
    { at: '2026-03-09T12:00:00Z', sku: 'MUG-01', counts: { wms: 30, storefront: 30 } },
  ],
};

describe('incidents', () => {
  it('every generated scenario loads and replays', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary({ maxMovements: 10 }), async (document) => {
        const scenario = await loadDocument(document);
        const report = await replay(scenario);
        expect(report.run.stats.movements).toBe(document.movements?.length ?? 0);
      }),
      { seed: 7, numRuns: 15 },
    );
  });

  it('the weekend incident reproduces with the pause, and Gate 2 calls it integration', async () => {
    const incident = await loadIncidentFromObject(weekend);
    await expect(incident).not.toReproduce();
    await expect({ ...weekend, faults: [{ kind: 'cadence', link: 'wms->storefront', pausedOn: ['sat', 'sun'] }] }).toReproduce();
    await expect(incident).toHaveVerdict('yes', 'integration');
  });

  it('the chain converges once the Monday batch has run', async () => {
    await expect(weekend).toConverge();
  });
});
