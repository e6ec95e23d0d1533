/**
 * How much drift a world leaves, and what it costs: replay it (in process, every SKU's
 * timeline recorded, link load recorded) and read the systems' counts against each other.
 *
 * Drift here is the systems disagreeing with each other, not with the observations: a fix is
 * judged by whether WMS, ERP and storefront agree, in the world where the recorded inputs
 * happen again with the remedy in place. At each observation (an instant and a SKU the field
 * looked at) the gap is the largest count minus the smallest over every system, once the
 * messages on their way at that instant have landed within their links' declared latency
 * (settled-gaps.ts); "unit-hours apart" integrates each SKU's gap over the whole window.
 *
 * @example
 * const measured = await measureWorld({ incident, faults });
 * measured.drift.largestGap; // 0 when every observation sees the systems agree
 */
import { Simulation, type SimulationResult } from '../sim/engine.js';
import { type ChainCost, chainCost, round } from './api-limits.js';
import { SettledGaps } from './settled-gaps.js';
import type { World } from './world.js';

const HOUR_MS = 3_600_000;

export interface DriftLeft {
  /** The largest gap between systems at an observation. */
  largestGap: number;
  /** Observations at which the systems disagree. */
  driftingObservations: number;
  observations: number;
  /** SKUs with a drifting observation. */
  skusAffected: number;
  /** Sum over SKUs of the gap integrated over the window, in unit-hours. */
  unitHours: number;
}

export interface Measurement {
  drift: DriftLeft;
  cost: ChainCost;
  /** Per observation: the gap between systems. */
  gaps: number[];
}

/** Replays `world` and measures it; the run comes back too (its timeline has every SKU, for charts). */
export async function measureWorld(world: World): Promise<Measurement & { run: SimulationResult }> {
  const incident = world.incident;
  const all = new Set(incident.skus.map((_, sku) => sku));
  const settled = new SettledGaps(incident);
  const run = await new Simulation(incident, { faults: world.faults, timelineSkus: all, recordLinkLoad: true, trace: settled.sink }).run();
  const gaps = settled.gaps();
  const drifting = new Set<number>();
  let largestGap = 0;
  let driftingObservations = 0;
  gaps.forEach((gap, index) => {
    if (gap === 0) return;
    driftingObservations++;
    largestGap = Math.max(largestGap, gap);
    drifting.add(incident.observations.sku[index]!);
  });
  return {
    drift: { largestGap, driftingObservations, observations: gaps.length, skusAffected: drifting.size, unitHours: unitHours(world, run) },
    cost: chainCost(incident, run.linkLoad!),
    gaps,
    run,
  };
}

/** Each SKU's gap between systems integrated over the window, summed, in unit-hours. */
function unitHours(world: World, run: SimulationResult): number {
  const incident = world.incident;
  const counts = incident.skus.map((_, sku) => incident.systems.map((__, system) => incident.initial[system]?.[sku] ?? 0));
  const gapOf = (values: readonly number[]) => Math.max(...values) - Math.min(...values);
  const gaps = counts.map(gapOf);
  const sinceMs = counts.map(() => incident.window.startMs);
  let area = 0;
  for (const point of run.timeline) {
    area += gaps[point.sku]! * (point.atMs - sinceMs[point.sku]!);
    sinceMs[point.sku] = point.atMs;
    counts[point.sku]![point.system] = point.count;
    gaps[point.sku] = gapOf(counts[point.sku]!);
  }
  gaps.forEach((gap, sku) => (area += gap * (incident.window.endMs - sinceMs[sku]!)));
  return round(area / HOUR_MS);
}
