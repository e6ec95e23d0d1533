/**
 * Gate 1, consistency: is the drift the same for the same SKU every time? Judged on the
 * drift people see — per SKU and system, the gaps between systems over time — against the
 * recorded movements and the sync's own rhythm (the replay of the declared links):
 *
 * - a gap the declared links themselves produce (the observed counts are exactly what the
 *   replay of the declared links gives) is consistent, and the evidence names the link: "the
 *   declared daily batch wms->erp produces this gap";
 * - a gap that opens beyond that with movements of the SKU upstream, no larger than what
 *   moved, is consistent: a rule that delays, loses or repeats messages does exactly that;
 * - a gap that closes again in a system the sync feeds is the sync catching up: consistent;
 * - a SKU with no movement of its own that changes by what other SKUs in the same system
 *   missed at the same time took their updates (a mapping error): consistent;
 * - a difference already there at the first observation of a system and SKU is a starting
 *   count, not judged;
 * - a change with no movement of the SKU anywhere upstream (in the interval, stretched back
 *   by the time the declared links take and an hour for retries), a change larger than
 *   everything that moved, or any change in a system nothing feeds, is irregular: no input
 *   explains it, so someone made it.
 *
 * `no drift` only when every observation shows the systems equal (within tolerance).
 *
 * @example
 * const baseline = await baselineCounts(incident);
 * const result = gate1(incident, baseline, driftEventsFrom(incident, baseline));
 * result.answer; // 'consistent'
 * result.evidence[0]; // 'The declared daily batch wms->erp produces this gap: ...'
 */
import { RETRY_DEFAULTS } from '../sim/faults/retry-policy.js';
import type { Incident } from '../sim/model.js';
import { formatDuration, formatTime } from '../sim/time.js';
import type { DriftEvent } from './drift-events.js';
import { MovementTimeline } from './movement-timeline.js';
import { catchUpMs, deltaReaches, describeLink, linksInto, upstreamOf } from './sync-paths.js';

export type Gate1Answer = 'consistent' | 'irregular' | 'no drift';

/** How each change was judged. */
export type StepVerdict =
  | 'opened with movements'
  | 'closed by the sync'
  | 'landed on another item'
  | 'present at the first observation'
  | 'no movement'
  | 'too large'
  | 'unfed system';

export interface JudgedStep {
  event: DriftEvent;
  verdict: StepVerdict;
  /** Units of the SKU recorded upstream in the window the change was judged against. */
  movedUnits: number;
}

/** A gap the declared links produce, per link: how often it was seen and the widest one. */
export interface DeclaredGap {
  link: string;
  /** "daily batch wms->erp". */
  described: string;
  /** True for a batch or poll link (its schedule makes the gap); false for an event link (a message in flight). */
  scheduled: boolean;
  observations: number;
  widest: { sku: string; atMs: number; from: number; to: number };
}

export interface Gate1Result {
  gate: 1;
  answer: Gate1Answer;
  evidence: string[];
  tally: {
    observations: number;
    /** Observations where the systems observed do not all agree. */
    unequal: number;
    /** Changes away from what the declared links give, by verdict. */
    openedWithMovements: number;
    closedBySync: number;
    irregular: number;
    /** Changes matched by the opposite change of other SKUs in the same system at the same time: updates that landed on the wrong item. */
    crossed: number;
    /** Differences already there at the first observation of a system and SKU: a starting count, not judged. */
    startingCounts: number;
    /** (system, SKU) pairs whose gap opened with movements and was still open at the last observation. */
    stayedOpen: number;
  };
  /** Gaps the declared links produce on their own, by link, in declaration order. */
  declared: DeclaredGap[];
  steps: JudgedStep[];
}

/**
 * A retry or a slow job may land a change after the declared links would have: movements up
 * to this long before the interval (beyond the declared catch-up time) still count as its input.
 */
export const RETRY_SLACK_MS = 60 * 60_000;

/**
 * How many times a rule may apply one movement where deltas flow: a first attempt and up to
 * three retries (the usual retry budget, and the fault library's default). A change larger
 * than this many times what moved is unrelated to any input.
 */
export const MAX_APPLICATIONS = 1 + RETRY_DEFAULTS.maxRetries;

const MAX_LINES = 5;

/**
 * Gate 1 from the baseline counts and the residual steps (see the module comment for the rule).
 *
 * @example
 * const baseline = await baselineCounts(incident);
 * gate1(incident, baseline, driftEventsFrom(incident, baseline)).answer; // 'irregular'
 */
