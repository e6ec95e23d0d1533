/**
 * Starting counts in the scoring of a hypothesis (evaluate.ts): a slot already apart at its
 * first look is taken as a wrong starting count, and the replay from the corrected count is
 * what is judged. Where a snapshot link later overwrites that slot, the difference is healed
 * there and later looks no longer show it: the corrected replay must still be made (judged
 * against the first look alone, the healed slot would look like a new change).
 */
import { describe, expect, it } from 'vitest';
import { evaluateHypothesis } from '../../src/gate/evaluate.js';
import { incidentFrom } from '../support/incident.js';

const incident = (erpLater: number) =>
  incidentFrom(
    [
      'version: 1',
      'name: healed-start',
      "window: {start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z'}",
      'systems: [wms, erp]',
      'initial: {A: 100}',
      'links: [{from: wms, to: erp, mode: batch, every: 30m, carries: snapshot}]',
      'movements:',
      "  - {at: '2026-03-02T02:10:00Z', system: wms, sku: A, type: adjustment, qty: -2}",
      'observations:',
      "  - {at: '2026-03-02T01:00:00Z', sku: A, counts: {wms: 100, erp: 60}}",
      `  - {at: '2026-03-02T03:00:00Z', sku: A, counts: {wms: 98, erp: ${erpLater}}}`,
    ].join('\n'),
  );

describe('starting counts healed by a snapshot', () => {
  it('an ERP 40 under at its first look, reset by the 02:30 snapshot to the WMS 98: reproduces from a starting count of -40', async () => {
    const evaluation = await evaluateHypothesis(await incident(98), []);
    expect(evaluation.startingCounts).toEqual([{ system: 1, sku: 0, difference: -40 }]);
    expect(evaluation.mismatched).toBe(0);
    expect(evaluation.reproduces).toBe(true);
  });

  it('an ERP still 40 under at 03:00 (so not reset by the snapshot) does not reproduce: 1 mismatch', async () => {
    const evaluation = await evaluateHypothesis(await incident(58), []);
    expect(evaluation.reproduces).toBe(false);
    expect(evaluation.mismatched).toBe(1);
  });
});
