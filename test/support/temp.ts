/**
 * Temp folders that are removed when the test file that made them finishes, so `npm test`
 * leaves nothing behind in the OS temp folder. vitest ignores an `afterAll` registered while
 * a test runs (no error, the hook never runs), so the folders are kept in one list and removed
 * by the one `afterAll` below: it is registered when a test file imports this module, on that
 * file's top-level suite, and, registered first, runs after the file's own `afterAll` hooks
 * (which may still use a folder). Each test file loads its own copy of this module
 * (vitest isolates test files), so each file removes only its own folders.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const folders = new Set<string>();

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  folders.clear();
});

/** A new empty folder in the OS temp folder, named `prefix` and six random characters. */
export function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.add(folder);
  return folder;
}

/** `tempFolder` without blocking. */
export async function tempFolderAsync(prefix: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  folders.add(folder);
  return folder;
}
