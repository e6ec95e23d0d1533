/**
 * Drift events: where the observed counts step away from what the declared links alone
 * produce. Between two observations of a SKU, a system's residual (observed - simulated)
 * changed: something the replay does not know about happened in that interval.
 *
 * Gates 1 and 3 and the five checks read these events; Gate 2 explains them.
 */
import { Simulation } from '../sim/engine.js';
import { type Incident, firstMovementAfter } from '../sim/model.js';

export interface DriftEvent {
  system: number;
  sku: number;
  /** The interval the step happened in: after `fromMs` (the previous observation), at or before `toMs`. */
  fromMs: number;
  toMs: number;
  /** The change in residual over the interval. */
  step: number;
  /** True for the first step of this (system, SKU): the drift's onset. */
  onset: boolean;
  /** Movement types of this SKU recorded (in any system) in the interval, sorted. */
  movementTypes: string[];
}

/** Every residual step of the baseline replay, in observation order. */
export async function driftEvents(incident: Incident): Promise<DriftEvent[]> {
  const run = await new Simulation({ ...incident, faults: [] }).run();
  const events: DriftEvent[] = [];
  const systems = incident.systems.length;
  // Per (sku, system): the last residual and the time of the last observation of that SKU.
  const lastResidual = new Map<number, number[]>();
  const lastTime = new Map<number, number>();
  const seenOnset = new Set<string>();
  for (let index = 0; index < incident.observations.length; index++) {
    const observation = incident.observations[index]!;
    const simulated = run.observed[index]!;
    const residuals = lastResidual.get(observation.sku) ?? new Array<number>(systems).fill(0);
    const fromMs = lastTime.get(observation.sku) ?? incident.window.startMs - 1;
    for (let system = 0; system < systems; system++) {
      const seen = observation.counts[system];
      if (seen === undefined) continue;
      const residual = seen - simulated[system]!;
      const step = residual - residuals[system]!;
      if (Math.abs(step) > incident.tolerance) {
        const key = `${system}:${observation.sku}`;
        events.push({
          system,
          sku: observation.sku,
          fromMs,
          toMs: observation.atMs,
          step,
          onset: !seenOnset.has(key),
          movementTypes: movementTypesBetween(incident, observation.sku, fromMs, observation.atMs),
        });
        seenOnset.add(key);
      }
      residuals[system] = residual;
    }
    lastResidual.set(observation.sku, residuals);
    lastTime.set(observation.sku, observation.atMs);
  }
  return events;
}

function movementTypesBetween(incident: Incident, sku: number, fromMs: number, toMs: number): string[] {
  const types = new Set<string>();
  const movements = incident.movements;
  const low = firstMovementAfter(movements, fromMs);
  for (let index = low; index < movements.length && movements.atMs[index]! <= toMs; index++) {
    if (movements.sku[index] === sku) types.add(movements.typeAt(index));
  }
  return [...types].sort();
}
