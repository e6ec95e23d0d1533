/**
 * Hand-built inputs for the HTML report tests: a tiny incident written directly as an
 * `Incident` object (not through the loader, so these tests depend only on the model), and
 * Gate 2 results built by hand (the report must render whatever the search returns).
 *
 * The incident: a WMS pushing deltas to a storefront every 15 minutes; a person takes 30 units
 * of TEE-BLK-M off the storefront at 09:00 and 3 units of a SKU whose name is an HTML attack
 * at 11:00. MUG-01 drifts nowhere.
 */
import type { Gate2Result } from '../../src/gate/search.js';
import type { FaultSpec, Incident, Movement, Observation } from '../../src/sim/model.js';
import { compareCodePoints } from '../../src/sim/model.js';
import { MovementStore } from '../../src/sim/movement-store.js';
import { LogStore } from '../../src/sim/log-store.js';
import { ObservationStore } from '../../src/sim/observation-store.js';

export const EVIL_SKU = '<script>alert(1)</script>';
const DAY = '2026-03-02';

/** Milliseconds of `HH:MM` on the fixture's day (UTC). */
export function at(clock: string): number {
  return Date.parse(`${DAY}T${clock}:00Z`);
}

/** The SKUs in code-point order, as the model requires. */
const SKUS = [EVIL_SKU, 'MUG-01', 'TEE-BLK-M'].sort(compareCodePoints);
const sku = (name: string) => SKUS.indexOf(name);

export function tinyIncident(): Incident {
  const movement = (clock: string, name: string, qty: number, ref: string): Movement => ({
    atMs: at(clock),
    system: 0,
    sku: sku(name),
    type: 'shipment',
    value: qty,
    absolute: false,
    ref,
    sync: true,
  });
  const observation = (clock: string, name: string, wms: number, storefront: number): Observation => ({ atMs: at(clock), sku: sku(name), counts: [wms, storefront] });
  const initial = SKUS.map((name) => (name === 'TEE-BLK-M' ? 120 : name === 'MUG-01' ? 40 : 10));
  return {
    version: 1,
    name: 'tiny-storefront-drift',
    description: `Storefront sits low; the description mentions ${EVIL_SKU} & "quotes".`,
    window: { startMs: at('00:00'), endMs: Date.parse('2026-03-03T00:00:00Z') },
    timezone: 'UTC',
    systems: [
      { name: 'wms', kind: 'wms' },
      { name: 'storefront', kind: 'shopify' },
    ],
    recordOf: 0,
    skus: SKUS.map((name) => (name === 'TEE-BLK-M' ? { sku: name, title: 'Classic Tee - Black / M' } : { sku: name })),
    initial: [initial, [...initial]],
    links: [{ name: 'wms->storefront', from: 0, to: 1, mode: 'batch', everyMs: 15 * 60_000, offsetMs: 0, carries: 'delta', latencyMs: 0, idempotent: true }],
    movements: MovementStore.from([
      movement('10:04', 'TEE-BLK-M', -3, 'SO-1'),
      movement('11:00', 'MUG-01', -1, 'SO-2'),
      movement('14:10', 'TEE-BLK-M', -2, 'SO-3'),
    ]),
    observations: ObservationStore.from([
      observation('08:00', 'TEE-BLK-M', 120, 120),
      observation('12:00', 'MUG-01', 39, 39),
      observation('12:00', 'TEE-BLK-M', 117, 87),
      observation('12:00', EVIL_SKU, 10, 7),
      observation('18:00', 'TEE-BLK-M', 115, 85),
    ]),
    logs: LogStore.from([]),
    faults: [],
    tolerance: 0,
  };
}

export const TEE_OVERRIDE: FaultSpec = { kind: 'manual_override', params: { system: 'storefront', sku: 'TEE-BLK-M', at: at('09:00'), delta: -30 } };
export const EVIL_OVERRIDE: FaultSpec = { kind: 'manual_override', params: { system: 'storefront', sku: EVIL_SKU, at: at('11:00'), delta: -3 } };

/** The process verdict a search would give the tiny incident. */
export function processResult(): Gate2Result {
  return {
    answer: 'no',
    problem: 'process',
    // Fresh copies: a test may change them.
    explanation: [
      { spec: { ...TEE_OVERRIDE, params: { ...TEE_OVERRIDE.params } }, family: 'process', between: { fromMs: at('08:00'), toMs: at('12:00') } },
      { spec: { ...EVIL_OVERRIDE, params: { ...EVIL_OVERRIDE.params } }, family: 'process', between: { fromMs: at('00:00') - 1, toMs: at('12:00') } },
    ],
    baseline: { reproduces: false, observations: 5, mismatched: 3 },
    fit: { observations: 5, matched: 5, maxAbsError: 0 },
    startingCounts: [],
    searched: { hypotheses: 14, simulations: 17, budgetExhausted: false, budget: 4000, rules: { batch_capacity: 3 }, interventions: 8 },
    alternatives: [{ problem: 'integration' }, { problem: 'both' }],
    closest: [],
  };
}

/** The same incident read as an integration problem (an integration rule alone explains it). */
export function integrationResult(): Gate2Result {
  return {
    ...processResult(),
    answer: 'yes',
    problem: 'integration',
    explanation: [{ spec: { kind: 'batch_capacity', params: { link: 'wms->storefront', capacity: 1 } }, family: 'integration' }],
  };
}

/** Rules and actions together. */
export function bothResult(): Gate2Result {
  return {
    ...processResult(),
    problem: 'both',
    explanation: [{ spec: { kind: 'batch_capacity', params: { link: 'wms->storefront', capacity: 1 } }, family: 'integration' }, ...processResult().explanation],
  };
}

/** Nothing found: the closest candidate is one of the two overrides. */
export function unexplainedResult(): Gate2Result {
  const first = processResult().explanation[0]!;
  return {
    ...processResult(),
    problem: 'unexplained',
    explanation: [],
    fit: { observations: 5, matched: 2, maxAbsError: 30 },
    reason: 'budget',
    searched: { hypotheses: 4000, simulations: 4000, budgetExhausted: true, budget: 4000, rules: { batch_capacity: 3 }, interventions: 3990 },
    closest: [{ faults: [first], evaluation: { reproduces: false, matched: 4, mismatched: 1, firstMismatch: 3, totalAbsError: 3, steps: 1, stepError: 3, aborted: false, startingCounts: [], startDifferences: 0, replays: 1 } }],
  };
}

export const RERUN = `drift-sim replay tiny.yaml --fault 'manual_override:system=storefront,sku=TEE-BLK-M,at=2026-03-02T09:00:00Z,delta=-30'`;
