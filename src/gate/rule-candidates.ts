/**
 * Integration-rule hypotheses for the Gate 2 search, over each parameter's whole natural
 * range (issue 8), deduplicated by behaviour and ordered so that the evidence is read before
 * anything is swept:
 *
 *  - cadences: every multiple of the declared period up to a day and every whole-minute
 *    divisor of it; every set of up to three paused weekdays that includes a weekday on
 *    which the link's target was seen apart, or the day before one (the catch-up day);
 *  - capacities from 1 to the largest backlog the baseline saw; batch delays in whole
 *    minutes up to eight periods, per-record delays up to five minutes;
 *  - `nth` from 2 to the number of messages the link sent; load thresholds at every
 *    distinct load the baseline's own sends reach (a threshold between two loads behaves
 *    like the one below it); key and truncation lengths at every length where what collides
 *    or matches changes.
 *
 * A family is one kind on one link with every parameter fixed but one integer. The search
 * sweeps a family's whole range when the incident is small enough for the budget, and
 * otherwise evaluates a coarse ladder, the values a replay-free stand-in ranks best
 * (drop-surrogate.ts), then bisects between the best value and its neighbours.
 *
 * Rules are applied uniformly to a link and conditioned only on the inputs: no `when`, no
 * `skus`, no stochastic `rate` (those pick moments or items by hand).
 */
import { WEEKDAYS, type Weekday, weekdayAt } from '../sim/calendar.js';
import type { LinkLoad } from '../sim/engine.js';
import type { FaultParamValue, FaultSpec, Incident } from '../sim/model.js';
import { compareScores, dropSetScorer, type DropSetScorer, growingDropScorer, lostMask } from './drop-surrogate.js';

