/**
 * What the workshop site carries about its scenarios: written once at build time by the site
 * writer (`src/adapters/workshop-site.ts`, which loads each `scenarios/*.yaml` with the
 * project's loader) and read by the page, so the page needs no YAML parser and no file access.
 *
 * Everything is plain JSON: movements, observations and log lines as arrays of records (the
 * page makes its columnar stores of them), an observation's unobserved systems as `null`.
 *
 * @example
 * const data = readWorkshopData(document.getElementById('scenario-data')!.textContent!);
 * const recorded = incidentFromJson(data.scenarios[0]!.recorded);
 */
import { LogStore } from '../src/sim/log-store.js';
import { MovementStore } from '../src/sim/movement-store.js';
import type { FaultSpec, Incident, LogLine, Movement } from '../src/sim/model.js';
import { ObservationStore } from '../src/sim/observation-store.js';

/** An incident as JSON: the `Incident` fields, movements, observations and logs listed, unobserved counts as null. */
export type IncidentJson = Omit<Incident, 'movements' | 'observations' | 'logs' | 'sourcePath'> & {
  movements: Movement[];
  observations: { atMs: number; sku: number; counts: (number | null)[] }[];
  logs: LogLine[];
};

export interface WorkshopScenario {
  name: string;
  /** The library file, e.g. `weekend-batch-gap.yaml`. */
  file: string;
  /** `scenario`: simulated with known faults; `incident`: as the field recorded it. */
  type: 'scenario' | 'incident';
  /** What the field recorded (for a scenario: its faults simulated, observed every `observeMs`). */
  recorded: IncidentJson;
  /** What really happened: the scenario's faults (empty for a recorded incident). */
  faults: FaultSpec[];
  /** Where the recorded incident is in the site, for the re-run command (`incidents/NAME.yaml`). */
  incidentPath: string;
  expect: { answer: 'yes' | 'no'; problem: 'integration' | 'process' | 'both' | 'unexplained' } | null;
}

export interface WorkshopData {
  version: 1;
  /** How often a scenario's counts were sampled into its recorded observations. */
  observeMs: number;
  scenarios: WorkshopScenario[];
}

/**
 * Parses the embedded document; throws on a shape the page cannot use.
 *
 * @example
 * readWorkshopData(byId('scenario-data').textContent!).scenarios.length; // 10
 */
export function readWorkshopData(text: string): WorkshopData {
  const data = JSON.parse(text) as WorkshopData;
  if (data.version !== 1 || !Array.isArray(data.scenarios)) throw new Error('the workshop data is not version 1');
  return data;
}

/**
 * The `Incident` the engine runs, from its JSON. The only place the page builds an incident,
 * so a change of how movements are held is made here once.
 */
export function incidentFromJson(json: IncidentJson): Incident {
  return {
    ...json,
    movements: MovementStore.from(json.movements),
    observations: ObservationStore.from(
      json.observations.map((observation) => ({
        ...observation,
        counts: observation.counts.map((count) => (count === null ? undefined : count)),
      })),
      { systems: json.systems.length },
    ),
    logs: LogStore.from(json.logs),
  };
}
