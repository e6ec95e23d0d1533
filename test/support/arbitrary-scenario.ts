/**
 * Random scenarios for property tests of the engine and the fault library.
 *
 * A scenario is 2-3 systems (wms, erp, storefront) in a chain, with random link modes,
 * carries, latency, cadence, offset, capacity and idempotency (and sometimes a storefront ->
 * erp event link for orders), 1-4 SKUs (some long, some sharing a prefix, some with titles,
 * so truncation has something to bite), 0-40 movements of every type in a one- or two-day
 * window that starts on a Friday (so `pausedOn` weekends happen), and optional faults drawn
 * from the whole library with valid parameters. It is produced as YAML text and loaded
 * through `incidentFrom`, so every property also exercises the loader.
 *
 * @example
 * fc.assert(fc.asyncProperty(scenarioArbitrary({ faults: 'deterministic' }), async ({ yaml }) => {
 *   const scenario = await incidentFrom(yaml);
 *   ...
 * }));
 */
import fc from 'fast-check';
import { MOVEMENT_TYPES } from '../../src/sim/model.js';
import { formatTime } from '../../src/sim/time.js';

/** Which faults a scenario may carry. */
export type FaultChoice =
  /** Rules with deterministic triggers and interventions; never `rate`. */
  | 'deterministic'
  /** At least one rule with a `rate` trigger and an explicit `seed`, plus any others. */
  | 'stochastic'
  /** At least one intervention (manual_override, unpropagated_adjustment, split_shipment). */
  | 'intervention'
  /** Anything, including none; a `rate` may leave its `seed` to the run. */
  | 'any';

export interface RandomScenario {
  yaml: string;
  /** The fault entries as written in the YAML, for failure messages. */
  faults: string[];
}

/** A fault entry before it is written: its kind and parameters as YAML values. */
interface FaultEntry {
  kind: string;
  params: Record<string, unknown>;
}

interface LinkShape {
  from: string;
  to: string;
  mode: 'event' | 'batch' | 'poll';
  fields: Record<string, unknown>;
}

interface Shape {
  systems: string[];
  links: LinkShape[];
  skus: { sku: string; title?: string }[];
  startMs: number;
  endMs: number;
  timezone: string;
}

const SKU_POOL: readonly { sku: string; title?: string }[] = [
  { sku: 'A' },
  { sku: 'MUG-01', title: 'Mug' },
  { sku: 'TEE-CLASSIC-BLK-M', title: 'Classic Tee - Black / M' },
  { sku: 'TEE-CLASSIC-BLK-MD', title: 'Classic Tee - Black / MD' },
  { sku: 'HOODIE-GRY-L', title: 'Hoodie' },
  { sku: 'HOODIE-GRY-L-TALL' },
];
const REFS = ['SO-1', 'SO-2', 'SO-10', 'SO-11', 'PO-7', '#5512'] as const;
/** Friday 2026-03-06 00:00Z. */
const START_MS = Date.UTC(2026, 2, 6);
const MINUTE = 60_000;
const DAY = 86_400_000;
const INTERVENTION_KINDS = new Set(['manual_override', 'unpropagated_adjustment', 'split_shipment']);