export interface RuleFamily {
  /** Stable label, for ordering and debugging: `batch_capacity wms->erp`. */
  label: string;
  kind: string;
  /** Index of the link it acts on. */
  link: number;
  /** The whole natural range, one value per distinct behaviour, most benign (simplest) first. */
  values: number[];
  /** Whether values between two listed ones are meaningful to probe (bisection). */
  refinable: boolean;
  /**
   * Whether a milder value's effect is part of a stronger one's (a load threshold: the
   * messages over a high threshold are over every lower one too), so that a family already
   * worse than the baseline at its mildest value can be passed over.
   */
  nested: boolean;
  /** Orders two values most benign first. */
  benignFirst: (a: number, b: number) => number;
  /** Values a replay-free stand-in ranks best, best first (message-set rules on delta event links). */
  ranked: number[];
  /**
   * Whether the stand-in's score is the replay's own on every system the rule can change
   * (see `standInExact`): the family is then replayed at its best-ranked values only, never
   * swept or bisected, and left out when no value improves on its base.
   */
  exact: boolean;
  make: (value: number) => FaultSpec;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Windows over which load thresholds (`above: N/D`) are measured. */
const LOAD_WINDOWS_MS = [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR];
/** Longest run of paused weekdays tried together. */
const MAX_PAUSED_DAYS = 3;
/** How many stand-in-ranked values of a family are replayed. */
const RANKED_REPLAYS = 8;
/** How many values of a family whose stand-in is exact are replayed (its best, benign first on ties). */
const EXACT_REPLAYS = 3;
/** `nth` values beyond this are not ranked (a link that sends more is a large incident: thresholds fit it better). */
const MAX_NTH = 20_000;
const descending = (a: number, b: number) => b - a;
const ascending = (a: number, b: number) => a - b;

export interface Probe {
  /** Baseline observed counts (every system at every observation). */
  observed: readonly (readonly number[])[];
  /** Per link, what the baseline sent. */
  linkLoad: readonly LinkLoad[];
  /** Per system index, the weekdays on which it was seen apart from the baseline. */
  mismatchWeekdays: ReadonlyMap<number, ReadonlySet<string>>;
  /**
   * Links a rule of the base acts on in a way the stand-in cannot see through (anything but
   * messages lost as they are sent, which the link load marks).
   */
  ruleLinks?: ReadonlySet<number>;
}

/** Every rule family for the links in `links`, in the library's kind order. */
export function ruleFamilies(incident: Incident, probe: Probe, links: readonly number[]): RuleFamily[] {
  const families: RuleFamily[] = [];
  const windowMs = incident.window.endMs - incident.window.startMs;
  const batchLinks = links.filter((link) => incident.links[link]!.mode !== 'event');
  const eventLinks = links.filter((link) => incident.links[link]!.mode === 'event');
  const name = (link: number) => incident.links[link]!.name;
  const load = (link: number): LinkLoad => probe.linkLoad[link] ?? { sendTimes: [], skus: [], values: [], maxPending: 0 };

  for (const link of batchLinks) {
    const every = incident.links[link]!.everyMs!;
    const periods = cadencePeriods(every, Math.min(DAY, windowMs));
    if (periods.length > 0) families.push(discrete(`cadence every ${name(link)}`, 'cadence', link, periods.map((_, index) => index), (index) => ({ link: name(link), every: periods[index]! })));
    const evidence = probe.mismatchWeekdays.get(incident.links[link]!.to);
    const sets = pausedSets(weekdaysPresent(incident), evidence);
    if (sets.length > 0) families.push(discrete(`cadence pausedOn ${name(link)}`, 'cadence', link, sets.map((_, index) => index), (index) => ({ link: name(link), pausedOn: sets[index]! })));
  }
  for (const link of batchLinks) {
    const declared = incident.links[link]!.capacity ?? Infinity;
    const maxPending = Math.min(load(link).maxPending, declared);
    if (maxPending >= 2) {
      families.push(
        integerFamily(`batch_capacity ${name(link)}`, 'batch_capacity', link, range(1, maxPending - 1).sort(descending), descending, (capacity) => ({ link: name(link), capacity })),
      );
    }
  }
  for (const link of batchLinks) {
    const everyMinutes = Math.max(1, Math.round(incident.links[link]!.everyMs! / MINUTE));
    const delays = lagDelays(incident, link, load(link), 8 * everyMinutes * MINUTE);
    families.push({ ...discrete(`batch_lag delay ${name(link)}`, 'batch_lag', link, delays, (delay) => ({ link: name(link), delay })), benignFirst: ascending });
    families.push(integerFamily(`batch_lag perRecord ${name(link)}`, 'batch_lag', link, range(1, 300), ascending, (seconds) => ({ link: name(link), perRecord: seconds * SECOND })));
  }
  for (const link of eventLinks) families.push(...triggerFamilies(incident, probe, link, 'webhook_drop', {}, 1));
  for (const link of links) {
    const definition = incident.links[link]!;
    // A snapshot applied twice sets the same count: duplicates only show on delta links.
    if (definition.carries === 'delta') families.push(...triggerFamilies(incident, probe, link, 'duplicate_delivery', { keyless: definition.idempotent }, -1));
  }
  for (const link of links) {
    const definition = incident.links[link]!;
    // A timeout judges the load when the request arrives (sends in the window before its
    // delivery), a drop when it leaves: on an event link without latency they lose the same
    // messages, and every Nth is the same either way, so those are webhook_drop's (listed first).
    if (definition.mode !== 'event' || definition.latencyMs > 0) {
      families.push(...triggerFamilies(incident, probe, link, 'timeout', { applied: false, retry: -1, maxRetries: 3 }, 1, 'lost', { atDelivery: true, nth: definition.mode !== 'event' }));
    }
    if (!definition.idempotent && definition.carries === 'delta') {
      families.push(...triggerFamilies(incident, probe, link, 'timeout', { applied: true, retry: MINUTE, maxRetries: 3 }, -1, 'retried'));
    }
  }
  for (const link of links) {
    const sendTimes = load(link).sendTimes;
    // Requests refused and never retried are a set of lost messages: where the stand-in is
    // exact, it ranks every limit and only limits that beat the base are replayed.
    const scorer = standInExact(incident, probe, link) ? dropSetScorer(incident, probe.observed, link, load(link), 1) : undefined;
    const baseScore = scorer?.([]);
    const lost = lostMask(load(link));
    for (const perMs of [MINUTE, 5 * MINUTE, HOUR]) {
      const loads = loadsIn(sendTimes, perMs);
      const maxLoad = Math.max(0, ...loads);
      if (maxLoad < 2) continue;
      for (const retry of [-1, perMs]) {
        const limits = range(1, maxLoad - 1).sort(descending);
        const exact = retry === -1 && scorer !== undefined;
        const scores = exact ? searchScores(limits, (limit) => scorer(refusedOver(sendTimes, limit, perMs, lost))) : undefined;
        const ranked = scores ? rankScored(limits, scores, EXACT_REPLAYS, (score) => compareScores(score, baseScore!) < 0) : [];
        if (exact && ranked.length === 0) continue;
        pushFamily(families, scores, {
          ...integerFamily(`rate_limit ${name(link)} per ${perMs} retry ${retry}`, 'rate_limit', link, limits, descending, (limit) => ({
            link: name(link),
            limit,
            per: perMs,
            retry,
            maxRetries: 3,
          })),
          // Not nested: a refused request does not count towards the limit, so a lower limit
          // can let through a request a higher one refused.
          nested: false,
          refinable: !exact,
          ranked,
          exact,
        });
      }
    }
  }
  for (const link of links) {
    // Candidate lengths come from ref keys, which only event links carry (batch keys are generated).
    if (!incident.links[link]!.idempotent || incident.links[link]!.mode !== 'event') continue;
    const keyLengths = keyCollisionLengths(incident);
    if (keyLengths.length === 0) continue;
    families.push(discrete(`key_collision ${name(link)}`, 'key_collision', link, keyLengths, (length) => ({ link: name(link), length })));
  }
  for (const field of ['sku', 'title'] as const) {
    if (field === 'title' && incident.skus.every((item) => item.title === undefined)) continue;
    const lengths = truncationLengths(incident.skus.map((item) => (field === 'sku' ? item.sku : (item.title ?? item.sku))));
    if (lengths.length === 0) continue;
    for (const link of links) families.push(discrete(`truncation ${field} ${name(link)}`, 'truncation', link, lengths, (maxLength) => ({ link: name(link), field, maxLength })));
  }
  return jointlyRanked(families);
}

/** The stand-in scores of an exact family's ranked values (for ranking its kind's families together). */
const exactScores = new WeakMap<RuleFamily, ReadonlyMap<number, readonly [number, number]>>();

function pushFamily(families: RuleFamily[], scores: ReadonlyMap<number, readonly [number, number]> | undefined, family: RuleFamily): void {
  if (scores) exactScores.set(family, scores);
  families.push(family);
}

/**
 * Exact families of one kind on one link (its thresholds per window, its `nth`) are scored
 * on the same scale: only the EXACT_REPLAYS best values among them all are replayed (ties:
 * family order, then each family's own rank), and a family left without one is dropped.
 */
function jointlyRanked(families: readonly RuleFamily[]): RuleFamily[] {
  const entries = new Map<string, { family: number; value: number; rank: number; score: readonly [number, number] }[]>();
  families.forEach((family, index) => {
    const scores = exactScores.get(family);
    if (!family.exact || !scores) return;
    const key = `${family.kind} ${family.link}`;
    const list = entries.get(key) ?? [];
    family.ranked.forEach((value, rank) => list.push({ family: index, value, rank, score: scores.get(value)! }));
    entries.set(key, list);
  });
  const kept = new Map<number, number[]>();
  for (const list of entries.values()) {
    list.sort((a, b) => compareScores(a.score, b.score) || a.family - b.family || a.rank - b.rank);
    for (const entry of list.slice(0, EXACT_REPLAYS)) kept.set(entry.family, [...(kept.get(entry.family) ?? []), entry.value]);
  }
  return families.flatMap((family, index) => {
    if (!family.exact || !exactScores.has(family)) return [family];
    const ranked = kept.get(index);
    return ranked ? [{ ...family, ranked }] : [];
  });
}

/** A family whose values are labels of distinct hypotheses (no meaningful in-between). */
function discrete(label: string, kind: string, link: number, values: number[], params: (value: number) => Record<string, FaultParamValue>): RuleFamily {
  return { label, kind, link, values, refinable: false, nested: false, benignFirst: ascendingIndex(values), ranked: [], exact: false, make: (value) => ({ kind, params: params(value) }) };
}

function integerFamily(label: string, kind: string, link: number, values: number[], order: (a: number, b: number) => number, params: (value: number) => Record<string, FaultParamValue>): RuleFamily {
  return { label, kind, link, values, refinable: true, nested: false, benignFirst: order, ranked: [], exact: false, make: (value) => ({ kind, params: params(value) }) };
}

function ascendingIndex(values: readonly number[]): (a: number, b: number) => number {
  const position = new Map(values.map((value, index) => [value, index]));
  return (a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0);
}

/**
 * Families of a load-triggered kind on one link: one per measuring window (threshold N at
 * every distinct load the sends reach) and `nth` from 2 to the number of sends.
 */
function triggerFamilies(
  incident: Incident,
  probe: Probe,
  link: number,
  kind: string,
  extra: Record<string, FaultParamValue>,
  sign: 1 | -1,
  variant = '',
  judged: { atDelivery: boolean; nth: boolean } = { atDelivery: false, nth: true },
): RuleFamily[] {
  const linkName = incident.links[link]!.name;
  const latencyMs = judged.atDelivery ? incident.links[link]!.latencyMs : 0;
  const load = probe.linkLoad[link];
  const sendTimes = load?.sendTimes ?? [];
  if (sendTimes.length < 2) return [];
  const scorer: DropSetScorer | undefined = load && (extra.retry === undefined || extra.retry === -1) ? dropSetScorer(incident, probe.observed, link, load, sign) : undefined;
  const exact = scorer !== undefined && standInExact(incident, probe, link);
  // Exact: only values that beat the base on the stand-in can be part of any explanation.
  const baseScore = scorer?.([]);
  const rank = (values: readonly number[], scores: ReadonlyMap<number, readonly [number, number]>): number[] =>
    exact ? rankScored(values, scores, EXACT_REPLAYS, (score) => compareScores(score, baseScore!) < 0) : rankScored(values, scores, RANKED_REPLAYS);
  const scoresOf = (values: readonly number[], positions: (value: number) => readonly number[]) => new Map(scorer ? values.map((value) => [value, scorer(positions(value))] as const) : []);
  // Thresholds are nested sets: one growing pass scores them all.
  const growing = scorer && load ? growingDropScorer(incident, probe.observed, link, load, sign) : undefined;
  const families: RuleFamily[] = [];
  for (const perMs of LOAD_WINDOWS_MS) {
    const loads = loadsIn(sendTimes, perMs, latencyMs);
    // `above N` fires for a send whose load exceeds N: thresholds between two loads behave alike.
    const thresholds = thresholdsOf(loads);
    if (thresholds.length === 0) continue;
    const scores = growing ? thresholdScores(growing, loads, thresholds) : scoresOf(thresholds, (threshold) => positionsWhere(loads, (value) => value > threshold));
    const ranked = rank(thresholds, scores);
    if (exact && ranked.length === 0) continue;
    pushFamily(families, exact ? scores : undefined, {
      label: `${kind} ${variant} ${linkName} above per ${perMs}`,
      kind,
      link,
      values: thresholds,
      refinable: !exact,
      // The messages over a high threshold are over every lower one too; their effect is
      // part of the lower threshold's only where a change, once lost or doubled, stays lost
      // or doubled (deltas): a later snapshot repairs a lost one, so on a snapshot link a
      // lower threshold can undo what a higher one broke.
      nested: incident.links[link]!.carries === 'delta',
      benignFirst: descending,
      ranked,
      exact,
      make: (count) => ({ kind, params: { link: linkName, above: { count, perMs }, ...extra } }),
    });
  }
  if (!judged.nth) return families;
  // Every Nth is not nested in every Mth (N = 21 is no part of N = 2), so N is tried outright.
  const nths = range(2, Math.min(sendTimes.length, MAX_NTH));
  // One list refilled for every N (the scorer reads it during the call only): the sets of
  // every N up to 20,000 hold about ten positions per message in all.
  const positions: number[] = [];
  const scores = scoresOf(nths, (nth) => everyNth(nth, sendTimes.length, positions));
  const ranked = rank(nths, scores);
  if (!(exact && ranked.length === 0)) {
    pushFamily(families, exact ? scores : undefined, { ...discrete(`${kind} ${variant} ${linkName} nth`, kind, link, nths, (nth) => ({ link: linkName, nth, ...extra })), ranked, exact });
  }
  return families;
}

/**
 * Whether the drop-set stand-in on `link` scores a rule exactly as a replay would: the link
 * carries deltas as events, no rule of the base acts on it but by losing messages as they
 * are sent (the load marks those, and the stand-in skips them), and its target passes
 * nothing on and is never reset by a snapshot, so
 * a lost or doubled message changes that target's counts and nothing else.
 */
function standInExact(incident: Incident, probe: Probe, link: number): boolean {
  const definition = incident.links[link]!;
  if (definition.mode !== 'event' || definition.carries !== 'delta' || probe.ruleLinks?.has(link)) return false;
  const target = definition.to;
  return incident.links.every((other, index) => other.from !== target && (index === link || other.to !== target || other.carries !== 'snapshot'));
}

/**
 * The stand-in's score of every threshold (descending): the set of sends whose load exceeds
 * it grows as the threshold falls, one growing pass.
 */
function thresholdScores(growing: (steps: readonly ArrayLike<number>[]) => readonly (readonly [number, number])[], loads: readonly number[], thresholds: readonly number[]): Map<number, readonly [number, number]> {
  // Sends by load, highest first, in send order within a load (a counting sort: loads are
  // small integers); a threshold's set is the run of sends whose load exceeds it, and each
  // step is the part of that run the previous, higher threshold did not hold.
  let maxLoad = 0;
  for (const value of loads) if (value > maxLoad) maxLoad = value;
  const startOf = new Int32Array(maxLoad + 1);
  for (const value of loads) startOf[value] = startOf[value]! + 1;
  for (let value = maxLoad, at = 0; value >= 0; value--) {
    const count = startOf[value]!;
    startOf[value] = at;
    at += count;
  }
  // Sends over `threshold`: the ones whose load is at least threshold + 1.
  const over = (threshold: number) => (threshold >= maxLoad ? 0 : startOf[threshold]!);
  const order = new Int32Array(loads.length);
  const next = startOf.slice();
  loads.forEach((value, position) => (order[next[value]!++] = position));
  const steps: Int32Array[] = [];
  let done = 0;
  for (const threshold of thresholds) {
    const upTo = over(threshold);
    steps.push(order.subarray(done, upTo));
    done = upTo;
  }
  const scores = growing(steps);
  return new Map(thresholds.map((threshold, index) => [threshold, scores[index]!]));
}

/** Stand-in points scored on a limit's range: a geometric grid first, then bisection around the best. */
const STAND_IN_GRID = 24;

/**
 * Stand-in scores over a long ordered range without scoring every value: a geometric grid,
 * then, around the three best values so far, the midpoints towards their scored neighbours,
 * until every best value's neighbours are adjacent. The values not scored are left out.
 */
function searchScores(values: readonly number[], score: (value: number) => readonly [number, number]): Map<number, readonly [number, number]> {
  const scores = new Map<number, readonly [number, number]>();
  const at = (position: number) => {
    const value = values[position]!;
    if (!scores.has(value)) scores.set(value, score(value));
  };
  if (values.length <= STAND_IN_GRID * 2) {
    values.forEach((_, position) => at(position));
    return scores;
  }
  for (let step = 0; step < STAND_IN_GRID; step++) at(Math.round(Math.pow(values.length, step / (STAND_IN_GRID - 1))) - 1);
  for (let round = 0; round < 32; round++) {
    const scored = values.map((value, position) => ({ value, position })).filter(({ value }) => scores.has(value));
    const best = [...scored].sort((a, b) => compareScores(scores.get(a.value)!, scores.get(b.value)!) || a.position - b.position).slice(0, 3);
    const before = scores.size;
    for (const { position } of best) {
      const index = scored.findIndex((entry) => entry.position === position);
      for (const neighbour of [scored[index - 1], scored[index + 1]]) {
        if (neighbour && Math.abs(neighbour.position - position) > 1) at((neighbour.position + position) >> 1);
      }
    }
    if (scores.size === before) break;
  }
  return scores;
}

/**
 * The best-scored values (those with a score that `keep` accepts), best first (ties: list
 * order), at most `limit`.
 */
function rankScored(values: readonly number[], scores: ReadonlyMap<number, readonly [number, number]>, limit: number, keep: (score: readonly [number, number]) => boolean = () => true): number[] {
  // The best `limit` kept in order as the values pass (a few of up to 20,000 values of N:
  // no sort of them all). A value goes after those that score alike: they came first.
  const best: { value: number; score: readonly [number, number] }[] = [];
  for (const value of values) {
    const score = scores.get(value);
    if (!score || !keep(score)) continue;
    if (best.length === limit && compareScores(score, best[limit - 1]!.score) >= 0) continue;
    let at = best.length;
    while (at > 0 && compareScores(score, best[at - 1]!.score) < 0) at--;
    best.splice(at, 0, { value, score });
    if (best.length > limit) best.pop();
  }
  return best.map(({ value }) => value);
}

/**
 * The sends a sliding-window limit refuses (`limit` accepted per `perMs`, window (t - perMs, t]),
 * as the rate_limit rule counts them when every send is delivered after the same latency.
 */
export function refusedOver(sendTimes: readonly number[], limit: number, perMs: number, lost?: Uint8Array): number[] {
  // The accepted sends still in the window: at most `limit`, kept in a ring.
  const accepted = new Float64Array(limit);
  let head = 0;
  let size = 0;
  const refused: number[] = [];
  for (let position = 0; position < sendTimes.length; position++) {
    // A message already lost never reaches the limit.
    if (lost?.[position]) continue;
    const atMs = sendTimes[position]!;
    while (size > 0 && accepted[head]! <= atMs - perMs) {
      head = (head + 1) % limit;
      size--;
    }
    if (size < limit) {
      accepted[(head + size) % limit] = atMs;
      size++;
    } else refused.push(position);
  }
  return refused;
}

function positionsWhere(loads: readonly number[], predicate: (load: number) => boolean): number[] {
  const positions: number[] = [];
  loads.forEach((value, position) => {
    if (predicate(value)) positions.push(position);
  });
  return positions;
}

/** The positions of every `nth` of `count` messages, 0-based, written into `positions`. */
function everyNth(nth: number, count: number, positions: number[]): number[] {
  positions.length = 0;
  for (let position = nth - 1; position < count; position += nth) positions.push(position);
  return positions;
}

function range(from: number, to: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value++) values.push(value);
  return values;
}

