/**
 * Replay and compare: run an incident's movements through the engine with a set of faults
 * and compare every observation with the simulated counts, observation by observation.
 *
 * The comparison only reads the run's result; it never injects anything (fault models stay
 * apart from checkers).
 *
 * @example
 * const report = await replay(incident, { faults: incident.faults });
 * console.log(`${report.summary.matched}/${report.summary.observations} observations match`);
 */
import { Simulation, type SimulationOptions, type SimulationResult } from './engine.js';
import type { Incident } from './model.js';

export interface SystemComparison {
  system: string;
  /** Undefined when this system was not observed. */
  observed: number | undefined;
  simulated: number;
  /** simulated - observed; undefined when not observed. */
  difference: number | undefined;
  matches: boolean;
}

export interface ObservationComparison {
  index: number;
  atMs: number;
  sku: string;
  matches: boolean;
  systems: SystemComparison[];
}

export interface ReplaySummary {
  observations: number;
  matched: number;
  mismatched: number;
  /** Largest |simulated - observed| over observed values (0 when there are none). */
  maxAbsError: number;
  /** Sum of |simulated - observed| beyond tolerance, over observed values. */
  totalAbsError: number;
  reproduces: boolean;
}

export interface ReplayReport {
  comparisons: ObservationComparison[];
  summary: ReplaySummary;
  run: SimulationResult;
}

/** Replays `incident` with `options` (faults, transport, trace) and compares. */
export async function replay(incident: Incident, options: SimulationOptions = {}): Promise<ReplayReport> {
  const simulation = new Simulation(incident, options);
  return reportOf(incident, await simulation.run());
}

/**
 * The report of a finished run of `incident` (what `replay` returns; the streamed replay ran the simulation itself).
 *
 * @example
 * const report = reportOf(incident, await new Simulation(incident).run());
 */
export function reportOf(incident: Incident, run: SimulationResult): ReplayReport {
  const comparisons = compare(incident, run);
  return { comparisons, summary: summarize(comparisons, incident.tolerance), run };
}

/** Compares every observation the run reached with its simulated counts. */
export function compare(incident: Incident, run: SimulationResult): ObservationComparison[] {
  const comparisons: ObservationComparison[] = [];
  const observations = incident.observations;
  for (let index = 0; index < run.observed.length; index++) {
    const simulated = run.observed[index]!;
    let matches = true;
    const systems = incident.systems.map((system, position) => {
      const seen = observations.count(index, position);
      const count = simulated[position]!;
      const difference = seen === undefined ? undefined : count - seen;
      const ok = difference === undefined || Math.abs(difference) <= incident.tolerance;
      if (!ok) matches = false;
      return { system: system.name, observed: seen, simulated: count, difference, matches: ok };
    });
    comparisons.push({ index, atMs: observations.atMs[index]!, sku: incident.skus[observations.sku[index]!]!.sku, matches, systems });
  }
  return comparisons;
}

export function summarize(comparisons: readonly ObservationComparison[], tolerance: number): ReplaySummary {
  let matched = 0;
  let maxAbsError = 0;
  let totalAbsError = 0;
  for (const comparison of comparisons) {
    if (comparison.matches) matched++;
    for (const system of comparison.systems) {
      if (system.difference === undefined) continue;
      const error = Math.abs(system.difference);
      maxAbsError = Math.max(maxAbsError, error);
      if (error > tolerance) totalAbsError += error;
    }
  }
  return {
    observations: comparisons.length,
    matched,
    mismatched: comparisons.length - matched,
    maxAbsError,
    totalAbsError,
    reproduces: matched === comparisons.length,
  };
}
