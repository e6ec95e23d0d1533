/**
 * Test helpers: small incidents written inline as YAML (through the real loader, so every
 * engine test also exercises the format), and a replay that returns counts by name.
 */
import { loadIncidentFromText } from '../../src/io/load-incident.js';
import { type SimulationOptions, Simulation } from '../../src/sim/engine.js';
import type { Incident } from '../../src/sim/model.js';
import { parseFaultFlag } from '../../src/sim/faults/index.js';
import type { FaultSpec } from '../../src/sim/model.js';
import type { TraceEvent } from '../../src/sim/trace.js';

/** Loads an incident from YAML text; fails the test with the problems if it is invalid. */
export async function incidentFrom(yaml: string): Promise<Incident> {
  return loadIncidentFromText(yaml, 'inline.yaml');
}

/** Parses `--fault` flags against an incident; throws on problems. */
export function faults(incident: Incident, ...flags: string[]): FaultSpec[] {
  const context = {
    systems: incident.systems.map((system) => system.name),
    links: incident.links.map((link) => link.name),
    linkModes: Object.fromEntries(incident.links.map((link) => [link.name, link.mode])),
  };
  return flags.map((flag) => {
    const parsed = parseFaultFlag(flag, context);
    if (!parsed.spec) throw new Error(`bad fault ${flag}: ${JSON.stringify(parsed.problems)}`);
    return parsed.spec;
  });
}

/** Runs and returns, per observation, the simulated counts by system name. */
export async function simulate(incident: Incident, options: SimulationOptions = {}): Promise<Record<string, number>[]> {
  const run = await new Simulation(incident, options).run();
  return run.observed.map((counts) => Object.fromEntries(incident.systems.map((system, index) => [system.name, counts[index]!])));
}

/** Runs with a trace and returns the events. */
export async function traceOf(incident: Incident, options: SimulationOptions = {}): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  await new Simulation(incident, { ...options, trace: (event) => events.push(event) }).run();
  return events;
}

/** Builds a two- or three-system incident text with the given links, movements and observation times. */
export function yamlIncident(parts: {
  systems?: string;
  window?: [string, string];
  initial?: string;
  links: string[];
  movements: string[];
  observations: string[];
  extra?: string;
}): string {
  const [start, end] = parts.window ?? ['2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z'];
  return [
    'version: 1',
    'name: test-incident',
    `window: {start: '${start}', end: '${end}'}`,
    `systems: ${parts.systems ?? '[wms, erp, storefront]'}`,
    `initial: ${parts.initial ?? '{A: 10}'}`,
    'links:',
    ...parts.links.map((link) => `  - ${link}`),
    parts.movements.length ? 'movements:' : 'movements: []',
    ...parts.movements.map((movement) => `  - ${movement}`),
    parts.observations.length ? 'observations:' : 'observations: []',
    ...parts.observations.map((observation) => `  - ${observation}`),
    parts.extra ?? '',
  ].join('\n');
}