export function gate1(incident: Incident, baseline: readonly (readonly number[])[], events: readonly DriftEvent[]): Gate1Result {
  const sku = (index: number) => incident.skus[index]!.sku;
  const name = (system: number) => incident.systems[system]!.name;
  const unequal = countUnequal(incident);
  const declared = declaredGaps(incident, baseline);
  const steps = judgeSteps(incident, events);
  const irregular = steps.filter((step) => isIrregular(step.verdict));
  const opened = steps.filter((step) => step.verdict === 'opened with movements');
  const closed = steps.filter((step) => step.verdict === 'closed by the sync');
  const crossed = steps.filter((step) => step.verdict === 'landed on another item');
  const starting = steps.filter((step) => step.verdict === 'present at the first observation');
  const stayedOpen = stillOpen(steps, incident.tolerance);
  const tally = {
    observations: incident.observations.length,
    unequal,
    openedWithMovements: opened.length,
    closedBySync: closed.length,
    crossed: crossed.length,
    startingCounts: starting.length,
    irregular: irregular.length,
    stayedOpen: stayedOpen.length,
  };

  if (unequal === 0) {
    return {
      gate: 1,
      answer: 'no drift',
      evidence: [`Every one of the ${incident.observations.length} observations shows the systems equal (within ${incident.tolerance}).`],
      tally,
      declared,
      steps,
    };
  }

  const evidence: string[] = [];
  // An event link's gap is a message in flight for its latency: true, but worth a line only
  // when nothing else explains what people see.
  const shownGaps = declared.some((gap) => gap.scheduled) || steps.length > 0 ? declared.filter((gap) => gap.scheduled) : declared;
  for (const gap of shownGaps) {
    const link = incident.links.find((candidate) => candidate.name === gap.link)!;
    const widest = `${name(link.to)} up to ${Math.abs(gap.widest.to - gap.widest.from)} off ${name(link.from)} (${gap.widest.sku} at ${formatTime(gap.widest.atMs)}: ${name(link.from)} ${gap.widest.from}, ${name(link.to)} ${gap.widest.to})`;
    const seen = `in ${gap.observations} observation${gap.observations === 1 ? '' : 's'}, exactly as the replay of the declared links gives it.`;
    evidence.push(
      gap.scheduled
        ? `The declared ${gap.described} produces this gap: ${widest}, ${seen}`
        : `The declared ${gap.described} (latency ${formatDuration(link.latencyMs)}) leaves a gap while a message is in flight: ${widest}, ${seen}`,
    );
  }
  if (closed.length > 0) {
    evidence.push(`${closed.length} time${closed.length === 1 ? '' : 's'} a gap closed when the sync caught up (${bySystem(closed, name)}).`);
  }
  if (opened.length > 0) {
    evidence.push(`${opened.length} time${opened.length === 1 ? '' : 's'} a gap opened with movements of the SKU upstream, no larger than what moved (${bySystem(opened, name)}).`);
  }
  if (crossed.length > 0) {
    const shown = crossed.slice(0, 3).map((step) => `${sku(step.event.sku)} in ${name(step.event.system)} ${signed(step.event.step)} by ${formatTime(step.event.toMs)}`);
    evidence.push(
      `${crossed.length} time${crossed.length === 1 ? '' : 's'} a SKU with no movement of its own changed by what other SKUs in the same system missed at the same time: updates that landed on the wrong item (${shown.join('; ')}${crossed.length > 3 ? '; ...' : ''}).`,
    );
  }
  if (stayedOpen.length > 0) {
    const shown = stayedOpen.slice(0, 3).map((step) => `${sku(step.event.sku)} in ${name(step.event.system)} ${signed(step.event.after)} by ${formatTime(step.event.toMs)}`);
    evidence.push(
      `${stayedOpen.length} gap${stayedOpen.length === 1 ? '' : 's'} stayed open to the last observation, in proportion to what moved: messages lost, repeated or misdirected on the way (${shown.join('; ')}${stayedOpen.length > 3 ? '; ...' : ''}).`,
    );
  }
  if (starting.length > 0) {
    evidence.push(
      `${starting.length} difference${starting.length === 1 ? ' was' : 's were'} already there at the first observation of a SKU in a system: a starting count cannot be told from drift, so ${starting.length === 1 ? 'it is' : 'they are'} not judged.`,
    );
  }
  for (const step of irregular.slice(0, MAX_LINES)) evidence.push(describeIrregular(incident, step));
  if (irregular.length > MAX_LINES) evidence.push(`... and ${irregular.length - MAX_LINES} more such changes.`);

  const answer: Gate1Answer = irregular.length === 0 ? 'consistent' : 'irregular';
  if (answer === 'consistent') {
    evidence.push(
      steps.length === starting.length
        ? `The declared links alone give every observed count${starting.length > 0 ? ' after the first observation' : ''}: the gaps are the sync's own rhythm, the same every time.`
        : `Every change away from what the declared links give opened with movements upstream${crossed.length > 0 ? ' (of the SKU, or of the item its updates landed on)' : ' of the SKU'}, or closed as the sync caught up: the same drift every time.`,
    );
  } else {
    evidence.push(`${irregular.length} change${irregular.length === 1 ? '' : 's'} that no recorded movement and no sync accounts for: someone made ${irregular.length === 1 ? 'it' : 'them'}.`);
  }
  return { gate: 1, answer, evidence, tally, declared, steps };
}

