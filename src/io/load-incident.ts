/**
 * Loading an incident or scenario file (YAML or JSON, with optional CSV/NDJSON side files)
 * into the typed, resolved `Incident` the engine runs.
 *
 * Everything in spec/incident-format.md is checked, and every problem is collected before
 * anything is returned: a user fixes a file in one pass. The order of the steps follows
 * what each needs: systems before links and records (which name them), records before the
 * default window and the SKU table (which come from them), and the SKU table before faults
 * (whose SKU parameters must name a SKU of the incident).
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Incident, LinkMode } from '../sim/model.js';
import { InputError } from './problems.js';
import { LogSink } from './log-sink.js';
import { MovementSink } from './movement-sink.js';
import { MovementLineParser } from './movement-line-parser.js';
import { readMovementsInParts } from './movement-parts.js';
import { ObservationSink } from './observation-sink.js';
import type { FaultReadContext } from './read-faults.js';
import { readFaultFlags, readFaults } from './read-faults.js';
import { readLinks } from './read-links.js';
import { readRecordSection } from './read-records.js';
import type { DeclaredWindow } from './read-settings.js';
import { readExpect, readName, readTimezone, readTolerance, readVersion, readWindow } from './read-settings.js';
import { readInitial, readSkuMetadata } from './read-skus.js';
import { readRecordOf, readSystems } from './read-systems.js';
import { SkuInterner } from './sku-interner.js';
import { openTopLevel } from './yaml-source.js';
import { readTextValue } from './yaml-values.js';

/** The top-level fields of the format, in the order the spec lists them. */
export const TOP_LEVEL_FIELDS = [
  'version',
  'name',
  'description',
  'window',
  'timezone',
  'systems',
  'recordOf',
  'skus',
  'initial',
  'links',
  'movements',
  'observations',
  'logs',
  'faults',
  'tolerance',
  'expect',
] as const;

export interface LoadOptions {
  /** `--fault` flag values, added after the file's own faults. */
  extraFaults?: readonly string[];
  /**
   * False: every NDJSON line goes through JSON.parse and the general checks, never the fast
   * byte path (both keep the same records; tests compare them).
   */
  fastLines?: boolean;
  /**
   * How a large NDJSON movement file is read: by default in two halves on two threads when
   * a core is idle; true: in halves whenever there are two cores; false: on this thread
   * alone. All three give the same incident and problems (tests compare them).
   */
  parallel?: boolean;
  /** Files from this size are read in two halves (default 32 MiB); tests lower it. */
  parallelMinBytes?: number;
}

/**
 * Reads and validates an incident or scenario file.
 *
 * @throws InputError listing every problem (file, line, column, path, expected, found).
 * @example
 * const incident = await loadIncident('incidents/weekend-batch-gap.yaml', { extraFaults: ['cadence:link=wms->erp,pausedOn=sat|sun'] });
 * incident.movements.length; // 135
 */
export async function loadIncident(path: string, options: LoadOptions = {}): Promise<Incident> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const found = code === 'ENOENT' ? `no file at ${path}` : code === 'EISDIR' ? `a folder at ${path}` : String((error as Error).message);
    throw new InputError([{ file: path, path: '(file)', expected: 'a readable YAML or JSON incident file', found }]);
  }
  return loadIncidentFromText(text, path, options);
}

/**
 * Validates an incident given as text; `fileName` names it in problems and is the folder
 * side files are resolved against.
 *
 * @throws InputError listing every problem.
 * @example
 * const incident = await loadIncidentFromText('version: 1\nname: tiny\nsystems: [wms]\nwindow: {start: 2026-03-02T00:00:00Z, end: 2026-03-03T00:00:00Z}\n', 'tiny.yaml');
 * incident.systems; // [{ name: 'wms', kind: 'wms' }]
 */