/**
 * The periods a batch link may really run on: every multiple of the declared one up to
 * `limitMs`, and every divisor of it in whole minutes, nearest to the declared one first.
 */
function cadencePeriods(everyMs: number, limitMs: number): number[] {
  const periods: { ms: number; rank: number }[] = [];
  for (let factor = 2; everyMs * factor <= limitMs; factor++) periods.push({ ms: everyMs * factor, rank: factor });
  for (let divisor = 2; everyMs / divisor >= MINUTE; divisor++) {
    const ms = everyMs / divisor;
    if (ms % MINUTE === 0) periods.push({ ms, rank: divisor + 0.5 });
  }
  return periods.sort((a, b) => a.rank - b.rank).map(({ ms }) => ms);
}

/** The weekdays (in the incident's zone) that the window touches, Monday first. */
function weekdaysPresent(incident: Incident): string[] {
  const present = new Set<string>();
  for (let at = incident.window.startMs; at <= incident.window.endMs && present.size < 7; at += 6 * HOUR) present.add(weekdayAt(at, incident.timezone));
  present.add(weekdayAt(incident.window.endMs, incident.timezone));
  return WEEKDAYS.filter((day) => present.has(day));
}

/**
 * Every set of up to MAX_PAUSED_DAYS weekdays present in the window that contains a weekday
 * the target was seen apart on, or the day before one, fewest days first. A paused day shows
 * where its held messages land: the day itself (stale) and the next day, whose first batch
 * carries them all at once (a limit or a timeout beside the pause thins that batch).
 */
