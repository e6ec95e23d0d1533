/**
 * Drift events: where the observed counts step away from what the declared links alone
 * produce. Between two observations of a SKU in a system, the system's residual (observed -
 * simulated) changed: something the replay of the declared links does not know about
 * happened in that interval.
 *
 * Gates 1 and 3 and the five checks read these events; Gate 2 explains them.
 *
 * @example
 * const baseline = await baselineCounts(incident);
 * const events = driftEventsFrom(incident, baseline);
 * events[0]; // { system: 1, sku: 0, fromMs, toMs, step: -4, before: 0, after: -4, onset: true, movementTypes: ['order'] }
 */
import { Simulation } from '../sim/engine.js';
import type { Incident } from '../sim/model.js';
import { MovementTimeline } from './movement-timeline.js';

export interface DriftEvent {
  system: number;
  sku: number;
  /** The interval the step happened in: after `fromMs` (the previous observation of this SKU in this system), at or before `toMs`. */
  fromMs: number;
  toMs: number;
  /** The change in residual over the interval (`after - before`). */
  step: number;
  /** The residual (observed - what the declared links give) before and after the step. */
  before: number;
  after: number;
  /** True for the first step of this (system, SKU): the drift's onset. */
  onset: boolean;
  /** Movement types of this SKU recorded (in any system) in the interval, sorted. */
  movementTypes: string[];
}

/**
 * The counts the declared links alone give at each observation (one row per observation, one column per system).
 *
 * @example
 * const baseline = await baselineCounts(incident); // baseline[0][1]: the ERP at the first observation
 */
export async function baselineCounts(incident: Incident): Promise<number[][]> {
  const run = await new Simulation({ ...incident, faults: [] }).run();
  return run.observed.map((counts) => [...counts]);
}

/**
 * Every residual step against `baseline` (from baselineCounts), in observation order then system order.
 *
 * @example
 * driftEventsFrom(incident, await baselineCounts(incident)).filter((event) => event.onset);
 */
export function driftEventsFrom(incident: Incident, baseline: readonly (readonly number[])[]): DriftEvent[] {
  const timeline = new MovementTimeline(incident);
  const everywhere = new Set(incident.systems.map((_, index) => index));
  const systems = incident.systems.length;
  const events: DriftEvent[] = [];
  // Per (sku, system): the last residual and the time of the last observation of that pair.
  // Observations may leave systems out, so the previous instant is kept per system.
  const lastResidual = new Map<number, number[]>();
  const lastTime = new Map<number, number[]>();
  const seenOnset = new Set<number>();
  const observations = incident.observations;
  for (let index = 0; index < observations.length; index++) {
    const atMs = observations.atMs[index]!;
    const sku = observations.sku[index]!;
    const simulated = baseline[index]!;
    const residuals = lastResidual.get(sku) ?? new Array<number>(systems).fill(0);
    const times = lastTime.get(sku) ?? new Array<number>(systems).fill(incident.window.startMs - 1);
    for (let system = 0; system < systems; system++) {
      const seen = observations.count(index, system);
      if (seen === undefined) continue;
      const residual = seen - simulated[system]!;
      const step = residual - residuals[system]!;
      if (Math.abs(step) > incident.tolerance) {
        const key = sku * systems + system;
        events.push({
          system,
          sku,
          fromMs: times[system]!,
          toMs: atMs,
          step,
          before: residuals[system]!,
          after: residual,
          onset: !seenOnset.has(key),
          movementTypes: timeline.between(sku, times[system]!, atMs, everywhere).types,
        });
        seenOnset.add(key);
      }
      residuals[system] = residual;
      times[system] = atMs;
    }
    lastResidual.set(sku, residuals);
    lastTime.set(sku, times);
  }
  return events;
}

/**
 * Every residual step of the baseline replay, in observation order.
 *
 * @example
 * const events = await driftEvents(incident);
 */
export async function driftEvents(incident: Incident): Promise<DriftEvent[]> {
  return driftEventsFrom(incident, await baselineCounts(incident));
}
