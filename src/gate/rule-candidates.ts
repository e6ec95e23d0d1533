/**
 * Integration-rule hypotheses for the Gate 2 search, with parameters derived from the
 * incident itself rather than swept blindly: cadences from the declared period and the
 * weekdays in the window, capacities below the largest backlog the baseline saw, load
 * thresholds from the baseline's own message rates, key and truncation lengths at the exact
 * points where keys or SKUs start to collide.
 *
 * Hypotheses come in families: one kind on one link with every parameter fixed but one
 * integer (a capacity, a threshold, a delay in minutes). The search evaluates each family's
 * ladder of values, then refines the promising families by bisection between neighbours, so
 * that an exact threshold is found in a handful of replays instead of a sweep.
 *
 * Rules are applied uniformly to a link and conditioned only on the inputs: no `when`, no
 * `skus`, no stochastic `rate` (gates.md: those pick moments or items by hand).
 */
import { WEEKDAYS, weekdayAt } from '../sim/calendar.js';
import type { LinkLoad } from '../sim/engine.js';
import type { FaultParamValue, FaultSpec, Incident } from '../sim/model.js';

export interface RuleFamily {
  /** Stable label, for ordering and debugging: `batch_capacity wms->erp`. */
  label: string;
  kind: string;
  /** Ladder values, ordered from the most benign to the most severe. */
  values: number[];
  /** Whether values between two ladder steps are meaningful (bisection may probe them). */
  refinable: boolean;
  /**
   * Whether a milder value's effect is part of a stronger one's (a load threshold: the
   * messages over a high threshold are over every lower one too), so that a family already
   * worse than the baseline at its mildest value can be passed over.
   */
  nested: boolean;
  /** Is `a` more benign (simpler) than `b`? Orders refined values into the ladder. */
  benignFirst: (a: number, b: number) => number;
  make: (value: number) => FaultSpec;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Windows over which load thresholds (`above: N/D`) are measured. */
const LOAD_WINDOWS_MS = [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR];
const descending = (a: number, b: number) => b - a;
const ascending = (a: number, b: number) => a - b;

/** Every rule family for the links in `links`, in the library's kind order. */
export function ruleFamilies(
  incident: Incident,
  linkLoad: readonly LinkLoad[],
  links: readonly number[],
  mismatchWeekdays: ReadonlyMap<number, ReadonlySet<string>> = new Map(),
): RuleFamily[] {
  const families: RuleFamily[] = [];
  const windowMs = incident.window.endMs - incident.window.startMs;
  const weekdaysInWindow = weekdaysPresent(incident);
  const batchLinks = links.filter((link) => incident.links[link]!.mode !== 'event');
  const eventLinks = links.filter((link) => incident.links[link]!.mode === 'event');
  const name = (link: number) => incident.links[link]!.name;
  const sends = (link: number) => linkLoad[link]?.sendTimes ?? [];

  for (const link of batchLinks) {
    const every = incident.links[link]!.everyMs!;
    const factors = [2, 3, 4, 6, 8, 12, 24, 48, 96].filter((factor) => every * factor <= windowMs);
    if (factors.length > 0) {
      families.push(discrete(`cadence every ${name(link)}`, 'cadence', factors, (factor) => ({ link: name(link), every: every * factor })));
    }
    // A paused weekday leaves the link's target stale that day: only days where it mismatched.
    const evidence = mismatchWeekdays.get(incident.links[link]!.to);
    const runs = weekdayRuns(weekdaysInWindow.filter((day) => evidence === undefined || evidence.has(day)));
    if (runs.length > 0) families.push(discrete(`cadence pausedOn ${name(link)}`, 'cadence', runs.map((_, index) => index), (index) => ({ link: name(link), pausedOn: runs[index]! })));
  }
  for (const link of batchLinks) {
    const declared = incident.links[link]!.capacity ?? Infinity;
    const maxPending = Math.min(linkLoad[link]?.maxPending ?? 0, declared);
    if (maxPending >= 2) {
      families.push({
        label: `batch_capacity ${name(link)}`,
        kind: 'batch_capacity',
        values: ladderBelow(maxPending).sort(descending),
        refinable: true,
        nested: false,
        benignFirst: descending,
        make: (capacity) => ({ kind: 'batch_capacity', params: { link: name(link), capacity } }),
      });
    }
  }
  for (const link of batchLinks) {
    const everyMinutes = Math.max(1, Math.round(incident.links[link]!.everyMs! / MINUTE));
    families.push({
      label: `batch_lag delay ${name(link)}`,
      kind: 'batch_lag',
      values: [...new Set([Math.max(1, Math.round(everyMinutes / 2)), everyMinutes, 2 * everyMinutes, 4 * everyMinutes, 8 * everyMinutes])].sort(ascending),
      refinable: true,
      nested: false,
      benignFirst: ascending,
      make: (minutes) => ({ kind: 'batch_lag', params: { link: name(link), delay: minutes * MINUTE } }),
    });
    families.push({
      label: `batch_lag perRecord ${name(link)}`,
      kind: 'batch_lag',
      values: [1, 10, 60, 300],
      refinable: true,
      nested: false,
      benignFirst: ascending,
      make: (seconds) => ({ kind: 'batch_lag', params: { link: name(link), perRecord: seconds * SECOND } }),
    });
  }
  for (const link of eventLinks) families.push(...triggerFamilies('webhook_drop', name(link), sends(link), {}));
  for (const link of links) {
    const definition = incident.links[link]!;
    // A snapshot applied twice sets the same count: duplicates only show on delta links.
    if (definition.carries === 'delta') families.push(...triggerFamilies('duplicate_delivery', name(link), sends(link), { keyless: definition.idempotent }));
  }
  for (const link of links) {
    const definition = incident.links[link]!;
    // On an event link a lost timeout has the same effect on counts as webhook_drop (listed first).
    if (definition.mode !== 'event') families.push(...triggerFamilies('timeout', name(link), sends(link), { applied: false, retry: -1, maxRetries: 3 }, 'lost'));
    if (!definition.idempotent && definition.carries === 'delta') {
      families.push(...triggerFamilies('timeout', name(link), sends(link), { applied: true, retry: MINUTE, maxRetries: 3 }, 'retried'));
    }
  }
  for (const link of links) {
    for (const perMs of [MINUTE, HOUR]) {
      const maxLoad = Math.max(0, ...loadsIn(sends(link), perMs));
      if (maxLoad < 2) continue;
      for (const retry of [-1, perMs]) {
        families.push({
          label: `rate_limit ${name(link)} per ${perMs} retry ${retry}`,
          kind: 'rate_limit',
          values: ladderBelow(maxLoad).sort(descending),
          refinable: true,
          nested: true,
          benignFirst: descending,
          make: (limit) => ({ kind: 'rate_limit', params: { link: name(link), limit, per: perMs, retry, maxRetries: 3 } }),
        });
      }
    }
  }
  const keyLengths = collisionLengths(eventKeys(incident));
  for (const link of links) {
    // Candidate lengths come from ref keys, which only event links carry (batch keys are generated).
    if (!incident.links[link]!.idempotent || incident.links[link]!.mode !== 'event' || keyLengths.length === 0) continue;
    families.push(discrete(`key_collision ${name(link)}`, 'key_collision', keyLengths, (length) => ({ link: name(link), length })));
  }
  for (const field of ['sku', 'title'] as const) {
    if (field === 'title' && incident.skus.every((item) => item.title === undefined)) continue;
    const lengths = truncationLengths(incident.skus.map((item) => (field === 'sku' ? item.sku : (item.title ?? item.sku))));
    if (lengths.length === 0) continue;
    for (const link of links) families.push(discrete(`truncation ${field} ${name(link)}`, 'truncation', lengths, (maxLength) => ({ link: name(link), field, maxLength })));
  }
  return families;
}

/** A family whose values are labels of distinct hypotheses (no meaningful in-between). */
function discrete(label: string, kind: string, values: number[], params: (value: number) => Record<string, FaultParamValue>): RuleFamily {
  return { label, kind, values, refinable: false, nested: false, benignFirst: () => 0, make: (value) => ({ kind, params: params(value) }) };
}

/** Families of a load-triggered kind: one per measuring window (threshold N), and `nth`. */
function triggerFamilies(kind: string, link: string, sendTimes: readonly number[], extra: Record<string, FaultParamValue>, variant = ''): RuleFamily[] {
  if (sendTimes.length < 2) return [];
  const families: RuleFamily[] = [];
  for (const perMs of LOAD_WINDOWS_MS) {
    const maxLoad = Math.max(0, ...loadsIn(sendTimes, perMs));
    if (maxLoad < 2) continue;
    families.push({
      label: `${kind} ${variant} ${link} above per ${perMs}`,
      kind,
      values: ladderBelow(maxLoad).sort(descending),
      refinable: true,
      nested: true,
      benignFirst: descending,
      make: (count) => ({ kind, params: { link, above: { count, perMs }, ...extra } }),
    });
  }
  // Every Nth is not nested in every Mth (N = 21 is no part of N = 2), so N is tried outright.
  families.push(
    discrete(
      `${kind} ${variant} ${link} nth`,
      kind,
      [2, 3, 4, 5, 6, 8, 10, 12, 16, 20].filter((nth) => nth <= sendTimes.length),
      (nth) => ({ link, nth, ...extra }),
    ),
  );
  return families;
}

/**
 * Integer values in [1, limit - 1]: 1, 2, 3, then doubling, and limit - 1. A coarse ladder:
 * the search bisects between the best value and its neighbours afterwards.
 */
function ladderBelow(limit: number): number[] {
  const values = new Set<number>();
  for (let value = 1; value < limit; value = value < 3 ? value + 1 : value * 2) values.add(value);
  if (limit - 1 >= 1) values.add(limit - 1);
  return [...values];
}

/** The weekdays (in the incident's zone) that the window touches, Monday first. */
function weekdaysPresent(incident: Incident): string[] {
  const present = new Set<string>();
  for (let at = incident.window.startMs; at <= incident.window.endMs && present.size < 7; at += 6 * HOUR) present.add(weekdayAt(at, incident.timezone));
  present.add(weekdayAt(incident.window.endMs, incident.timezone));
  return WEEKDAYS.filter((day) => present.has(day));
}

/** Longest run of paused weekdays tried: a day, a weekend, a long weekend. */
const MAX_PAUSED_RUN = 3;

/** Runs of consecutive weekdays (wrapping Sunday to Monday), shortest first, up to MAX_PAUSED_RUN. */
function weekdayRuns(days: readonly string[]): string[][] {
  const runs: string[][] = [];
  const seen = new Set<string>();
  for (let length = 1; length <= MAX_PAUSED_RUN; length++) {
    for (let start = 0; start < 7; start++) {
      const run = Array.from({ length }, (_, offset) => WEEKDAYS[(start + offset) % 7]!);
      if (!run.every((day) => days.includes(day))) continue;
      const sorted = WEEKDAYS.filter((day) => run.includes(day));
      const key = sorted.join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      runs.push(sorted);
    }
  }
  return runs;
}

/** For each send, the number of sends in (t - perMs, t]. */
function loadsIn(sendTimes: readonly number[], perMs: number): number[] {
  const loads = new Array<number>(sendTimes.length);
  let head = 0;
  for (let index = 0; index < sendTimes.length; index++) {
    const horizon = sendTimes[index]! - perMs;
    while (sendTimes[head]! <= horizon) head++;
    loads[index] = index - head + 1;
  }
  return loads;
}

/** The idempotency keys event messages carry: `ref:sku` of every movement with a ref. */
function eventKeys(incident: Incident): string[] {
  const keys = new Set<string>();
  for (const movement of incident.movements) if (movement.ref !== undefined) keys.add(`${movement.ref}:${incident.skus[movement.sku]!.sku}`);
  return [...keys];
}

/**
 * The key lengths at which distinct keys start to collide: the distinct longest common
 * prefixes of neighbours in sorted order, longest first (at most 6).
 */
function collisionLengths(keys: string[]): number[] {
  keys.sort();
  const lengths = new Set<number>();
  for (let index = 1; index < keys.length; index++) {
    const a = keys[index - 1]!;
    const b = keys[index]!;
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    if (common >= 1) lengths.add(common);
  }
  return [...lengths].sort(descending).slice(0, 6);
}

/** Truncation lengths that change which items a cut value matches: one under each distinct value length. */
function truncationLengths(values: readonly string[]): number[] {
  const lengths = new Set<number>();
  for (const value of values) if (value.length > 1) lengths.add(value.length - 1);
  const longest = Math.max(0, ...values.map((value) => value.length));
  return [...lengths].filter((length) => length < longest).sort(descending).slice(0, 8);
}