function isIrregular(verdict: StepVerdict): boolean {
  return verdict === 'no movement' || verdict === 'too large' || verdict === 'unfed system';
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

function countUnequal(incident: Incident): number {
  let unequal = 0;
  const observations = incident.observations;
  for (let index = 0; index < observations.length; index++) {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let system = 0; system < observations.systems; system++) {
      const count = observations.count(index, system);
      if (count === undefined) continue;
      low = Math.min(low, count);
      high = Math.max(high, count);
    }
    if (high - low > incident.tolerance) unequal++;
  }
  return unequal;
}

/**
 * Gaps across a link where both ends are exactly what the declared links give: the link's
 * own rhythm (a batch not yet run, a poll not yet due, an event in flight) made them.
 */
function declaredGaps(incident: Incident, baseline: readonly (readonly number[])[]): DeclaredGap[] {
  const found = new Map<number, DeclaredGap>();
  const observations = incident.observations;
  for (let index = 0; index < observations.length; index++) {
    const atMs = observations.atMs[index]!;
    const sku = observations.sku[index]!;
    const simulated = baseline[index]!;
    const matches = (system: number) => {
      const seen = observations.count(index, system);
      return seen !== undefined && Math.abs(seen - simulated[system]!) <= incident.tolerance;
    };
    for (let position = 0; position < incident.links.length; position++) {
      const link = incident.links[position]!;
      if (!matches(link.from) || !matches(link.to)) continue;
      const from = observations.count(index, link.from)!;
      const to = observations.count(index, link.to)!;
      if (Math.abs(to - from) <= incident.tolerance) continue;
      const gap = found.get(position) ?? {
        link: link.name,
        described: describeLink(link),
        scheduled: link.mode !== 'event',
        observations: 0,
        widest: { sku: incident.skus[sku]!.sku, atMs, from, to },
      };
      gap.observations++;
      if (Math.abs(to - from) > Math.abs(gap.widest.to - gap.widest.from)) gap.widest = { sku: incident.skus[sku]!.sku, atMs, from, to };
      found.set(position, gap);
    }
  }
  return [...found.entries()].sort((a, b) => a[0] - b[0]).map(([, gap]) => gap);
}

function judgeSteps(incident: Incident, events: readonly DriftEvent[]): JudgedStep[] {
  const judged = judgeAlone(incident, events);
  // A mapping error (a truncated title matching another item) moves one SKU by what another
  // one misses: the units are conserved across SKUs in the same system and interval. Only
  // changes of other SKUs that opened with their own movements can account for it.
  const opened = new Map<number, JudgedStep[]>();
  let widestMs = 0;
  for (const step of judged) {
    if (step.verdict !== 'opened with movements') continue;
    const list = opened.get(step.event.system) ?? [];
    list.push(step);
    opened.set(step.event.system, list);
    widestMs = Math.max(widestMs, step.event.toMs - step.event.fromMs);
  }
  for (const list of opened.values()) list.sort((a, b) => a.event.toMs - b.event.toMs || a.event.sku - b.event.sku);
  return judged.map((step) => {
    if (step.verdict !== 'no movement' && step.verdict !== 'too large') return step;
    const list = opened.get(step.event.system) ?? [];
    let index = firstEndingAfter(list, step.event.fromMs);
    let missed = 0;
    // Intervals overlap when each starts before the other ends; no candidate ending later
    // than this change's end plus the widest interval can start before it ends.
    for (; index < list.length && list[index]!.event.toMs <= step.event.toMs + widestMs; index++) {
      const { event } = list[index]!;
      if (event.sku === step.event.sku || event.fromMs >= step.event.toMs) continue;
      if (Math.sign(event.step) === -Math.sign(step.event.step)) missed += Math.abs(event.step);
    }
    return missed > 0 && Math.abs(step.event.step) <= missed + incident.tolerance ? { ...step, verdict: 'landed on another item' as const } : step;
  });
}

