/**
 * The drift-sim version this code belongs to, read from the package's own package.json.
 * Coordinators put it in every job and workers refuse a job from another version: two
 * versions may score a hypothesis differently, and a mixed answer would be a wrong one.
 *
 * @example
 * packageVersion(); // '0.1.0'
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The version in the nearest package.json named drift-sim above this module (src/ or dist/src/). */
export function packageVersion(): string {
  if (cached) return cached;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const path = join(folder, 'package.json');
    if (existsSync(path)) {
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'drift-sim' && typeof manifest.version === 'string') return (cached = manifest.version);
    }
    folder = dirname(folder);
  }
  throw new Error('the drift-sim package.json was not found above the cluster module');
}
