/**
 * Whole scenarios and incidents as file-format documents: a topology, a catalog, initial
 * counts, a movement stream of some shape, and
 *
 * - for a **scenario**, faults of any kind (what `drift-sim run` simulates);
 * - for an **incident**, what the field recorded: observations of every SKU at regular
 *   instants, the counts the chain would show if it were in sync, plus (sometimes) a drift
 *   that a system picked up at some instant, and log lines. No faults.
 *
 * The window starts on Friday 2026-03-06 00:00Z and lasts one to three days, so weekends
 * happen. Shrinking moves toward one SKU, a two-system chain, no movements and no faults.
 *
 * @example
 * fc.assert(fc.asyncProperty(scenarioArbitrary(), async (document) => {
 *   const scenario = await loadDocument(document);
 *   await replay(scenario);
 * }));
 */
import fc from 'fast-check';
import { formatTime } from '../sim/time.js';
import { catalogArbitrary, type CatalogOptions } from './catalog-arbitrary.js';
import type { FaultDocument, IncidentDocument, LogDocument, MovementDocument, ObservationDocument } from './documents.js';
import { faultsArbitrary } from './fault-arbitrary.js';
import { movementStreamArbitrary, STREAM_SHAPES, type StreamShape } from './movement-stream-arbitrary.js';
import { topologyArbitrary, type TopologyDocument, type TopologyOptions } from './topology-arbitrary.js';

/**
 * Where generated windows start: Friday 2026-03-06 00:00Z, so a weekend follows.
 *
 * @example
 * formatTime(DEFAULT_START_MS); // '2026-03-06T00:00:00Z'
 */
export const DEFAULT_START_MS = Date.UTC(2026, 2, 6);
const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface ScenarioOptions {
  catalog?: CatalogOptions;
  topology?: TopologyOptions;
  /** Stream shapes to draw from (default all). */
  shapes?: readonly StreamShape[];
  /** Days in the window (default 1 to 3). */
  maxDays?: number;
  /** Movements at most (default 40). */
  maxMovements?: number;
  /** Fault kinds to draw from (default every kind the topology allows); `[]` for none. */
  faultKinds?: readonly string[];
  /** Faults at most (default 3) and at least (default 0). */
  maxFaults?: number;
  minFaults?: number;
  /** Allow stochastic (`rate` + `seed`) triggers (default false). */
  stochastic?: boolean;
  /** The file's `name` (default `generated-scenario` / `generated-incident`). */
  name?: string;
}

/** What every generated document shares before its faults or observations. */
export interface Skeleton {
  topology: TopologyDocument;
  skus: { sku: string; title?: string }[];
  days: number;
  shape: StreamShape;
}

/**
 * The shared part: topology, catalog, days and stream shape.
 *
 * @example
 * fc.sample(skeletonArbitrary(), 1)[0].shape; // 'steady'
 */
export function skeletonArbitrary(options: ScenarioOptions = {}): fc.Arbitrary<Skeleton> {
  return fc.record({
    topology: topologyArbitrary(options.topology),
    skus: catalogArbitrary(options.catalog),
    days: fc.integer({ min: 1, max: options.maxDays ?? 3 }),
    shape: fc.constantFrom(...(options.shapes ?? STREAM_SHAPES)),
  });
}

function baseDocument(skeleton: Skeleton, name: string, initial: Record<string, number>, movements: MovementDocument[]): IncidentDocument {
  return {
    version: 1,
    name,
    window: { start: formatTime(DEFAULT_START_MS), end: formatTime(DEFAULT_START_MS + skeleton.days * DAY) },
    systems: skeleton.topology.systems,
    recordOf: skeleton.topology.recordOf,
    skus: skeleton.skus,
    initial,
    links: skeleton.topology.links,
    movements,
  };
}

const initialArbitrary = (skus: readonly string[]) => fc.tuple(...skus.map(() => fc.integer({ min: 0, max: 200 }))).map((counts) => Object.fromEntries(skus.map((sku, index) => [sku, counts[index]!])));

const streamFor = (skeleton: Skeleton, maxMovements?: number) =>
  movementStreamArbitrary({
    skus: skeleton.skus.map((entry) => entry.sku),
    startMs: DEFAULT_START_MS,
    days: skeleton.days,
    shape: skeleton.shape,
    source: 'wms',
    ...(skeleton.topology.links.some((link) => link.from === 'storefront') ? { storefront: 'storefront' } : {}),
    ...(maxMovements !== undefined ? { maxMovements } : {}),
  });

