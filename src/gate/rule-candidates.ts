/**
 * Integration-rule hypotheses for the Gate 2 search, with parameters derived from the
 * incident itself rather than swept blindly: cadences from the declared period and the
 * weekdays in the window, capacities below the largest backlog the baseline saw, load
 * thresholds from the baseline's own message rates, key and truncation lengths at the exact
 * points where keys or SKUs start to collide.
 *
 * Rules are applied uniformly to a link and conditioned only on the inputs: no `when`, no
 * `skus`, no stochastic `rate` (gates.md: those pick moments or items by hand).
 */
import { WEEKDAYS, weekdayAt } from '../sim/calendar.js';
import type { LinkLoad } from '../sim/engine.js';
import type { FaultParamValue, FaultSpec, Incident } from '../sim/model.js';

/** A hypothesis with its place in the simplicity order of its kind (lower is simpler). */
export interface RuleCandidate {
  spec: FaultSpec;
  rank: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Windows over which load thresholds (`above: N/D`) are measured. */
const LOAD_WINDOWS_MS = [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR];
/** At most this many thresholds per window, taken from the upper part of the load distribution. */
const THRESHOLDS_PER_WINDOW = 6;

/** Every rule hypothesis for the links in `links`, grouped by kind in the library order. */
export function ruleCandidates(incident: Incident, linkLoad: readonly LinkLoad[], links: readonly number[]): RuleCandidate[] {
  const candidates: RuleCandidate[] = [];
  const add = (kind: string, params: Record<string, FaultParamValue>) => {
    candidates.push({ spec: { kind, params }, rank: candidates.filter((candidate) => candidate.spec.kind === kind).length });
  };
  const windowMs = incident.window.endMs - incident.window.startMs;
  const weekdaysInWindow = weekdaysPresent(incident);

  for (const link of links) {
    const definition = incident.links[link]!;
    const name = definition.name;
    if (definition.mode === 'event') continue;
    // cadence: a longer period (multiples of the declared one), or paused weekdays.
    const every = definition.everyMs!;
    for (const factor of [2, 3, 4, 6, 8, 12, 24, 48, 96]) {
      if (every * factor <= windowMs) add('cadence', { link: name, every: every * factor });
    }
    for (const run of weekdayRuns(weekdaysInWindow)) add('cadence', { link: name, pausedOn: run });
  }
  for (const link of links) {
    const definition = incident.links[link]!;
    if (definition.mode === 'event') continue;
    const maxPending = linkLoad[link]?.maxPending ?? 0;
    const declared = definition.capacity ?? Infinity;
    for (const capacity of capacityLevels(Math.min(maxPending, declared))) add('batch_capacity', { link: definition.name, capacity });
  }
  for (const link of links) {
    const definition = incident.links[link]!;
    if (definition.mode === 'event') continue;
    const every = definition.everyMs!;
    for (const delay of [every / 2, every, 2 * every, 4 * every].filter((value) => Number.isInteger(value) && value > 0)) {
      add('batch_lag', { link: definition.name, delay });
    }
    for (const perRecord of [1000, 10_000, MINUTE]) add('batch_lag', { link: definition.name, perRecord });
  }
  for (const link of links) {
    const definition = incident.links[link]!;
    const triggers = loadTriggers(linkLoad[link]?.sendTimes ?? []);
    if (definition.mode === 'event') for (const trigger of triggers) add('webhook_drop', { link: definition.name, ...trigger });
  }
  for (const link of links) {
    const definition = incident.links[link]!;
    const triggers = loadTriggers(linkLoad[link]?.sendTimes ?? []);
    for (const trigger of triggers) {
      if (!definition.idempotent) add('duplicate_delivery', { link: definition.name, ...trigger, keyless: false });
      else add('duplicate_delivery', { link: definition.name, ...trigger, keyless: true });
    }
  }
  for (const link of links) {
    const definition = incident.links[link]!;
    const triggers = loadTriggers(linkLoad[link]?.sendTimes ?? []);
    for (const trigger of triggers) {
      add('timeout', { link: definition.name, ...trigger, applied: false, retry: -1, maxRetries: 3 });
      if (!definition.idempotent) add('timeout', { link: definition.name, ...trigger, applied: true, retry: MINUTE, maxRetries: 3 });
    }
  }
  for (const link of links) {
    const definition = incident.links[link]!;
    for (const { count, perMs } of rateLimits(linkLoad[link]?.sendTimes ?? [])) {
      add('rate_limit', { link: definition.name, limit: count, per: perMs, retry: -1, maxRetries: 3 });
      add('rate_limit', { link: definition.name, limit: count, per: perMs, retry: perMs, maxRetries: 3 });
    }
  }
  const keyLengths = collisionLengths(eventKeys(incident));
  for (const link of links) {
    const definition = incident.links[link]!;
    if (!definition.idempotent) continue;
    for (const length of keyLengths) add('key_collision', { link: definition.name, length });
  }
  for (const field of ['sku', 'title'] as const) {
    const values = incident.skus.map((item) => (field === 'sku' ? item.sku : (item.title ?? item.sku)));
    if (field === 'title' && incident.skus.every((item) => item.title === undefined)) continue;
    for (const link of links) {
      for (const maxLength of truncationLengths(values)) add('truncation', { link: incident.links[link]!.name, field, maxLength });
    }
  }
  return candidates;
}

/** The weekdays (in the incident's zone) that the window touches, Monday first. */
function weekdaysPresent(incident: Incident): string[] {
  const present = new Set<string>();
  for (let at = incident.window.startMs; at <= incident.window.endMs && present.size < 7; at += 6 * HOUR) present.add(weekdayAt(at, incident.timezone));
  present.add(weekdayAt(incident.window.endMs, incident.timezone));
  return WEEKDAYS.filter((day) => present.has(day));
}

/** Runs of consecutive weekdays (wrapping Sunday to Monday), shortest first, never all seven. */
function weekdayRuns(days: readonly string[]): string[][] {
  const runs: string[][] = [];
  const seen = new Set<string>();
  for (let length = 1; length < 7; length++) {
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

/** Capacities below the largest backlog seen: every value up to 12, then a geometric ladder. */
function capacityLevels(maxPending: number): number[] {
  const levels: number[] = [];
  if (!Number.isFinite(maxPending) || maxPending < 2) return levels;
  for (let capacity = maxPending - 1; capacity >= 1; capacity--) {
    if (capacity <= 12 || capacity === maxPending - 1 || isLadderStep(capacity)) levels.push(capacity);
  }
  return levels;
}

function isLadderStep(value: number): boolean {
  const power = 2 ** Math.round(Math.log2(value));
  return value === power || value === Math.round(power * 1.5);
}

type Trigger = { above: { count: number; perMs: number } } | { nth: number };

/**
 * Load thresholds from the baseline's own traffic: for each window D, the loads each message
 * saw (messages in (t - D, t]), and thresholds just under the highest of them, so that a rule
 * fires at the busiest moments. Then `nth` for small N.
 */
function loadTriggers(sendTimes: readonly number[]): Trigger[] {
  const triggers: Trigger[] = [];
  if (sendTimes.length === 0) return triggers;
  const seen = new Set<string>();
  for (const perMs of LOAD_WINDOWS_MS) {
    const loads = loadsIn(sendTimes, perMs);
    const distinct = [...new Set(loads)].sort((a, b) => b - a);
    for (const load of distinct.slice(0, THRESHOLDS_PER_WINDOW)) {
      const count = load - 1;
      if (count < 1) continue;
      const key = `${count}/${perMs}`;
      if (seen.has(key)) continue;
      seen.add(key);
      triggers.push({ above: { count, perMs } });
    }
  }
  for (const nth of [2, 3, 4, 5]) if (sendTimes.length >= nth) triggers.push({ nth });
  return triggers;
}

function rateLimits(sendTimes: readonly number[]): { count: number; perMs: number }[] {
  const limits: { count: number; perMs: number }[] = [];
  for (const perMs of [1000, MINUTE, HOUR]) {
    const loads = loadsIn(sendTimes, perMs);
    const distinct = [...new Set(loads)].sort((a, b) => b - a);
    for (const load of distinct.slice(0, 3)) if (load > 1) limits.push({ count: load - 1, perMs });
  }
  return limits;
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
  return [...lengths].sort((a, b) => b - a).slice(0, 6);
}

/** Truncation lengths that change which items a cut value matches: one under each distinct value length. */
function truncationLengths(values: readonly string[]): number[] {
  const lengths = new Set<number>();
  for (const value of values) if (value.length > 1) lengths.add(value.length - 1);
  const longest = Math.max(0, ...values.map((value) => value.length));
  return [...lengths].filter((length) => length < longest).sort((a, b) => b - a).slice(0, 8);
}
