/**
 * Every arbitrary of drift-sim/testing: what it generates loads through the real loader and
 * replays without a problem, and shrinking a failing case reaches a smaller case that is still
 * a valid file. Fixed seeds; a failure prints fast-check's seed and path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replay } from '../../src/sim/replay.js';
import { formatTime } from '../../src/sim/time.js';
import {
  catalogArbitrary,
  connectorCaseArbitrary,
  DEFAULT_START_MS,
  documentSize,
  faultsArbitrary,
  incidentArbitrary,
  loadDocument,
  movementStreamArbitrary,
  scenarioArbitrary,
  STREAM_SHAPES,
  topologyArbitrary,
  type IncidentDocument,
  type MovementDocument,
  type SkuDocument,
} from '../../src/testing/index.js';
import type { TopologyDocument } from '../../src/testing/topology-arbitrary.js';

const DAY = 86_400_000;
const SKUS = ['MUG-01', 'TEE-NAVY-M', 'TEE-NAVY-M-TALL'];
const CHAIN: TopologyDocument = {
  systems: { wms: { kind: 'wms' }, erp: { kind: 'erp' }, storefront: { kind: 'shopify' } },
  links: [
    { from: 'wms', to: 'erp', mode: 'batch', every: '15m' },
    { from: 'erp', to: 'storefront', mode: 'event', carries: 'delta' },
    { from: 'storefront', to: 'erp', mode: 'event', carries: 'delta', types: ['order', 'cancel'] },
  ],
  recordOf: 'wms',
};

/** A document around generated parts: a two-day window from Friday, the chain, the SKUs. */
function around(parts: { skus?: SkuDocument[]; topology?: TopologyDocument; movements?: MovementDocument[]; faults?: IncidentDocument['faults'] }): IncidentDocument {
  const skus = parts.skus ?? SKUS.map((sku) => ({ sku }));
  const topology = parts.topology ?? CHAIN;
  return {
    version: 1,
    name: 'kit-case',
    window: { start: formatTime(DEFAULT_START_MS), end: formatTime(DEFAULT_START_MS + 2 * DAY) },
    systems: topology.systems,
    recordOf: topology.recordOf,
    skus,
    initial: Object.fromEntries(skus.map((entry) => [entry.sku, 20])),
    links: topology.links,
    movements: parts.movements ?? [],
    ...(parts.faults ? { faults: parts.faults } : {}),
  };
}

/** Loads and replays with the document's faults; throws (with the problems) if either fails. */
async function loadsAndReplays(document: IncidentDocument): Promise<void> {
  const incident = await loadDocument(document);
  const report = await replay(incident, { faults: incident.faults });
  expect(report.run.stats.movements).toBe(document.movements?.length ?? 0);
}

/**
 * Runs `fails` (true for the cases that should fail) to a failure, and returns the first
 * failing case and the shrunk one.
 */
async function shrinkOf<T>(arbitrary: fc.Arbitrary<T>, fails: (value: T) => boolean, seed: number): Promise<{ first: T; shrunk: T }> {
  const details = await fc.check(fc.property(arbitrary, (value) => !fails(value)), { seed, numRuns: 500, verbose: fc.VerbosityLevel.Verbose });
  expect(details.failed, `no failing case found (seed ${seed})`).toBe(true);
  return { first: details.failures[0]![0] as T, shrunk: details.counterexample![0] as T };
}

const FAST = { seed: 12, numRuns: 25 };

describe('arbitraries: output loads and replays', () => {
  it('catalogArbitrary', async () => {
    await fc.assert(fc.asyncProperty(catalogArbitrary(), (skus) => loadsAndReplays(around({ skus }))), FAST);
  });

  it('topologyArbitrary', async () => {
    await fc.assert(fc.asyncProperty(topologyArbitrary(), (topology) => loadsAndReplays(around({ topology }))), FAST);
  });

  for (const shape of STREAM_SHAPES) {
    it(`movementStreamArbitrary (${shape})`, async () => {
      const stream = movementStreamArbitrary({ skus: SKUS, startMs: DEFAULT_START_MS, days: 2, shape, source: 'wms', storefront: 'storefront' });
      await fc.assert(fc.asyncProperty(stream, (movements) => loadsAndReplays(around({ movements }))), FAST);
    });
  }

  it('faultsArbitrary: every kind of the library, valid on the chain', async () => {
    const seen = new Set<string>();
    const faults = faultsArbitrary({ topology: CHAIN, skus: SKUS, startMs: DEFAULT_START_MS, endMs: DEFAULT_START_MS + 2 * DAY, stochastic: true }, { minLength: 1, maxLength: 3 });
    const stream = movementStreamArbitrary({ skus: SKUS, startMs: DEFAULT_START_MS, days: 2, shape: 'steady', storefront: 'storefront', maxMovements: 10 });
    await fc.assert(
      fc.asyncProperty(faults, stream, async (drawn, movements) => {
        for (const fault of drawn) seen.add(fault.kind);
        await loadsAndReplays(around({ movements, faults: drawn }));
      }),
      { seed: 3, numRuns: 120 },
    );
    expect([...seen].sort()).toEqual(
      ['batch_capacity', 'batch_lag', 'cadence', 'duplicate_delivery', 'key_collision', 'manual_override', 'rate_limit', 'split_shipment', 'timeout', 'truncation', 'unpropagated_adjustment', 'webhook_drop'].sort(),
    );
  });

  it('scenarioArbitrary', async () => {
    await fc.assert(fc.asyncProperty(scenarioArbitrary(), loadsAndReplays), FAST);
  });

  it('incidentArbitrary: observations of every SKU, and no faults', async () => {
    await fc.assert(
      fc.asyncProperty(incidentArbitrary(), async (document) => {
        await loadsAndReplays(document);
        const incident = await loadDocument(document);
        expect(incident.faults).toEqual([]);
        expect(incident.observations.length).toBe(incident.skus.length * ((document.observations!.length / incident.skus.length) | 0));
      }),
      FAST,
    );
  });

  it('connectorCaseArbitrary (every fault class)', async () => {
    for (const faults of ['none', 'retried', 'lossy'] as const) {
      await fc.assert(fc.asyncProperty(connectorCaseArbitrary({ faults, quiescenceMs: 3_600_000 }), (testCase) => loadsAndReplays(testCase.document)), { seed: 5, numRuns: 15 });
    }
  });
});