function pausedSets(present: readonly string[], evidence: ReadonlySet<string> | undefined): string[][] {
  const sets: string[][] = [];
  const shows = (day: string) => evidence === undefined || evidence.has(day) || evidence.has(WEEKDAYS[(WEEKDAYS.indexOf(day as Weekday) + 1) % WEEKDAYS.length]!);
  const grow = (start: number, chosen: string[]) => {
    if (chosen.length > 0 && chosen.some(shows)) sets.push([...chosen]);
    if (chosen.length === MAX_PAUSED_DAYS) return;
    for (let index = start; index < present.length; index++) grow(index + 1, [...chosen, present[index]!]);
  };
  grow(0, []);
  return sets.sort((a, b) => a.length - b.length);
}

/**
 * The batch delays that behave differently: a delay changes what an observation sees only
 * where it carries a delivery past that observation (observation minus send time), past the
 * next cycle (a multiple of the period), or, on a snapshot link, past a movement of the same
 * SKU at the target (the late snapshot then overwrites what that movement did). Between two
 * such values every delay behaves alike: each boundary and the roundest value just below it
 * are tried. Ascending, up to `limitMs`.
 */
function lagDelays(incident: Incident, link: number, load: LinkLoad, limitMs: number): number[] {
  const definition = incident.links[link]!;
  const everyMs = definition.everyMs!;
  const sendTimes = load.sendTimes;
  const delays = new Set<number>();
  for (let multiple = everyMs; multiple <= limitMs; multiple += everyMs) delays.add(multiple);
  const sends = [...new Set(sendTimes)];
  let low = 0;
  for (const atMs of incident.observations.atMs) {
    while (low < sends.length && sends[low]! < atMs - limitMs) low++;
    for (let index = low; index < sends.length && sends[index]! < atMs; index++) delays.add(atMs - sends[index]!);
  }
  if (definition.carries === 'snapshot') {
    // The target's movements of each SKU, in time order (the store is sorted by time).
    const movements = incident.movements;
    const timesBySku = new Map<number, number[]>();
    for (let index = 0; index < movements.length; index++) {
      if (movements.system[index] !== definition.to) continue;
      const sku = movements.sku[index]!;
      const times = timesBySku.get(sku);
      if (times) times.push(movements.atMs[index]!);
      else timesBySku.set(sku, [movements.atMs[index]!]);
    }
    sendTimes.forEach((sentMs, position) => {
      const times = timesBySku.get(load.skus[position]!);
      if (!times) return;
      for (let index = firstAfter(times, sentMs); index < times.length && times[index]! - sentMs <= limitMs; index++) delays.add(times[index]! - sentMs);
    });
  }
  // A delivery that lands exactly at an observation's instant may be seen after it: the
  // behaviour just below each boundary needs a value of its own, the roundest one there is.
  const boundaries = [...delays].sort(ascending);
  boundaries.forEach((boundary, index) => {
    const previous = index > 0 ? boundaries[index - 1]! : 0;
    for (const unit of [MINUTE, SECOND, 1]) {
      const below = Math.ceil(boundary / unit) * unit - unit;
      if (below > previous && below < boundary) {
        delays.add(below);
        break;
      }
    }
  });
  return [...delays].sort(ascending);
}