export async function loadIncidentFromText(text: string, fileName: string, options: LoadOptions = {}): Promise<Incident> {
  const { source, problems, root, get } = openTopLevel(text, fileName, TOP_LEVEL_FIELDS, 'an incident', 'an incident mapping (version, name, systems, ...)');

  if (!readVersion(source, get('version'), root)) throw new InputError(problems.toArray());
  const name = readName(source, get('name'), root);
  const descriptionNode = get('description');
  const description = descriptionNode === undefined ? undefined : readTextValue(source, descriptionNode, 'description');
  const timezone = readTimezone(source, get('timezone'));
  const tolerance = readTolerance(source, get('tolerance'));
  const expect = readExpect(source, get('expect'));
  const { systems, byName } = readSystems(source, get('systems'), root);
  const recordOf = readRecordOf(source, get('recordOf'), byName);
  const declared = readWindow(source, get('window'));

  const skus = new SkuInterner();
  const titles = readSkuMetadata(source, get('skus'), skus);
  const initialEntries = readInitial(source, get('initial'), byName, skus);
  const { links, modes } = readLinks(source, get('links'), byName);

  // Records are checked against the declared bounds while they stream; an undeclared bound
  // is taken from the records themselves, so nothing can fall outside it.
  const bounds = { startMs: declared.startMs ?? -Infinity, endMs: declared.endMs ?? Infinity };
  const baseDirectory = dirname(fileName);
  const problemsBeforeRecords = problems.count;
  // The columns go to shared memory so that worker threads (the search's) read them in place.
  const movementSink = new MovementSink(byName, skus, bounds, sharedAllocator);
  if (options.fastLines !== false) {
    movementSink.lineParser = new MovementLineParser(
      movementSink,
      skus,
      systems.map((system) => system.name),
      bounds,
    );
  }
  if (options.parallel !== false) {
    const partOptions = { skus, systems: systems.map((system) => system.name), bounds, fastLines: options.fastLines !== false, always: options.parallel === true, ...(options.parallelMinBytes !== undefined ? { minBytes: options.parallelMinBytes } : {}) };
    movementSink.readInParts = (file, problemList, bytes) => readMovementsInParts(file, movementSink, problemList, bytes, partOptions);
  }
  const observationSink = new ObservationSink(
    systems.map((system) => system.name),
    skus,
    bounds,
    sharedAllocator,
  );
  const logSink = new LogSink(new Set([...byName.keys(), ...Object.keys(modes)]), sharedAllocator);
  await readRecordSection(source, get('movements'), movementSink, baseDirectory, problems);
  await readRecordSection(source, get('observations'), observationSink, baseDirectory, problems);
  await readRecordSection(source, get('logs'), logSink, baseDirectory, problems);

  const window = resolveWindow(declared, movementSink, observationSink);
  if (window === undefined && problems.count === problemsBeforeRecords) {
    source.report(
      declared.node ?? root,
      'window',
      'a window {start, end}, or movements or observations to take it from',
      'no window and no movements or observations',
    );
  }

  const table = skus.finish();
  const observations = observationSink.observations.finish(table.identity ? {} : { skuRemap: table.remap });

  const context: FaultReadContext = {
    systems: systems.map((system) => system.name),
    links: Object.keys(modes),
    linkModes: modes as Readonly<Record<string, LinkMode>>,
    skus: new Set(table.names),
    window: window ?? { startMs: -Infinity, endMs: Infinity },
    windowDefaulted: declared.startMs === undefined || declared.endMs === undefined,
  };
  const faults = readFaults(source, get('faults'), context);
  faults.push(...readFaultFlags(options.extraFaults ?? [], context, problems));

  if (problems.count > 0 || window === undefined || name === undefined) throw new InputError(problems.toArray());
  const movements = movementSink.movements.finish(table.identity ? {} : { skuRemap: table.remap });

  const initial = systems.map(() => new Array<number>(table.names.length).fill(0));
  for (const entry of initialEntries) {
    const sku = table.remap[entry.sku]!;
    entry.counts.forEach((count, system) => (initial[system]![sku] = count));
  }
  return {
    version: 1,
    name,
    ...(description !== undefined ? { description } : {}),
    sourcePath: fileName,
    window,
    timezone,
    systems,
    recordOf,
    skus: table.names.map((sku) => {
      const title = titles.get(sku);
      return title === undefined ? { sku } : { sku, title };
    }),
    initial,
    links,
    movements,
    observations,
    logs: logSink.logs.finish(),
    faults,
    tolerance,
    ...(expect !== undefined ? { expect } : {}),
  };
}

/** The declared window, each left-out bound taken from the first or last movement or observation. */
function resolveWindow(declared: DeclaredWindow, movements: MovementSink, observations: ObservationSink): Incident['window'] | undefined {
  const first = Math.min(movements.minMs, observations.minMs);
  const last = Math.max(movements.maxMs, observations.maxMs);
  const startMs = declared.startMs ?? (Number.isFinite(first) ? first : undefined);
  const endMs = declared.endMs ?? (Number.isFinite(last) ? last : undefined);
  return startMs === undefined || endMs === undefined ? undefined : { startMs, endMs };
}

/** Allocates a column in memory worker threads can share. */
function sharedAllocator(bytes: number): ArrayBufferLike {
  return new SharedArrayBuffer(bytes);
}