describe('arbitraries: shrinking reaches a smaller valid case', () => {
  it('catalogArbitrary shrinks to two SKUs when two are enough to fail', async () => {
    const { first, shrunk } = await shrinkOf(catalogArbitrary({ maxSkus: 6 }), (skus) => skus.length >= 2, 1);
    expect(shrunk).toHaveLength(2);
    expect(first.length).toBeGreaterThanOrEqual(shrunk.length);
    await loadsAndReplays(around({ skus: shrunk }));
  });

  it('topologyArbitrary shrinks toward the two-system chain with one link', async () => {
    const { shrunk } = await shrinkOf(topologyArbitrary(), (topology) => Object.keys(topology.systems).length >= 3, 2);
    // The smallest topology with three systems: wms -> erp -> storefront, event links, defaults left out.
    expect(shrunk.links).toEqual([
      { from: 'wms', to: 'erp', mode: 'event' },
      { from: 'erp', to: 'storefront', mode: 'event' },
    ]);
    await loadsAndReplays(around({ topology: shrunk }));
  });

  it('movementStreamArbitrary shrinks to three one-unit movements', async () => {
    const stream = movementStreamArbitrary({ skus: SKUS, startMs: DEFAULT_START_MS, days: 2, shape: 'steady', source: 'wms' });
    const { first, shrunk } = await shrinkOf(stream, (movements) => movements.length >= 3, 3);
    expect(shrunk).toHaveLength(3);
    expect(first.length).toBeGreaterThanOrEqual(3);
    for (const movement of shrunk) expect(Math.abs(movement.qty ?? movement.count ?? 0)).toBeLessThanOrEqual(1);
    await loadsAndReplays(around({ movements: shrunk }));
  });

  it('faultsArbitrary shrinks to two cadence faults with no when/skus filters', async () => {
    const faults = faultsArbitrary({ topology: CHAIN, skus: SKUS, startMs: DEFAULT_START_MS, endMs: DEFAULT_START_MS + 2 * DAY }, { maxLength: 5 });
    const { shrunk } = await shrinkOf(faults, (drawn) => drawn.length >= 2, 4);
    expect(shrunk).toHaveLength(2);
    // Faults shrink toward the first kind of the library (cadence), and their filters go.
    for (const fault of shrunk) {
      expect(fault.kind).toBe('cadence');
      expect(fault.when).toBeUndefined();
      expect(fault.skus).toBeUndefined();
    }
    await loadsAndReplays(around({ faults: shrunk }));
  });

  it('scenarioArbitrary shrinks to a smaller scenario with a movement and a fault', async () => {
    const { first, shrunk } = await shrinkOf(scenarioArbitrary(), (document) => (document.movements?.length ?? 0) >= 1 && (document.faults?.length ?? 0) >= 1, 5);
    expect(shrunk.movements).toHaveLength(1);
    expect(shrunk.faults).toHaveLength(1);
    expect(documentSize(shrunk)).toBeLessThanOrEqual(documentSize(first));
    expect(documentSize(shrunk)).toBeLessThan(documentSize(first) + 1);
    await loadsAndReplays(shrunk);
  });

  it('incidentArbitrary shrinks to one SKU with a drift at one system', async () => {
    const drifted = (document: IncidentDocument) => (document.observations ?? []).some((observation) => new Set(Object.values(observation.counts)).size > 1);
    const { first, shrunk } = await shrinkOf(incidentArbitrary(), drifted, 6);
    expect(shrunk.skus).toHaveLength(1);
    expect(shrunk.movements).toHaveLength(0);
    expect(documentSize(shrunk)).toBeLessThanOrEqual(documentSize(first));
    await loadsAndReplays(shrunk);
  });

  it('connectorCaseArbitrary shrinks to one SKU, one movement and one fault', async () => {
    const { shrunk } = await shrinkOf(
      connectorCaseArbitrary({ faults: 'retried', quiescenceMs: 3_600_000 }),
      (testCase) => (testCase.document.movements?.length ?? 0) >= 1,
      7,
    );
    expect(shrunk.document.skus).toHaveLength(1);
    expect(shrunk.document.movements).toHaveLength(1);
    expect(shrunk.document.faults).toHaveLength(1);
    expect(shrunk.document.movements![0]!.qty).toBe(-1);
    await loadsAndReplays(shrunk.document);
  });
});