/** A YAML flow value: strings quoted (JSON strings are YAML), numbers and booleans bare. */
function yamlValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(yamlValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') return yamlMapping(value as Record<string, unknown>);
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function yamlMapping(record: Record<string, unknown>): string {
  return `{${Object.entries(record)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${yamlValue(value)}`)
    .join(', ')}}`;
}

const linkArbitrary = (from: string, to: string): fc.Arbitrary<LinkShape> =>
  fc
    .record({
      mode: fc.constantFrom('event', 'batch', 'poll'),
      carries: fc.constantFrom('snapshot', 'delta', undefined),
      latency: fc.constantFrom(undefined, '0s', '30s', '5m'),
      every: fc.constantFrom('15m', '30m', '1h', '2h'),
      offset: fc.constantFrom(undefined, '0s', '5m', '10m'),
      capacity: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      idempotent: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(({ mode, carries, latency, every, offset, capacity, idempotent }) => {
      const cyclic = mode !== 'event';
      return {
        from,
        to,
        mode,
        fields: { from, to, mode, carries, latency, idempotent, ...(cyclic ? { every, offset, capacity } : {}) },
      };
    });

const shapeArbitrary: fc.Arbitrary<Shape> = fc
  .record({
    three: fc.boolean(),
    backLink: fc.boolean(),
    days: fc.constantFrom(1, 2),
    timezone: fc.constantFrom('UTC', 'Pacific/Auckland', 'America/New_York'),
    skus: fc.subarray([...SKU_POOL], { minLength: 1, maxLength: 4 }),
    first: linkArbitrary('wms', 'erp'),
    second: linkArbitrary('erp', 'storefront'),
  })
  .map(({ three, backLink, days, timezone, skus, first, second }) => {
    const links = three ? [first, second] : [first];
    // Orders placed on the storefront flow back to the ERP; the relay rule stops them there.
    if (three && backLink) {
      links.push({
        from: 'storefront',
        to: 'erp',
        mode: 'event',
        fields: { from: 'storefront', to: 'erp', mode: 'event', carries: 'delta', types: ['order', 'cancel'] },
      });
    }
    return {
      systems: three ? ['wms', 'erp', 'storefront'] : ['wms', 'erp'],
      links,
      skus,
      startMs: START_MS,
      endMs: START_MS + days * DAY,
      timezone,
    };
  });

/** A time inside the window, at minute (sometimes second) resolution. */
const timeArbitrary = (shape: Shape) =>
  fc.integer({ min: 0, max: (shape.endMs - shape.startMs) / 1000 }).map((seconds) => shape.startMs + (seconds % 7 === 0 ? seconds * 1000 : Math.floor(seconds / 60) * MINUTE));

const windowArbitrary = (shape: Shape) =>
  fc.tuple(timeArbitrary(shape), timeArbitrary(shape)).map(([a, b]) => ({ from: formatTime(Math.min(a, b)), to: formatTime(Math.max(a, b)) }));

const movementArbitrary = (shape: Shape) =>
  fc
    .record({
      atMs: timeArbitrary(shape),
      system: fc.constantFrom(...shape.systems),
      sku: fc.constantFrom(...shape.skus.map((entry) => entry.sku)),
      type: fc.constantFrom(...MOVEMENT_TYPES),
      qty: fc.integer({ min: -5, max: 5 }).filter((qty) => qty !== 0),
      count: fc.integer({ min: 0, max: 20 }),
      ref: fc.option(fc.constantFrom(...REFS), { nil: undefined }),
      sync: rarely(fc.constant(false), 8),
    })
    .map(({ atMs, system, sku, type, qty, count, ref, sync }) => {
      const absolute = type === 'cycle_count' || type === 'manual_set';
      return yamlMapping({ at: formatTime(atMs), system, sku, type, ...(absolute ? { count } : { qty }), ref, sync });
    });

const initialArbitrary = (shape: Shape) =>
  fc
    .tuple(
      ...shape.skus.map(() =>
        fc.oneof(
          fc.integer({ min: 0, max: 50 }),
          fc.tuple(...shape.systems.map(() => fc.integer({ min: 0, max: 50 }))).map((counts) => Object.fromEntries(shape.systems.map((system, index) => [system, counts[index]]))),
        ),
      ),
    )
    .map((values) => Object.fromEntries(shape.skus.map((entry, index) => [entry.sku, values[index]])));

/**
 * `above` or `nth`; for a stochastic one, `rate` with its own `seed` (or, with `runSeeded`,
 * sometimes without one, so the run's seed decides).
 */
const triggerArbitrary = (stochastic: boolean, runSeeded = false): fc.Arbitrary<Record<string, unknown>> => {
  const deterministic = [
    fc.record({ count: fc.integer({ min: 0, max: 4 }), per: fc.constantFrom('1m', '10m', '1h', '6h') }).map(({ count, per }) => ({ above: `${count}/${per}` })),
    fc.integer({ min: 1, max: 5 }).map((nth) => ({ nth })),
  ];
  if (!stochastic) return fc.oneof(...deterministic);
  const seed = fc.integer({ min: 1, max: 1_000_000 });
  return fc.record({ rate: fc.constantFrom(0.1, 0.25, 0.5, '0.05', 1), seed: runSeeded ? rarely(seed, 2) : seed });
};

const retryArbitrary = fc.record({
  retry: fc.constantFrom(undefined, 'none', '30s', '5m'),
  maxRetries: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
});

/** `arbitrary` about one time in `oneIn`, else undefined (left out of the YAML). */
function rarely<T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: oneIn - 1 }, { arbitrary, weight: 1 });
}

const optionalWhen = (shape: Shape) => rarely(windowArbitrary(shape), 4);
const optionalSkus = (shape: Shape) => rarely(fc.subarray(shape.skus.map((entry) => entry.sku), { minLength: 1 }), 4);

/** Every fault kind the shape allows, with valid parameters. */
function faultArbitraries(shape: Shape, stochastic: boolean, runSeeded = false): { rules: fc.Arbitrary<FaultEntry>[]; interventions: fc.Arbitrary<FaultEntry>[] } {
  const cyclic = shape.links.filter((link) => link.mode !== 'event').map((link) => `${link.from}->${link.to}`);
  const events = shape.links.filter((link) => link.mode === 'event').map((link) => `${link.from}->${link.to}`);
  const all = shape.links.map((link) => `${link.from}->${link.to}`);
  const rules: fc.Arbitrary<FaultEntry>[] = [];
  const entry = (kind: string) => (params: Record<string, unknown>): FaultEntry => ({ kind, params });
  const triggered = (kind: string, links: string[], extra: Record<string, fc.Arbitrary<unknown>> = {}) =>
    fc
      .tuple(fc.constantFrom(...links), triggerArbitrary(stochastic, runSeeded), fc.record(extra), optionalWhen(shape), optionalSkus(shape))
      .map(([link, trigger, more, when, skus]) => entry(kind)({ link, ...trigger, ...more, when, skus }));

  if (cyclic.length > 0 && !stochastic) {
    rules.push(
      fc
        .record({
          link: fc.constantFrom(...cyclic),
          every: fc.option(fc.constantFrom('30m', '1h', '3h'), { nil: undefined }),
          pausedOn: fc.option(fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], { minLength: 1 }), { nil: undefined }),
          when: optionalWhen(shape),
        })
        .filter(({ every, pausedOn }) => every !== undefined || pausedOn !== undefined)
        .map(entry('cadence')),
      fc.record({ link: fc.constantFrom(...cyclic), capacity: fc.integer({ min: 1, max: 2 }), when: optionalWhen(shape) }).map(entry('batch_capacity')),
      fc
        .record({
          link: fc.constantFrom(...cyclic),
          delay: fc.option(fc.constantFrom('10m', '1h'), { nil: undefined }),
          perRecord: fc.option(fc.constantFrom('5m', '30m'), { nil: undefined }),
          when: optionalWhen(shape),
          skus: optionalSkus(shape),
        })
        .filter(({ delay, perRecord }) => delay !== undefined || perRecord !== undefined)
        .map(entry('batch_lag')),
    );
  }
  if (events.length > 0) rules.push(triggered('webhook_drop', events));
  rules.push(
    triggered('duplicate_delivery', all, { keyless: fc.option(fc.boolean(), { nil: undefined }) }),
    fc
      .tuple(triggered('timeout', all, { applied: fc.option(fc.boolean(), { nil: undefined }) }), retryArbitrary)
      .map(([fault, retry]) => ({ ...fault, params: { ...fault.params, ...retry } })),
  );
  if (!stochastic) {
    rules.push(
      fc
        .tuple(fc.record({ link: fc.constantFrom(...all), limit: fc.integer({ min: 1, max: 3 }), per: fc.constantFrom('1m', '1h'), when: optionalWhen(shape), skus: optionalSkus(shape) }), retryArbitrary)
        .map(([params, retry]) => entry('rate_limit')({ ...params, ...retry })),
      fc.record({ link: fc.constantFrom(...all), length: fc.integer({ min: 1, max: 12 }), when: optionalWhen(shape), skus: optionalSkus(shape) }).map(entry('key_collision')),
      fc
        .record({ link: fc.constantFrom(...all), field: fc.constantFrom(undefined, 'sku', 'title'), maxLength: fc.integer({ min: 1, max: 18 }), when: optionalWhen(shape), skus: optionalSkus(shape) })
        .map(entry('truncation')),
    );
  }

  const target = fc.record({ system: fc.constantFrom(...shape.systems), sku: fc.constantFrom(...shape.skus.map((item) => item.sku)) });
  const value = fc.oneof(fc.integer({ min: 0, max: 30 }).map((count) => ({ count })), fc.integer({ min: -5, max: 5 }).filter((delta) => delta !== 0).map((delta) => ({ delta })));
  const at = timeArbitrary(shape).map(formatTime);
  const interventions: fc.Arbitrary<FaultEntry>[] = [
    fc
      .tuple(
        target,
        fc.oneof(
          at.map((time) => ({ at: time })),
          fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), optionalWhen(shape)).map(([hour, minute, when]) => ({
            daily: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
            when,
          })),
        ),
        value,
      )
      .map(([who, when, how]) => entry('manual_override')({ ...who, ...when, ...how })),
    fc.tuple(target, at, value).map(([who, time, how]) => entry('unpropagated_adjustment')({ ...who, at: time, ...how })),
    fc
      .tuple(target, at, fc.integer({ min: -5, max: 5 }).filter((qty) => qty !== 0))
      .map(([who, time, qty]) => entry('split_shipment')({ ...who, at: time, qty })),
  ];
  return { rules, interventions };
}

function faultsArbitrary(shape: Shape, choice: FaultChoice): fc.Arbitrary<FaultEntry[]> {
  const deterministic = faultArbitraries(shape, false);
  const anyFault = fc.oneof(...deterministic.rules, ...deterministic.interventions);
  switch (choice) {
    case 'deterministic':
      return fc.array(anyFault, { minLength: 1, maxLength: 3 });
    case 'intervention':
      return fc.tuple(fc.oneof(...deterministic.interventions), fc.array(anyFault, { maxLength: 2 })).map(([first, rest]) => [first, ...rest]);
    case 'stochastic':
      return fc
        .tuple(fc.oneof(...faultArbitraries(shape, true).rules), fc.array(anyFault, { maxLength: 2 }))
        .map(([first, rest]) => [first, ...rest]);
    case 'any':
      return fc.array(fc.oneof(anyFault, ...faultArbitraries(shape, true, true).rules), { maxLength: 3 });
  }
}

/** Random scenarios as YAML text; see the file comment. */
export function scenarioArbitrary(options: { faults?: FaultChoice } = {}): fc.Arbitrary<RandomScenario> {
  const choice = options.faults ?? 'any';
  return shapeArbitrary.chain((shape) =>
    fc
      .record({
        initial: initialArbitrary(shape),
        movements: fc.array(movementArbitrary(shape), { maxLength: 40, size: 'max' }),
        faults: faultsArbitrary(shape, choice),
      })
      .map(({ initial, movements, faults }) => {
        const faultLines = faults.map((fault) => yamlMapping({ kind: fault.kind, ...fault.params }));
        const yaml = [
          'version: 1',
          'name: random-scenario',
          `window: {start: ${JSON.stringify(formatTime(shape.startMs))}, end: ${JSON.stringify(formatTime(shape.endMs))}}`,
          `timezone: ${shape.timezone}`,
          `systems: [${shape.systems.join(', ')}]`,
          'skus:',
          ...shape.skus.map((item) => `  - ${yamlMapping({ sku: item.sku, title: item.title })}`),
          `initial: ${yamlMapping(initial)}`,
          'links:',
          ...shape.links.map((link) => `  - ${yamlMapping(link.fields)}`),
          movements.length ? 'movements:' : 'movements: []',
          ...movements.map((movement) => `  - ${movement}`),
          faultLines.length ? 'faults:' : 'faults: []',
          ...faultLines.map((line) => `  - ${line}`),
          '',
        ].join('\n');
        return { yaml, faults: faultLines };
      }),
  );
}

/** True for the process kinds, whose faults are interventions. */
export function isInterventionKind(kind: string): boolean {
  return INTERVENTION_KINDS.has(kind);
}
