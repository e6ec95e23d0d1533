/**
 * Gate 2's four answers on hand-written incidents, the budget, and determinism across worker
 * counts at the library level.
 */
import { threadEvaluator } from '../../src/adapters/evaluators.js';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/gate/diagnose.js';
import { gate2 } from '../../src/gate/gate2.js';
import { findScenario } from '../../src/io/scenario-library.js';
import { gate2ToJson } from '../../src/report/gate2-output.js';
import { emitIncident } from '../../src/sim/emit-incident.js';
import { incidentFrom, yamlIncident } from '../support/incident.js';

const T = (day: number, time: string) => `2026-03-0${day}T${time}Z`;

describe('gate2 answers', () => {
  it('yes / integration with an empty explanation when the declared links alone reproduce', async () => {
    // A daily batch: the ERP hears of the 10:00 shipment only at the next 00:00 cycle.
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        window: [T(2, '00:00:00'), T(3, '06:00:00')],
        links: ['{from: wms, to: erp, mode: batch, every: 1d, carries: snapshot}'],
        movements: [`{at: '${T(2, '10:00:00')}', system: wms, sku: A, type: shipment, qty: -4}`],
        observations: [`{at: '${T(2, '12:00:00')}', sku: A, counts: {wms: 6, erp: 10}}`, `{at: '${T(3, '01:00:00')}', sku: A, counts: {wms: 6, erp: 6}}`],
      }),
    );
    const result = await gate2(incident);
    expect({ answer: result.answer, problem: result.problem, explanation: result.explanation }).toEqual({ answer: 'yes', problem: 'integration', explanation: [] });
    expect(result.baseline).toEqual({ reproduces: true, observations: 2, mismatched: 0 });
  });

  it('no / process for a change at night that no message explains, placed between its two observations', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp, storefront]',
        window: [T(2, '00:00:00'), T(3, '00:00:00')],
        links: ['{from: wms, to: erp, mode: batch, every: 15m, carries: snapshot}', '{from: erp, to: storefront, mode: event, carries: delta}'],
        movements: [`{at: '${T(2, '10:00:00')}', system: wms, sku: A, type: shipment, qty: -2, ref: S1}`],
        observations: [
          `{at: '${T(2, '02:00:00')}', sku: A, counts: {wms: 10, erp: 10, storefront: 10}}`,
          `{at: '${T(2, '04:00:00')}', sku: A, counts: {wms: 10, erp: 10, storefront: 5}}`,
          `{at: '${T(2, '12:00:00')}', sku: A, counts: {wms: 8, erp: 8, storefront: 3}}`,
        ],
      }),
    );
    const result = await gate2(incident);
    expect({ answer: result.answer, problem: result.problem }).toEqual({ answer: 'no', problem: 'process' });
    const json = gate2ToJson(incident, result, 'rerun');
    expect(json.explanation).toEqual([
      {
        kind: 'manual_override',
        family: 'process',
        params: { system: 'storefront', sku: 'A', at: '2026-03-02T02:01:00Z', delta: -5 },
        between: { from: '2026-03-02T02:00:00Z', to: '2026-03-02T04:00:00Z' },
      },
    ]);
    const routed = await diagnose(incident);
    expect(routed.route).toBe('ops');
    expect(routed.gate1.answer).toBe('irregular');
    expect(routed.gate3.answer).toBe('no');
  });

  it('no / unexplained when the budget runs out, with the closest candidates and the budget said', async () => {
    const { incident } = await findScenario('storefront-sits-low');
    const result = await gate2(incident, { budget: 20 });
    expect({ answer: result.answer, problem: result.problem }).toEqual({ answer: 'no', problem: 'unexplained' });
    expect(result.searched.budgetExhausted).toBe(true);
    expect(result.searched.simulations).toBeLessThanOrEqual(21);
    expect(result.closest.length).toBeGreaterThan(0);
    expect(result.explanation).toEqual([]);
    const json = gate2ToJson(incident, result, 'rerun');
    expect(json.closest?.[0]).toHaveProperty('mismatched');
  });

  it('gives the same result for 1 and 2 worker threads', async () => {
    const entry = await findScenario('slow-batch-invites-overrides');
    const { incident } = await emitIncident(entry.incident, 3_600_000);
    const one = await gate2(incident, { evaluator: threadEvaluator(1) });
    const two = await gate2(incident, { evaluator: threadEvaluator(2) });
    expect(JSON.stringify(gate2ToJson(incident, two, 'x'))).toBe(JSON.stringify(gate2ToJson(incident, one, 'x')));
    expect(one.problem).toBe('both');
  });
});