/** The position of the first time in ascending `times` later than `afterMs`. */
function firstAfter(times: readonly number[], afterMs: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (times[middle]! <= afterMs) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Every `above` threshold that behaves otherwise than its neighbours: one below each load of 2 or more the sends reach, highest first. */
function thresholdsOf(loads: readonly number[]): number[] {
  // Loads are counts of sends: a list of flags by load, read from the top, gives them in order.
  let maxLoad = 0;
  for (const value of loads) if (value > maxLoad) maxLoad = value;
  const reached = new Uint8Array(maxLoad + 1);
  for (const value of loads) reached[value] = 1;
  const thresholds: number[] = [];
  for (let value = maxLoad; value >= 2; value--) if (reached[value] === 1) thresholds.push(value - 1);
  return thresholds;
}

/**
 * For each send at t, the number of sends in (t + laterMs - perMs, t + laterMs]: the load a
 * rule sees when it judges the message `laterMs` after it left (its delivery, for a timeout).
 */
export function loadsIn(sendTimes: readonly number[], perMs: number, laterMs = 0): number[] {
  const loads = new Array<number>(sendTimes.length);
  let head = 0;
  let tail = 0;
  for (let index = 0; index < sendTimes.length; index++) {
    const nowMs = sendTimes[index]! + laterMs;
    // At its send, a message counts itself and those before it; later, every send before that
    // instant (deliveries at an instant come before the sends it causes).
    if (laterMs === 0) tail = index + 1;
    else while (tail < sendTimes.length && sendTimes[tail]! < nowMs) tail++;
    while (head < tail && sendTimes[head]! <= nowMs - perMs) head++;
    loads[index] = tail - head;
  }
  return loads;
}

/**
 * The key lengths at which the incident's ref keys collide, computed once per incident (they
 * depend on the movements alone, and the search asks on every probe).
 */
const keyLengthsOf = new WeakMap<Incident, number[]>();
function keyCollisionLengths(incident: Incident): number[] {
  let lengths = keyLengthsOf.get(incident);
  if (!lengths) keyLengthsOf.set(incident, (lengths = collisionLengths(eventKeys(incident))));
  return [...lengths];
}

/** The idempotency keys event messages carry: `ref:sku` of every movement with a ref. */
function eventKeys(incident: Incident): string[] {
  const keys = new Set<string>();
  const movements = incident.movements;
  for (let index = 0; index < movements.length; index++) {
    const ref = movements.refAt(index);
    if (ref !== undefined) keys.add(`${ref}:${incident.skus[movements.sku[index]!]!.sku}`);
  }
  return [...keys];
}

/** Every key length at which distinct keys start to collide (longest common prefixes of neighbours), longest first. */
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
  return [...lengths].sort(descending);
}

/**
 * Every truncation length from the longest value's down to 1 at which what a cut value
 * matches changes (one length per distinct behaviour: the longest that shows it).
 */
function truncationLengths(values: readonly string[]): number[] {
  const longest = Math.max(0, ...values.map((value) => value.length));
  const known = new Set(values);
  const lengths: number[] = [];
  let previous = '';
  for (let length = longest - 1; length >= 1; length--) {
    const signature = values.map((value) => (value.length <= length ? '=' : known.has(value.slice(0, length)) ? value.slice(0, length) : '!')).join('\u0000');
    if (signature !== previous) lengths.push(length);
    previous = signature;
  }
  return lengths;
}
