/**
 * The bundled scenario library (`scenarios/` at the package root): incidents and scenarios,
 * one per failure mode, each with its expected Gate 2 verdict. `drift-sim scenarios` lists
 * them, `drift-sim train` walks a team through one, and the tests hold every one to its
 * expected verdict.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Incident } from '../sim/model.js';
import { loadIncident } from './load-incident.js';
import { InputError } from './problems.js';

/** The package's `scenarios/` folder, found from this module's place (src/ or dist/src/). */
export function scenariosFolder(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'scenarios'))) return join(folder, 'scenarios');
    folder = dirname(folder);
  }
  throw new Error('the bundled scenarios folder was not found beside the package');
}

export interface LibraryEntry {
  name: string;
  path: string;
  incident: Incident;
  /**
   * A scenario is simulated and its observations sampled (it declares the faults that make
   * it, or records nothing to compare with); an incident with observations is used as recorded.
   */
  isScenario: boolean;
}

/** Every bundled entry, in name order. */
export async function listScenarios(): Promise<LibraryEntry[]> {
  const folder = scenariosFolder();
  const files = (await readdir(folder)).filter((file) => file.endsWith('.yaml')).sort();
  const entries: LibraryEntry[] = [];
  for (const file of files) {
    const path = join(folder, file);
    const incident = await loadIncident(path);
    entries.push({ name: incident.name, path, incident, isScenario: incident.faults.length > 0 || incident.observations.length === 0 });
  }
  return entries;
}

/** One entry by name; an unknown name is a usage problem listing the known ones. */
export async function findScenario(name: string): Promise<LibraryEntry> {
  const entries = await listScenarios();
  const entry = entries.find((candidate) => candidate.name === name);
  if (!entry) {
    throw new InputError([{ file: 'scenarios', path: 'NAME', expected: `one of ${entries.map((candidate) => candidate.name).join(', ')}`, found: JSON.stringify(name) }]);
  }
  return entry;
}
