/**
 * Goal: `drift-sim train --web DIR` writes a complete static site: the bundled page, msw's
 * service worker script, every bundled scenario embedded in the page as JSON the page can turn
 * back into the incident the loader gave (no YAML parser in the page), and each recorded
 * incident as a file the re-run command names. The same inputs write the same bytes, and a
 * file given as DIR is bad input (exit 2), not a crash. Needs `npm run build` (dist/workshop).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWorkshopSite } from '../../src/adapters/workshop-site.js';
import { loadIncident } from '../../src/io/load-incident.js';
import { InputError } from '../../src/io/problems.js';
import { findScenario } from '../../src/io/scenario-library.js';
import { incidentFromJson, readWorkshopData } from '../../web/workshop-data.js';

const run = promisify(execFile);
const HOUR_MS = 3_600_000;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'drift-sim-site-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function embedded(page: string): string {
  const match = /<script type="application\/json" id="scenario-data">([^<]*)<\/script>/.exec(page);
  expect(match, 'the page embeds the scenario data').not.toBeNull();
  return match![1]!;
}

describe('the workshop site writer', () => {
  it('writes the page, its script, the service worker and every scenario', async () => {
    const site = await writeWorkshopSite(join(folder, 'a'), { observeMs: HOUR_MS });
    expect(site.files.slice(0, 4)).toEqual(['index.html', 'style.css', 'workshop.js', 'mockServiceWorker.js']);
    expect(site.files.filter((file) => file.startsWith('incidents/'))).toHaveLength(site.scenarios);
    expect(site.scenarios).toBeGreaterThanOrEqual(10);

    const page = await readFile(join(site.directory, 'index.html'), 'utf8');
    expect(page).toContain('<script defer src="./workshop.js"></script>');
    // Nothing from elsewhere: every src and href in the page is relative.
    expect([...page.matchAll(/(?:src|href)="([^"]*)"/g)].map((match) => match[1])).toEqual(['./style.css', './workshop.js']);
    const worker = await readFile(join(site.directory, 'mockServiceWorker.js'), 'utf8');
    expect(worker).toContain('Mock Service Worker');

    const data = readWorkshopData(embedded(page));
    expect(data.observeMs).toBe(HOUR_MS);
    expect(data.scenarios.map((scenario) => scenario.name)).toEqual([...data.scenarios.map((scenario) => scenario.name)].sort());

    // A scenario: its faults simulated and sampled hourly over its three days (73 instants), both SKUs.
    const cycleCount = data.scenarios.find((scenario) => scenario.name === 'cycle-count-never-pushed')!;
    expect(cycleCount.type).toBe('scenario');
    expect(cycleCount.recorded.observations).toHaveLength(73 * 2);
    expect(cycleCount.recorded.faults).toEqual([]);
    expect(cycleCount.faults).toEqual([{ kind: 'unpropagated_adjustment', params: { system: 'wms', sku: 'LANTERN-BRASS', at: Date.parse('2026-03-03T21:40:00Z'), delta: -14 } }]);
    expect(cycleCount.expect).toEqual({ answer: 'no', problem: 'process' });
    expect(cycleCount.incidentPath).toBe('incidents/cycle-count-never-pushed.yaml');

    // A recorded incident: the page rebuilds exactly what the loader gave (its local path aside).
    const weekend = data.scenarios.find((scenario) => scenario.name === 'weekend-batch-gap')!;
    expect(weekend.type).toBe('incident');
    expect(weekend.faults).toEqual([]);
    const loaded = (await findScenario('weekend-batch-gap')).incident;
    const { sourcePath: _sourcePath, ...expected } = loaded;
    expect(incidentFromJson(weekend.recorded)).toEqual(expected);

    // The recorded incident file loads and is the incident the page embeds.
    const written = await loadIncident(join(site.directory, cycleCount.incidentPath));
    const { sourcePath: _written, ...writtenRest } = written;
    const { expect: _expect, ...pageRest } = incidentFromJson(cycleCount.recorded);
    expect(writtenRest).toEqual(pageRest);
  });

  it('writes the same bytes for the same inputs', async () => {
    const first = await writeWorkshopSite(join(folder, 'b'), { observeMs: HOUR_MS });
    const second = await writeWorkshopSite(join(folder, 'c'), { observeMs: HOUR_MS });
    expect(second.files).toEqual(first.files);
    for (const file of first.files) {
      expect((await readFile(join(second.directory, file))).equals(await readFile(join(first.directory, file))), file).toBe(true);
    }
  });

  it('refuses a file as the site folder: bad input, exit 2, nothing written', async () => {
    const file = join(folder, 'not-a-folder');
    await writeFile(file, 'x');
    await expect(writeWorkshopSite(file, { observeMs: HOUR_MS })).rejects.toBeInstanceOf(InputError);
    const failed = await run(process.execPath, ['bin/drift-sim.js', 'train', '--web', file]).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stdout).toBe('');
    expect(failed?.stderr).toContain('expected a folder for the site (it is created if missing), found a file');
    expect(await readFile(file, 'utf8')).toBe('x');
  });
});
