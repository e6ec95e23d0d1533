/**
 * The stand-in the Gate 2 search trusts as exact (drop-surrogate.ts, `standInExact` in
 * rule-candidates.ts): on a delta event link into a system that passes nothing on, the
 * stand-in's score of a set of lost or doubled messages must be the replay's own score of
 * the rule that loses or doubles them. The search replays only the stand-in's best values
 * there, so a difference here would hide the true parameter. Checked by replaying, over
 * generated incidents (fixed seed), every kind of set the search scores: load thresholds (the
 * growing pass), every Nth, a timeout judged at delivery, a sliding-window rate limit, a
 * doubling (with a fresh key, as the
 * search proposes it on an idempotent link), and a drop on top of a
 * base rule that already loses messages on the same link.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateHypothesis } from '../../src/gate/evaluate.js';
import { dropSetScorer, growingDropScorer, lostMask } from '../../src/gate/drop-surrogate.js';
import { loadsIn, refusedOver } from '../../src/gate/rule-candidates.js';
import { Simulation } from '../../src/sim/engine.js';
import type { FaultSpec, Incident } from '../../src/sim/model.js';
import { faults, incidentFrom } from '../support/incident.js';

const SEED = 20261203;
const SKUS = ['A', 'B', 'C', 'D'];

const caseArbitrary = fc.record({
  movements: fc.array(fc.record({ minute: fc.integer({ min: 1, max: 1400 }), sku: fc.integer({ min: 0, max: 3 }), qty: fc.integer({ min: -5, max: 5 }).filter((qty) => qty !== 0) }), { minLength: 20, maxLength: 120 }),
  looks: fc.array(fc.record({ minute: fc.integer({ min: 0, max: 1439 }), sku: fc.integer({ min: 0, max: 3 }), offset: fc.integer({ min: -8, max: 8 }) }), { minLength: 6, maxLength: 30 }),
  threshold: fc.integer({ min: 1, max: 6 }),
  nth: fc.integer({ min: 2, max: 9 }),
  limit: fc.integer({ min: 1, max: 5 }),
});

type Case = typeof caseArbitrary extends fc.Arbitrary<infer T> ? T : never;

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2) + minute * 60_000).toISOString().replace('.000Z', 'Z');

/** An ERP -> storefront delta event link; the storefront, observed only, passes nothing on. */
async function build(plan: Case): Promise<Incident> {
  const movements = [...plan.movements].sort((a, b) => a.minute - b.minute).map((m, index) => `  - {at: '${at(m.minute)}', system: erp, sku: ${SKUS[m.sku]}, type: adjustment, qty: ${m.qty}, ref: R${index}}`);
  const scaffold = (observations: string[]) =>
    [
      'version: 1',
      'name: stand-in',
      `window: {start: '${at(0)}', end: '${at(1440)}'}`,
      'systems: [erp, storefront]',
      `initial: {${SKUS.map((sku) => `${sku}: 100`).join(', ')}}`,
      'links:',
      '  - {from: erp, to: storefront, mode: event, carries: delta, latency: 2s}',
      'movements:',
      ...movements,
      ...(observations.length > 0 ? ['observations:', ...observations] : []),
    ].join('\n');
  // Observed counts: what the declared link gives, plus an offset, so residuals are anything.
  const looks = [...plan.looks].sort((a, b) => a.minute - b.minute);
  const draft = await incidentFrom(scaffold(looks.map((look) => `  - {at: '${at(look.minute)}', sku: ${SKUS[look.sku]}, counts: {storefront: 0}}`)));
  const run = await new Simulation(draft).run();
  return incidentFrom(scaffold(looks.map((look, index) => `  - {at: '${at(look.minute)}', sku: ${SKUS[look.sku]}, counts: {storefront: ${run.observed[index]![1]! + look.offset}}}`)));
}

/** The replay's score of a rule on top of `base`: [observations mismatched, total error]. */
async function replayScore(incident: Incident, base: FaultSpec[], rule: string): Promise<[number, number]> {
  const evaluation = await evaluateHypothesis(incident, [...base, ...faults(incident, rule)]);
  return [evaluation.mismatched, evaluation.totalAbsError];
}

describe('the exact stand-in scores a set of lost or doubled messages as a replay does (fixed seed)', () => {
  it('for thresholds, every Nth, rate limits, doublings and a drop on top of a drop', async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (plan) => {
        const incident = await build(plan);
        const probe = async (base: FaultSpec[]) => {
          const run = await new Simulation(incident, { faults: base, recordLinkLoad: true }).run();
          return { observed: run.observed, load: run.linkLoad![0]! };
        };
        const plain = await probe([]);
        const lose = dropSetScorer(incident, plain.observed, 0, plain.load, 1);
        const double = dropSetScorer(incident, plain.observed, 0, plain.load, -1);
        const growing = growingDropScorer(incident, plain.observed, 0, plain.load, 1);
        // Every SKU looked at only once: nothing for a stand-in to score, and it says so.
        if (!lose || !double || !growing) return;
        const loads = loadsIn(plain.load.sendTimes, 5 * 60_000);
        const over = (threshold: number) => loads.flatMap((load, position) => (load > threshold ? [position] : []));
        const [grown] = growing([over(plan.threshold)]);
        expect(grown).toEqual(lose(over(plan.threshold)));
        expect(lose(over(plan.threshold))).toEqual(await replayScore(incident, [], `webhook_drop:link=erp->storefront,above=${plan.threshold}/5m`));
        // A timeout judges the load when the request arrives, two seconds later.
        const atDelivery = loadsIn(plain.load.sendTimes, 5 * 60_000, 2000).flatMap((load, position) => (load > plan.threshold ? [position] : []));
        expect(lose(atDelivery)).toEqual(await replayScore(incident, [], `timeout:link=erp->storefront,above=${plan.threshold}/5m,applied=false`));
        const every = plain.load.sendTimes.flatMap((_, position) => ((position + 1) % plan.nth === 0 ? [position] : []));
        expect(lose(every)).toEqual(await replayScore(incident, [], `webhook_drop:link=erp->storefront,nth=${plan.nth}`));
        // The growing pass and the one-set scorer are two computations of the same score.
        expect(growing([every])[0]).toEqual(lose(every));
        expect(double(over(plan.threshold))).toEqual(await replayScore(incident, [], `duplicate_delivery:link=erp->storefront,above=${plan.threshold}/5m,keyless=true`));
        expect(lose(refusedOver(plain.load.sendTimes, plan.limit, 60_000))).toEqual(await replayScore(incident, [], `rate_limit:link=erp->storefront,limit=${plan.limit},per=1m`));
        // On top of a base that already loses every Nth: those are marked and skipped.
        const base = faults(incident, `webhook_drop:link=erp->storefront,nth=${plan.nth}`);
        const dropped = await probe(base);
        const onTop = dropSetScorer(incident, dropped.observed, 0, dropped.load, 1)!;
        expect(onTop(over(plan.threshold))).toEqual(await replayScore(incident, base, `webhook_drop:link=erp->storefront,above=${plan.threshold}/5m`));
        const lost = lostMask(dropped.load);
        expect(onTop(refusedOver(dropped.load.sendTimes, plan.limit, 60_000, lost))).toEqual(await replayScore(incident, base, `rate_limit:link=erp->storefront,limit=${plan.limit},per=1m`));
      }),
      { seed: SEED, numRuns: 60, endOnFailure: true },
    );
  }, 120_000);
});
