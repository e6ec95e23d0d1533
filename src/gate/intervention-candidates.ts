/**
 * Interventions inferred from residuals: where the first mismatch appears (which system,
 * which SKU, when, by how much), the human actions that would close it.
 *
 * A residual that appears between two observations of a SKU is a step: something changed
 * that system's count by (observed - simulated) in that interval. The candidates are that
 * change at the interval's first instant, at its last instant, and just after each movement
 * of the SKU at that system in between; the search replays them all and keeps the best.
 */
import { type FaultSpec, type Incident, firstMovementAfter } from '../sim/model.js';
import { formatTime } from '../sim/time.js';
import { snapshotFed } from './sync-paths.js';

const MINUTE = 60_000;
/** At most this many instants per (system, interval). */
const MAX_INSTANTS = 6;

export interface InterventionCandidate {
  spec: FaultSpec;
  /** The interval the action happened in, by the evidence: after `fromMs`, at or before `toMs`. */
  fromMs: number;
  toMs: number;
}

/** The process kind that names a human change at a system of this kind. */
export function interventionKind(incident: Incident, system: number): 'manual_override' | 'unpropagated_adjustment' | 'split_shipment' {
  const kind = incident.systems[system]!.kind;
  if (kind === '3pl') return 'split_shipment';
  if (kind === 'shopify') return 'manual_override';
  return 'unpropagated_adjustment';
}

/** An intervention fault: `delta` added to `system`'s count of `sku` at `atMs`. */
export function interventionSpec(incident: Incident, system: number, sku: number, atMs: number, delta: number): FaultSpec {
  const kind = interventionKind(incident, system);
  const target = { system: incident.systems[system]!.name, sku: incident.skus[sku]!.sku, at: atMs };
  return { kind, params: kind === 'split_shipment' ? { ...target, qty: delta } : { ...target, delta } };
}

/**
 * Candidates for the mismatch at observation `index`, given what is still to explain there
 * per system (`residuals`: observed - simulated beyond the slot's starting difference).
 *
 * A human change can be made in any system: in a mismatched one, or upstream of one (a
 * correction in the WMS that the next batch carries on to a mismatched ERP), including a
 * system nobody looked at that time. Systems are tried in declared order, the system of
 * record first.
 */
export function interventionCandidates(incident: Incident, index: number, residuals: readonly (number | undefined)[]): InterventionCandidate[] {
  const observations = incident.observations;
  const sku = observations.sku[index]!;
  const toMs = observations.atMs[index]!;
  let fromMs = incident.window.startMs - 1;
  for (let earlier = index - 1; earlier >= 0; earlier--) {
    if (observations.sku[earlier] === sku && observations.atMs[earlier]! < toMs) {
      fromMs = observations.atMs[earlier]!;
      break;
    }
  }
  const systems = incident.systems.map((_, system) => system);
  systems.sort((a, b) => (a === incident.recordOf ? -1 : b === incident.recordOf ? 1 : a - b));
  const candidates: InterventionCandidate[] = [];
  for (const system of systems) {
    // A residual that crossed a JSON wire may come back as null: the same as not observed.
    const own = residuals[system] ?? undefined;
    const delta = own ?? upstreamDelta(incident, system, residuals);
    if (delta === undefined || Math.abs(delta) <= incident.tolerance || delta === 0) continue;
    for (const atMs of instantsBetween(incident, system, sku, fromMs, toMs)) {
      candidates.push({ spec: interventionSpec(incident, system, sku, atMs, delta), fromMs, toMs });
    }
    if (own !== undefined) {
      // A change that does not enter the links shows nowhere else until the next one does:
      // looks at other systems since this system's own last look do not bound it.
      const ownFromMs = lastLookBefore(incident, index, system, sku);
      if (ownFromMs < fromMs) {
        for (const atMs of instantsBetween(incident, system, sku, ownFromMs, fromMs)) {
          candidates.push({ spec: interventionSpec(incident, system, sku, atMs, delta), fromMs: ownFromMs, toMs });
        }
      }
      // Apart at its first look by -r, right now: a change of -r made before that look (taken
      // then as a starting count) that a snapshot has since reset.
      const before = healedBySnapshots(incident, system) ? firstLookInterval(incident, index, system, sku) : undefined;
      if (before) {
        for (const atMs of instantsBetween(incident, system, sku, before.fromMs, before.toMs)) {
          candidates.push({ spec: interventionSpec(incident, system, sku, atMs, -delta), fromMs: before.fromMs, toMs: before.toMs });
        }
      }
      continue;
    }
    // A human change never enters the links, but a snapshot that later resets this system
    // does: the reset carries the opposite change on. A downstream residual of +r is then
    // a change of -r here that the next snapshot healed.
    if (healedBySnapshots(incident, system)) {
      for (const atMs of instantsBetween(incident, system, sku, fromMs, toMs)) {
        candidates.push({ spec: interventionSpec(incident, system, sku, atMs, -delta), fromMs, toMs });
      }
    }
    // Upstream and already apart at its first look (taken then as a starting count): the
    // change may have come before that look, after the SKU was last seen in step downstream.
    const before = firstLookInterval(incident, index, system, sku);
    if (before) {
      for (const atMs of instantsBetween(incident, system, sku, before.fromMs, before.toMs)) {
        candidates.push({ spec: interventionSpec(incident, system, sku, atMs, delta), fromMs: before.fromMs, toMs: before.toMs });
      }
      continue;
    }
    // Upstream and first seen only later, apart then (taken as a starting count, which the
    // links carried on too early): a downstream residual of +r is then a change of -r made
    // here after this observation and before that first look.
    const firstLookMs = laterFirstLook(incident, index, system, sku);
    if (firstLookMs === undefined) continue;
    for (const atMs of instantsBetween(incident, system, sku, toMs, firstLookMs)) {
      candidates.push({ spec: interventionSpec(incident, system, sku, atMs, -delta), fromMs: toMs, toMs: firstLookMs });
    }
  }
  return candidates;
}

