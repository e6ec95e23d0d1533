/**
 * Starting counts: a difference already present when a SKU is first observed in a system
 * cannot be told from a wrong count at the window's start. Gate 2 (and `replay
 * --starting-counts`) take such differences as corrections of `initial`, report them, and
 * judge the rest of the evidence from there.
 *
 * @example
 * const corrected = withStartingCounts(incident, [{ system: 2, sku: 0, difference: -5 }]);
 * corrected.initial[2][0]; // 5 less than incident.initial[2][0]
 */
import { Simulation } from './engine.js';
import type { FaultSpec, Incident } from './model.js';

export interface StartingCount {
  /** Index into `Incident.systems`. */
  system: number;
  /** Index into `Incident.skus`. */
  sku: number;
  /** Observed minus simulated at the first observation: what `initial` was off by. */
  difference: number;
}

/** The incident with `corrections` added to its starting counts (a copy; `incident` is unchanged). */
export function withStartingCounts(incident: Incident, corrections: readonly StartingCount[]): Incident {
  if (corrections.length === 0) return incident;
  const initial = incident.systems.map((_, system) => {
    const row = incident.initial[system] ?? [];
    return Array.from({ length: incident.skus.length }, (_, sku) => row[sku] ?? 0);
  });
  for (const correction of corrections) initial[correction.system]![correction.sku]! += correction.difference;
  return { ...incident, initial };
}

/** Rounds of correction before giving up (each corrects the most upstream differences left). */
const MAX_ROUNDS = 6;

export interface StartingCountFit {
  /** The corrections found (possibly partial: a link may overwrite a difference before anyone looked). */
  corrections: StartingCount[];
  /** Observed counts of the last replay, from the corrected starting counts. */
  observed: number[][];
  /** Replays made here (not counting `firstRun`). */
  replays: number;
}

/**
 * The starting-count corrections under which replaying `incident` with `faults` matches the
 * first observation of every (SKU, system) slot, found round by round: replay, read each
 * slot's difference at its first observation, correct those with no differing system
 * upstream of them (a difference in the WMS flows on to the ERP, which then needs no
 * correction of its own), and replay again. `firstRun` is a replay already made from the
 * uncorrected counts, to save one.
 */
export async function inferStartingCounts(incident: Incident, faults: readonly FaultSpec[], firstRun?: number[][]): Promise<StartingCountFit> {
  const upstream = upstreamSystems(incident);
  let corrections: StartingCount[] = [];
  let replays = firstRun ? 0 : 1;
  let observed = firstRun ?? (await new Simulation(incident, { faults, keepLogs: false }).run()).observed;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const differences = firstDifferences(incident, observed);
    if (differences.length === 0) break;
    const differing = new Set(differences.map((difference) => `${difference.sku}:${difference.system}`));
    const chosen = differences.filter((difference) => ![...upstream[difference.system]!].some((system) => differing.has(`${difference.sku}:${system}`)));
    corrections = mergeStartingCounts(corrections, chosen.length > 0 ? chosen : differences);
    observed = (await new Simulation(withStartingCounts(incident, corrections), { faults, keepLogs: false }).run()).observed;
    replays++;
  }
  return { corrections, observed, replays };
}

/** Per slot, observed minus simulated at its first observation (non-zero beyond tolerance only). */
export function firstDifferences(incident: Incident, observed: readonly (readonly number[])[]): StartingCount[] {
  const systems = incident.systems.length;
  const seen = new Uint8Array(incident.skus.length * systems);
  const differences: StartingCount[] = [];
  const observations = incident.observations;
  for (let index = 0; index < observations.length; index++) {
    const sku = observations.sku[index]!;
    for (let system = 0; system < observations.systems; system++) {
      const count = observations.count(index, system);
      if (count === undefined) continue;
      const slot = sku * systems + system;
      if (seen[slot]) continue;
      seen[slot] = 1;
      const difference = count - observed[index]![system]!;
      if (Math.abs(difference) > incident.tolerance) differences.push({ system, sku, difference });
    }
  }
  return differences.sort((a, b) => a.sku - b.sku || a.system - b.system);
}

/** Adds corrections slot by slot (dropping those that cancel out), by SKU then system. */
export function mergeStartingCounts(a: readonly StartingCount[], b: readonly StartingCount[]): StartingCount[] {
  const merged = new Map<string, StartingCount>();
  for (const start of [...a, ...b]) {
    const key = `${start.sku}:${start.system}`;
    const previous = merged.get(key);
    merged.set(key, { system: start.system, sku: start.sku, difference: (previous?.difference ?? 0) + start.difference });
  }
  return [...merged.values()].filter((start) => start.difference !== 0).sort((x, y) => x.sku - y.sku || x.system - y.system);
}

/** For each system, the systems from which links reach it (directly or not). */
function upstreamSystems(incident: Incident): Set<number>[] {
  return incident.systems.map((_, target) => {
    const found = new Set<number>();
    const stack = [target];
    while (stack.length > 0) {
      const system = stack.pop()!;
      for (const link of incident.links) {
        if (link.to === system && link.from !== target && !found.has(link.from)) {
          found.add(link.from);
          stack.push(link.from);
        }
      }
    }
    return found;
  });
}