function firstEndingAfter(list: readonly JudgedStep[], ms: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]!.event.toMs <= ms) low = middle + 1;
    else high = middle;
  }
  return low;
}

function judgeAlone(incident: Incident, events: readonly DriftEvent[]): JudgedStep[] {
  const timeline = new MovementTimeline(incident);
  const upstream = incident.systems.map((_, system) => upstreamOf(incident, system));
  const catchUp = incident.systems.map((_, system) => catchUpMs(incident, system));
  const fed = incident.systems.map((_, system) => linksInto(incident, system).length > 0);
  const applications = incident.systems.map((_, system) => (deltaReaches(incident, system) ? MAX_APPLICATIONS : 1));
  const tolerance = incident.tolerance;
  return events.map((event) => {
    const moved = timeline.between(event.sku, event.fromMs - catchUp[event.system]! - RETRY_SLACK_MS, event.toMs, upstream[event.system]!);
    // A difference already there at the first look cannot be told from a wrong starting
    // count: it says nothing about how the drift behaves, so it is not judged.
    if (event.fromMs < incident.window.startMs) return { event, verdict: 'present at the first observation', movedUnits: moved.units };
    if (!fed[event.system]) return { event, verdict: 'unfed system', movedUnits: moved.units };
    const towardZero = Math.abs(event.after) < Math.abs(event.before) && (Math.abs(event.after) <= tolerance || Math.sign(event.after) === Math.sign(event.before));
    if (towardZero) return { event, verdict: 'closed by the sync', movedUnits: moved.units };
    if (moved.count === 0) return { event, verdict: 'no movement', movedUnits: 0 };
    if (Math.abs(event.step) > moved.units * applications[event.system]! + tolerance) return { event, verdict: 'too large', movedUnits: moved.units };
    return { event, verdict: 'opened with movements', movedUnits: moved.units };
  });
}

/** The last step of each (system, SKU) whose gap opened with movements and did not close again. */
function stillOpen(steps: readonly JudgedStep[], tolerance: number): JudgedStep[] {
  const last = new Map<string, JudgedStep>();
  // A gap someone made is reported as such, not as messages lost on the way.
  const touched = new Set<string>();
  for (const step of steps) {
    const key = `${step.event.system}:${step.event.sku}`;
    last.set(key, step);
    if (isIrregular(step.verdict)) touched.add(key);
  }
  return [...last.entries()]
    .filter(([key, step]) => !touched.has(key) && step.verdict === 'opened with movements' && Math.abs(step.event.after) > tolerance)
    .map(([, step]) => step)
    .sort((a, b) => a.event.sku - b.event.sku || a.event.system - b.event.system);
}

function bySystem(steps: readonly JudgedStep[], name: (system: number) => string): string {
  const counts = new Map<number, number>();
  for (const step of steps) counts.set(step.event.system, (counts.get(step.event.system) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([system, count]) => `${name(system)}: ${count}`)
    .join(', ');
}

function describeIrregular(incident: Incident, step: JudgedStep): string {
  const { event } = step;
  const what = `${incident.skus[event.sku]!.sku} in ${incident.systems[event.system]!.name} moved by ${signed(event.step)} between ${formatTime(event.fromMs)} and ${formatTime(event.toMs)}`;
  switch (step.verdict) {
    case 'unfed system':
      return `${what}: no link feeds ${incident.systems[event.system]!.name} and no recorded movement accounts for it.`;
    case 'no movement':
      return `${what} with no movement of that SKU upstream in that time, nor in the time the sync takes before it.`;
    default:
      return `${what}, more than the ${step.movedUnits} unit${step.movedUnits === 1 ? '' : 's'} of that SKU that moved upstream in that time.`;
  }
}
