/**
 * Making a synthetic incident from a scenario: simulate it with its faults, sample every
 * SKU's counts in every system every `periodMs`, keep the logs the faults produced, and drop
 * the faults. The result is what the field would have recorded, with a known cause: the
 * training library and the Gate 2 round-trip tests are built this way.
 *
 * @example
 * const { incident: recorded } = await emitIncident(scenario, 86_400_000);
 * // recorded.faults is empty; recorded.observations has one row per SKU per day
 */
import { Simulation, type SimulationResult } from './engine.js';
import { LogStore } from './log-store.js';
import type { Incident, Observation } from './model.js';
import { ObservationStore } from './observation-store.js';

/** Observation instants: window start, then every period, up to and including the window end. */
export function sampleTimes(incident: Incident, periodMs: number): number[] {
  if (!(periodMs > 0)) throw new RangeError('the observation period must be positive');
  const times: number[] = [];
  for (let at = incident.window.startMs; at <= incident.window.endMs; at += periodMs) times.push(at);
  return times;
}

export async function emitIncident(scenario: Incident, periodMs: number): Promise<{ incident: Incident; run: SimulationResult }> {
  const observations: Observation[] = [];
  for (const atMs of sampleTimes(scenario, periodMs)) {
    for (let sku = 0; sku < scenario.skus.length; sku++) observations.push({ atMs, sku, counts: [] });
  }
  const systems = scenario.systems.length;
  const sampling: Incident = { ...scenario, observations: ObservationStore.from(observations, { systems }) };
  const run = await new Simulation(sampling, { faults: scenario.faults }).run();
  const observed = observations.map((observation, index) => ({ ...observation, counts: [...run.observed[index]!] }));
  // `from` sorts by time, ties in the order given: the scenario's lines before the run's.
  const logs = LogStore.from([...scenario.logs, ...run.logs]);
  const { expect: _expect, ...rest } = scenario;
  const incident: Incident = { ...rest, observations: ObservationStore.from(observed, { systems }), logs, faults: [] };
  return { incident, run };
}