/**
 * A scenario: a skeleton with initial counts, movements and faults (no observations).
 *
 * @example
 * fc.assert(fc.asyncProperty(scenarioArbitrary({ faultKinds: ['webhook_drop'] }), async (document) => { await loadDocument(document); }));
 */
export function scenarioArbitrary(options: ScenarioOptions = {}): fc.Arbitrary<IncidentDocument> {
  return skeletonArbitrary(options).chain((skeleton) => {
    const skus = skeleton.skus.map((entry) => entry.sku);
    const faults: fc.Arbitrary<FaultDocument[]> =
      options.faultKinds && options.faultKinds.length === 0
        ? fc.constant([])
        : faultsArbitrary(
            {
              topology: skeleton.topology,
              skus,
              startMs: DEFAULT_START_MS,
              endMs: DEFAULT_START_MS + skeleton.days * DAY,
              ...(options.faultKinds ? { kinds: options.faultKinds } : {}),
              ...(options.stochastic ? { stochastic: true } : {}),
            },
            { minLength: options.minFaults ?? 0, maxLength: options.maxFaults ?? 3 },
          );
    return fc
      .record({ initial: initialArbitrary(skus), movements: streamFor(skeleton, options.maxMovements), faults })
      .map(({ initial, movements, faults: drawn }) => ({ ...baseDocument(skeleton, options.name ?? 'generated-scenario', initial, movements), faults: drawn }));
  });
}

/** Running count of one SKU (what every system shows when the chain is in sync) at `atMs`. */
function syncedCount(initial: number, movements: readonly MovementDocument[], sku: string, atMs: number): number {
  let count = initial;
  for (const movement of movements) {
    if (movement.sku !== sku || Date.parse(movement.at) > atMs) continue;
    count = movement.count !== undefined ? movement.count : count + movement.qty!;
  }
  return count;
}

export interface IncidentOptions extends ScenarioOptions {
  /** Hours between observations (default 6). */
  observeEveryHours?: number;
}

/**
 * An incident: a skeleton with initial counts, movements, observations of every SKU every
 * few hours in every system (the in-sync counts, plus, sometimes, a drift one system picked up
 * from some instant on) and an error log line where the drift started. No faults.
 *
 * @example
 * fc.assert(fc.asyncProperty(incidentArbitrary(), async (document) => {
 *   const incident = await loadDocument(document);
 *   expect(incident.observations.length).toBeGreaterThan(0);
 * }));
 */
export function incidentArbitrary(options: IncidentOptions = {}): fc.Arbitrary<IncidentDocument> {
  const everyMs = (options.observeEveryHours ?? 6) * HOUR;
  return skeletonArbitrary(options).chain((skeleton) => {
    const skus = skeleton.skus.map((entry) => entry.sku);
    const systems = Object.keys(skeleton.topology.systems);
    const endMs = DEFAULT_START_MS + skeleton.days * DAY;
    const drift = fc.option(
      fc.record({ system: fc.constantFrom(...systems.filter((system) => system !== 'wms')), sku: fc.constantFrom(...skus), fromHour: fc.integer({ min: 1, max: skeleton.days * 24 }), offset: fc.integer({ min: -30, max: 30 }).filter((offset) => offset !== 0) }),
      { nil: undefined },
    );
    return fc.record({ initial: initialArbitrary(skus), movements: streamFor(skeleton, options.maxMovements), drift }).map(({ initial, movements, drift: gap }) => {
      const observations: ObservationDocument[] = [];
      for (let atMs = DEFAULT_START_MS + everyMs; atMs <= endMs; atMs += everyMs) {
        for (const sku of skus) {
          const synced = syncedCount(initial[sku]!, movements, sku, atMs);
          const counts = Object.fromEntries(systems.map((system) => [system, synced + (gap && gap.sku === sku && gap.system === system && atMs >= DEFAULT_START_MS + gap.fromHour * HOUR ? gap.offset : 0)]));
          observations.push({ at: formatTime(atMs), sku, counts });
        }
      }
      const logs: LogDocument[] = gap
        ? [{ at: formatTime(Math.min(endMs, DEFAULT_START_MS + gap.fromHour * HOUR)), component: gap.system, level: 'error', code: 'SYNC_FAILED', sku: gap.sku, message: `update for ${gap.sku} failed` }]
        : [];
      return { ...baseDocument(skeleton, options.name ?? 'generated-incident', initial, movements), observations, ...(logs.length > 0 ? { logs } : {}) };
    });
  });
}
