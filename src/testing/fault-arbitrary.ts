/**
 * Faults of every kind in the library, with parameters valid for a given topology, catalog
 * and window: the integration rules on links of the right mode (cadence, capacity and lag on
 * batch/poll links, drops on event links, the rest on any link) and the process
 * interventions on systems and SKUs, at instants inside the window. Deterministic triggers
 * (`above`, `nth`) by default; `stochastic: true` adds `rate` with an explicit `seed`.
 * Shrinking moves toward the first kind of the library order, `nth: 1`-like mild values and no
 * `when`/`skus` filters.
 *
 * @example
 * fc.sample(faultArbitrary({ topology, skus: ['MUG-01'], startMs, endMs }), 1)[0];
 * // { kind: 'cadence', link: 'wms->erp', pausedOn: ['sat', 'sun'] }
 */
import fc from 'fast-check';
import { FAULT_KINDS } from '../sim/faults/index.js';
import { formatTime } from '../sim/time.js';
import type { FaultDocument } from './documents.js';
import type { TopologyDocument } from './topology-arbitrary.js';

/**
 * Every fault kind, in the library's order.
 *
 * @example
 * ALL_FAULT_KINDS[0]; // 'cadence'
 */
export const ALL_FAULT_KINDS: readonly string[] = FAULT_KINDS.map((definition) => definition.kind);

export interface FaultOptions {
  topology: TopologyDocument;
  skus: readonly string[];
  startMs: number;
  endMs: number;
  /** Only these kinds (default: every kind the topology allows). */
  kinds?: readonly string[];
  /** Allow `rate` triggers with a `seed` (default false). */
  stochastic?: boolean;
}

const MINUTE = 60_000;

/** `arbitrary` about one time in `oneIn`, else left out; shrinking leaves it out (cross-shrinks to the first branch). */
function rarely<T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant(undefined), weight: oneIn - 1 }, { arbitrary, weight: 1 });
}

/**
 * The kinds that can be drawn for a topology (a kind with no link of the right mode cannot).
 *
 * @example
 * possibleFaultKinds({ systems, links: [{ from: 'wms', to: 'storefront', mode: 'event' }], recordOf: 'wms' }).includes('cadence'); // false
 */
export function possibleFaultKinds(topology: TopologyDocument): string[] {
  const cyclic = topology.links.some((link) => link.mode !== 'event');
  const event = topology.links.some((link) => link.mode === 'event');
  return ALL_FAULT_KINDS.filter((kind) => {
    if (kind === 'cadence' || kind === 'batch_capacity' || kind === 'batch_lag') return cyclic;
    if (kind === 'webhook_drop') return event;
    return true;
  });
}

/**
 * One fault, of any kind the topology allows (or of `options.kinds`).
 *
 * @example
 * fc.assert(fc.property(faultArbitrary(options), (fault) => ALL_FAULT_KINDS.includes(fault.kind)));
 */
