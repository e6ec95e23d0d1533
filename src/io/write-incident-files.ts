/**
 * Writes an incident to disk the way a user would want to reload it: inline YAML for small
 * lists, NDJSON side files (`<name>.movements.ndjson`, ...) beside it for lists longer than
 * `inlineLimit`, since the YAML parser reads only a few thousand inline entries a second.
 * Every file is written atomically.
 */
import { basename, dirname, join } from 'node:path';
import type { Incident } from '../sim/model.js';
import { writeFileAtomic } from './atomic-write.js';
import { type SideFiles, incidentToYaml, recordsToNdjson } from './write-incident.js';

export const INLINE_LIMIT = 2000;

/** Writes `path` (and any side files); returns the side files written. */
export async function writeIncidentFiles(path: string, incident: Incident, inlineLimit = INLINE_LIMIT): Promise<string[]> {
  const stem = basename(path).replace(/\.(ya?ml|json)$/i, '');
  const sideFiles: SideFiles = {};
  const written: string[] = [];
  for (const list of ['movements', 'observations', 'logs'] as const) {
    if (incident[list].length <= inlineLimit) continue;
    const name = `${stem}.${list}.ndjson`;
    await writeFileAtomic(join(dirname(path), name), recordsToNdjson(incident, list));
    sideFiles[list] = name;
    written.push(join(dirname(path), name));
  }
  await writeFileAtomic(path, incidentToYaml(incident, sideFiles));
  return written;
}
