/**
 * Writes the browser workshop as a folder of static files: the page bundled at build time
 * (`dist/workshop/`: HTML, CSS, the script with the engine, Gate 2 and the mocks, and msw's
 * service worker script), the bundled scenarios embedded in the page as JSON (each loaded with
 * the project's loader and, for a scenario, its faults simulated into the observations the
 * field would record), and each recorded incident as a file for the re-run command. Any static
 * host serves it; nothing is fetched from elsewhere.
 *
 * @example
 * const site = await writeWorkshopSite('out/workshop', { observeMs: 3_600_000 });
 * site.files;  // ['index.html', 'style.css', 'workshop.js', 'mockServiceWorker.js', 'incidents/...']
 * site.bytes;  // total size of the site
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncidentJson, WorkshopData, WorkshopScenario } from '../../web/workshop-data.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { InputError } from '../io/problems.js';
import { type LibraryEntry, listScenarios } from '../io/scenario-library.js';
import { writeIncidentFiles } from '../io/write-incident-files.js';
import { emitIncident } from '../sim/emit-incident.js';
import type { Incident, Movement } from '../sim/model.js';

/** The files `npm run build` bundles into `dist/workshop/`, copied as they are (index.html gets the data). */
const ASSETS = ['style.css', 'workshop.js', 'mockServiceWorker.js'] as const;
const DATA_MARK = '<!--scenario-data-->';

export interface WorkshopSite {
  directory: string;
  /** Paths written, relative to `directory`. */
  files: string[];
  bytes: number;
  scenarios: number;
}

/**
 * `dist/workshop/` of this package, found from this module's place (src/ or dist/src/); bad
 * input (exit 2) when the package was not built.
 *
 * @example
 * workshopAssetsFolder(); // '/path/to/drift-sim/dist/workshop'
 */
export function workshopAssetsFolder(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    if (existsSync(join(folder, 'package.json'))) {
      const assets = join(folder, 'dist', 'workshop');
      if (existsSync(join(assets, 'index.html')) && existsSync(join(assets, 'workshop.js'))) return assets;
      throw new InputError([{ file: relative(process.cwd(), assets) || assets, path: '(folder)', expected: 'the bundled workshop page (npm run build makes it)', found: 'no index.html and workshop.js' }]);
    }
    folder = dirname(folder);
  }
  throw new Error('the package root was not found above the workshop site writer');
}

/**
 * An incident as the page's JSON: movements listed, unobserved counts as null, no local path.
 *
 * @example
 * JSON.stringify(incidentToJson((await findScenario('weekend-batch-gap')).incident));
 */
export function incidentToJson(incident: Incident): IncidentJson {
  const movements: Movement[] = [];
  for (const movement of incident.movements) movements.push({ ...movement });
  const { sourcePath: _sourcePath, movements: _movements, observations, ...rest } = incident;
  return {
    ...rest,
    logs: [...incident.logs],
    movements,
    observations: Array.from(observations, (observation) => ({ ...observation, counts: observation.counts.map((count) => count ?? null) })),
  };
}

/**
 * What the page gets about one library entry; a scenario's observations are sampled every `observeMs`.
 *
 * @example
 * const { scenario } = await workshopScenario(await findScenario('cycle-count-never-pushed'), 3_600_000);
 * scenario.recorded.observations.length; // 146: hourly over three days, two SKUs
 */
export async function workshopScenario(entry: LibraryEntry, observeMs: number): Promise<{ scenario: WorkshopScenario; recorded: Incident }> {
  const recorded = entry.isScenario ? (await emitIncident(entry.incident, observeMs)).incident : entry.incident;
  const file = entry.path.split(/[\\/]/).pop()!;
  return {
    recorded,
    scenario: {
      name: entry.name,
      file,
      type: entry.isScenario ? 'scenario' : 'incident',
      recorded: incidentToJson(recorded),
      faults: entry.isScenario ? entry.incident.faults : [],
      incidentPath: `incidents/${entry.name}.yaml`,
      expect: entry.incident.expect?.gate2 ?? null,
    },
  };
}

/** JSON safe inside a `<script>` element: no `</script>` or `<!--` can appear in it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** Writes the site into `directory` (created if needed); every file is written atomically. */
export async function writeWorkshopSite(directory: string, options: { observeMs: number }): Promise<WorkshopSite> {
  if (existsSync(directory) && !(await stat(directory)).isDirectory()) {
    throw new InputError([{ file: directory, path: '--web', expected: 'a folder for the site (it is created if missing)', found: 'a file' }]);
  }
  const assets = workshopAssetsFolder();
  const entries = await listScenarios();
  const scenarios: WorkshopScenario[] = [];
  const recordedIncidents: Incident[] = [];
  for (const entry of entries) {
    const { scenario, recorded } = await workshopScenario(entry, options.observeMs);
    scenarios.push(scenario);
    recordedIncidents.push(recorded);
  }
  const data: WorkshopData = { version: 1, observeMs: options.observeMs, scenarios };
  const template = await readFile(join(assets, 'index.html'), 'utf8');
  if (!template.includes(DATA_MARK)) throw new Error(`the workshop page template has no ${DATA_MARK}`);
  const page = template.replace(DATA_MARK, () => `<script type="application/json" id="scenario-data">${scriptJson(data)}</script>`);

  const files: string[] = [];
  await writeFileAtomic(join(directory, 'index.html'), page);
  files.push('index.html');
  for (const asset of ASSETS) {
    await writeFileAtomic(join(directory, asset), await readFile(join(assets, asset)));
    files.push(asset);
  }
  for (let index = 0; index < scenarios.length; index++) {
    const path = join(directory, scenarios[index]!.incidentPath);
    const sideFiles = await writeIncidentFiles(path, recordedIncidents[index]!);
    files.push(scenarios[index]!.incidentPath, ...sideFiles.map((side) => relative(directory, side)));
  }
  let bytes = 0;
  for (const file of files) bytes += (await stat(join(directory, file))).size;
  return { directory, files, bytes, scenarios: scenarios.length };
}