export function faultArbitrary(options: FaultOptions): fc.Arbitrary<FaultDocument> {
  const { topology, skus } = options;
  const name = (link: { from: string; to: string }) => `${link.from}->${link.to}`;
  const all = topology.links.map(name);
  const cyclic = topology.links.filter((link) => link.mode !== 'event').map(name);
  const events = topology.links.filter((link) => link.mode === 'event').map(name);
  const systems = Object.keys(topology.systems);
  const span = Math.max(0, Math.floor((options.endMs - options.startMs) / MINUTE));
  const instant = fc.integer({ min: 0, max: span }).map((minutes) => formatTime(options.startMs + minutes * MINUTE));
  const when = rarely(
    fc.tuple(fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: span })).map(([a, b]) => ({ from: formatTime(options.startMs + Math.min(a, b) * MINUTE), to: formatTime(options.startMs + Math.max(a, b) * MINUTE) })),
    4,
  );
  const skuFilter = rarely(fc.subarray([...skus], { minLength: 1 }), 4);
  const trigger: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
    fc.integer({ min: 1, max: 5 }).map((nth) => ({ nth })),
    fc.record({ count: fc.integer({ min: 0, max: 5 }), per: fc.constantFrom('10m', '1m', '1h') }).map(({ count, per }) => ({ above: `${count}/${per}` })),
    ...(options.stochastic ? [fc.record({ rate: fc.constantFrom(0.5, 0.1, 1), seed: fc.integer({ min: 1, max: 1_000_000 }) })] : []),
  );
  const retry = fc.record({ retry: fc.constantFrom<(string | undefined)>(undefined, '30s', '5m'), maxRetries: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }) });
  const value = fc.oneof(fc.integer({ min: -5, max: 5 }).filter((delta) => delta !== 0).map((delta) => ({ delta })), fc.integer({ min: 0, max: 30 }).map((count) => ({ count })));
  const target = fc.record({ system: fc.constantFrom(...systems), sku: fc.constantFrom(...skus) });
  const make = (kind: string) => (params: Record<string, unknown>): FaultDocument => ({ kind, ...params });

  const byKind: Record<string, fc.Arbitrary<FaultDocument>> = {};
  if (cyclic.length > 0) {
    byKind.cadence = fc
      .record({
        link: fc.constantFrom(...cyclic),
        every: fc.option(fc.constantFrom('1h', '30m', '3h'), { nil: undefined }),
        pausedOn: fc.option(fc.subarray(['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'], { minLength: 1 }), { nil: undefined }),
        when,
      })
      .map(({ link, every, pausedOn, when: window }) => make('cadence')({ link, ...(every === undefined && pausedOn === undefined ? { pausedOn: ['sat', 'sun'] } : { every, pausedOn }), when: window }));
    byKind.batch_capacity = fc.record({ link: fc.constantFrom(...cyclic), capacity: fc.integer({ min: 1, max: 3 }), when }).map(make('batch_capacity'));
    byKind.batch_lag = fc
      .record({ link: fc.constantFrom(...cyclic), delay: fc.option(fc.constantFrom('10m', '2h'), { nil: undefined }), perRecord: fc.option(fc.constantFrom('30s', '5m'), { nil: undefined }), when, skus: skuFilter })
      .map(({ delay, perRecord, ...rest }) => make('batch_lag')({ ...rest, ...(delay === undefined && perRecord === undefined ? { delay: '10m' } : { delay, perRecord }) }));
  }
  if (events.length > 0) {
    byKind.webhook_drop = fc.tuple(fc.constantFrom(...events), trigger, when, skuFilter).map(([link, fire, window, only]) => make('webhook_drop')({ link, ...fire, when: window, skus: only }));
  }
  byKind.duplicate_delivery = fc
    .tuple(fc.constantFrom(...all), trigger, fc.option(fc.boolean(), { nil: undefined }), when, skuFilter)
    .map(([link, fire, keyless, window, only]) => make('duplicate_delivery')({ link, ...fire, keyless, when: window, skus: only }));
  byKind.timeout = fc
    .tuple(fc.constantFrom(...all), trigger, retry, fc.option(fc.boolean(), { nil: undefined }), when, skuFilter)
    .map(([link, fire, again, applied, window, only]) => make('timeout')({ link, ...fire, ...again, applied, when: window, skus: only }));
  byKind.rate_limit = fc
    .tuple(fc.record({ link: fc.constantFrom(...all), limit: fc.integer({ min: 1, max: 5 }), per: fc.constantFrom('1h', '1m', '15m') }), retry, when, skuFilter)
    .map(([base, again, window, only]) => make('rate_limit')({ ...base, ...again, when: window, skus: only }));
  byKind.key_collision = fc.record({ link: fc.constantFrom(...all), length: fc.integer({ min: 1, max: 12 }), when, skus: skuFilter }).map(make('key_collision'));
  byKind.truncation = fc
    .record({ link: fc.constantFrom(...all), field: fc.constantFrom<('sku' | 'title' | undefined)>(undefined, 'title'), maxLength: fc.integer({ min: 4, max: 18 }), when, skus: skuFilter })
    .map(make('truncation'));
  byKind.manual_override = fc
    .tuple(
      target,
      fc.oneof(
        instant.map((at) => ({ at })),
        fc.record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) }).map(({ hour, minute }) => ({ daily: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` })),
      ),
      value,
    )
    .map(([who, moment, how]) => make('manual_override')({ ...who, ...moment, ...how }));
  byKind.unpropagated_adjustment = fc.tuple(target, instant, value).map(([who, at, how]) => make('unpropagated_adjustment')({ ...who, at, ...how }));
  byKind.split_shipment = fc
    .tuple(target, instant, fc.integer({ min: -5, max: -1 }))
    .map(([who, at, qty]) => make('split_shipment')({ ...who, at, qty }));

  const wanted = (options.kinds ?? ALL_FAULT_KINDS).filter((kind) => byKind[kind] !== undefined);
  if (wanted.length === 0) throw new Error(`faultArbitrary: none of ${(options.kinds ?? []).join(', ')} fits this topology`);
  // Shrinking may swap a fault for one of the first kind allowed (the library's order), then simplify it.
  return fc.oneof({ withCrossShrink: true }, ...wanted.map((kind) => byKind[kind]!));
}

/**
 * A list of faults (default 0 to 3).
 *
 * @example
 * faultsArbitrary(options, { maxLength: 2 });
 */
export function faultsArbitrary(options: FaultOptions, size: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<FaultDocument[]> {
  return fc.array(faultArbitrary(options), { minLength: size.minLength ?? 0, maxLength: size.maxLength ?? 3 });
}