/** When `system` last saw `sku` before observation `index` (the window's start, less 1 ms, when it never did). */
function lastLookBefore(incident: Incident, index: number, system: number, sku: number): number {
  const observations = incident.observations;
  const atMs = observations.atMs[index]!;
  for (let position = index - 1; position >= 0; position--) {
    if (observations.sku[position] === sku && observations.atMs[position]! < atMs && observations.count(position, system) !== undefined) return observations.atMs[position]!;
  }
  return incident.window.startMs - 1;
}

/** When `system` first sees `sku` after observation `index` (undefined: never, or it was seen at or before it). */
function laterFirstLook(incident: Incident, index: number, system: number, sku: number): number | undefined {
  const observations = incident.observations;
  const atMs = observations.atMs[index]!;
  for (let position = 0; position < observations.length; position++) {
    if (observations.sku[position] !== sku || observations.count(position, system) === undefined) continue;
    return position > index && observations.atMs[position]! > atMs ? observations.atMs[position]! : undefined;
  }
  return undefined;
}

/** Whether a link carrying snapshots sets `system`'s counts (and passes the change on from there). */
function healedBySnapshots(incident: Incident, system: number): boolean {
  return snapshotFed(incident, system) && incident.links.some((link) => link.from === system);
}

/**
 * For `system`'s first observation of `sku` (before observation `index`): the interval from
 * the observation of the SKU just before it (any system) to it. Undefined when the system
 * was first seen at `index` or later.
 */
function firstLookInterval(incident: Incident, index: number, system: number, sku: number): { fromMs: number; toMs: number } | undefined {
  let first = -1;
  const observations = incident.observations;
  for (let position = 0; position < index; position++) {
    if (observations.sku[position] === sku && observations.count(position, system) !== undefined) {
      first = position;
      break;
    }
  }
  if (first < 0) return undefined;
  const toMs = observations.atMs[first]!;
  let fromMs = incident.window.startMs - 1;
  for (let position = first - 1; position >= 0; position--) {
    if (observations.sku[position] === sku && observations.atMs[position]! < toMs) {
      fromMs = observations.atMs[position]!;
      break;
    }
  }
  return { fromMs, toMs };
}

/**
 * For a system that matched or was not observed: the residual of the first mismatched
 * system its links reach (a change there would flow on to it). A system seen matching is
 * still tried: what it shows may be a change it made before anyone first looked at it.
 */
function upstreamDelta(incident: Incident, system: number, residuals: readonly (number | undefined)[]): number | undefined {
  const seen = new Set<number>([system]);
  const queue = [system];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const link of incident.links) {
      if (link.from !== current || seen.has(link.to)) continue;
      if (residuals[link.to] != null) return residuals[link.to]!;
      seen.add(link.to);
      queue.push(link.to);
    }
  }
  return undefined;
}

/** The instants worth trying in (fromMs, toMs]: first, after each local movement, last. */
function instantsBetween(incident: Incident, system: number, sku: number, fromMs: number, toMs: number): number[] {
  // The first whole minute after the previous observation reads better than a millisecond past it.
  // Never at the window's first instant: a change there is a starting count, not an action.
  const firstMinute = Math.max(Math.floor(fromMs / MINUTE) * MINUTE + MINUTE, incident.window.startMs + MINUTE);
  const first = firstMinute <= toMs ? firstMinute : Math.max(fromMs + 1, incident.window.startMs + 1);
  const instants = [first];
  const movements = incident.movements;
  const low = firstMovementAfter(movements, fromMs);
  const between: number[] = [];
  for (let position = low; position < movements.length && movements.atMs[position]! < toMs; position++) {
    if (movements.sku[position] === sku && movements.system[position] === system && movements.atMs[position]! > first) between.push(movements.atMs[position]!);
  }
  const step = Math.max(1, Math.ceil(between.length / (MAX_INSTANTS - 2)));
  for (let position = 0; position < between.length; position += step) instants.push(between[position]!);
  if (toMs !== first) instants.push(toMs);
  return [...new Set(instants)];
}

/** Words for an interval, for the human report. */
export function describeInterval(fromMs: number, toMs: number): string {
  return `between ${formatTime(fromMs)} and ${formatTime(toMs)}`;
}
