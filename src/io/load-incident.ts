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
import type { Node } from 'yaml';
import type { Incident, LinkMode } from '../sim/model.js';
import type { LogStoreBuilder } from '../sim/log-store.js';
import type { ObservationStoreBuilder } from '../sim/observation-store.js';
import type { MovementStore } from '../sim/movement-store.js';
import { InputError } from './problems.js';
import { LogSink } from './log-sink.js';
import { MovementSink } from './movement-sink.js';
import { MovementLineParser } from './movement-line-parser.js';
import { readMovementsInParts } from './movement-parts.js';
import { ObservationSink } from './observation-sink.js';
import type { ProblemList } from './problem-list.js';
import type { FaultReadContext } from './read-faults.js';
import { readFaultFlags, readFaults } from './read-faults.js';
import { readLinks } from './read-links.js';
import { readRecordSection } from './read-records.js';
import type { DeclaredWindow } from './read-settings.js';
import { readExpect, readName, readTimezone, readTolerance, readVersion, readWindow } from './read-settings.js';
import { readInitial, readSkuMetadata } from './read-skus.js';
import { readRecordOf, readSystems } from './read-systems.js';
import type { WindowBounds } from './record-sink.js';
import { SkuInterner } from './sku-interner.js';
import { type YamlSource, openTopLevel } from './yaml-source.js';
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
  return loadIncidentFromText(await readIncidentText(path), path, options);
}

/**
 * The text of an incident file.
 *
 * @throws InputError when it cannot be read (no file, a folder, no permission).
 * @example
 * const text = await readIncidentText('incidents/weekend-batch-gap.yaml');
 */
export async function readIncidentText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const found = code === 'ENOENT' ? `no file at ${path}` : code === 'EISDIR' ? `a folder at ${path}` : String((error as Error).message);
    throw new InputError([{ file: path, path: '(file)', expected: 'a readable YAML or JSON incident file', found }]);
  }
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
  return loadIncidentFromHeader(readIncidentHeader(text, fileName), options);
}

/**
 * What the top of an incident file says: every field but the record sections and the faults,
 * read and checked (problems go to `problems`). The first step of a load; the streamed replay
 * (stream-replay.ts) takes the same steps in another order.
 */
export interface IncidentHeader {
  source: YamlSource;
  problems: ProblemList;
  root: Node;
  get: (key: (typeof TOP_LEVEL_FIELDS)[number]) => Node | undefined;
  fileName: string;
  name: string | undefined;
  description: string | undefined;
  timezone: string;
  tolerance: number;
  expect: Incident['expect'];
  systems: Incident['systems'];
  byName: ReadonlyMap<string, number>;
  recordOf: Incident['recordOf'];
  declared: DeclaredWindow;
  /** Every SKU named so far, in order of first appearance (records add theirs). */
  skus: SkuInterner;
  titles: ReadonlyMap<string, string>;
  initialEntries: ReturnType<typeof readInitial>;
  links: Incident['links'];
  modes: Readonly<Record<string, LinkMode>>;
  /** Records must fall inside these (an undeclared bound is open: it is taken from the records). */
  bounds: WindowBounds;
  baseDirectory: string;
  /** Problems before the record sections were read (a missing window is reported only when they added none). */
  problemsBeforeRecords: number;
}

/**
 * Reads everything above the record sections.
 *
 * @throws InputError when the version is not one this build reads (nothing else makes sense then).
 * @example
 * const header = readIncidentHeader(text, 'incident.yaml');
 * header.systems.map((system) => system.name); // ['wms', 'erp']
 */
export function readIncidentHeader(text: string, fileName: string): IncidentHeader {
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
  return {
    source,
    problems,
    root,
    get,
    fileName,
    name,
    description,
    timezone,
    tolerance,
    expect,
    systems,
    byName,
    recordOf,
    declared,
    skus,
    titles,
    initialEntries,
    links,
    modes: modes as Readonly<Record<string, LinkMode>>,
    bounds,
    baseDirectory: dirname(fileName),
    problemsBeforeRecords: problems.count,
  };
}

/**
 * The rest of a load after `readIncidentHeader`: the record sections, then the tables and faults.
 *
 * @throws InputError listing every problem (the header's too).
 * @example
 * const incident = await loadIncidentFromHeader(readIncidentHeader(text, 'incident.yaml'), { extraFaults: [] });
 */
export async function loadIncidentFromHeader(header: IncidentHeader, options: LoadOptions = {}): Promise<Incident> {
  const { source, problems, get, systems, byName, skus, bounds, baseDirectory } = header;
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
  const { observationSink, logSink } = otherRecordSinks(header);
  await readRecordSection(source, get('movements'), movementSink, baseDirectory, problems);
  await readRecordSection(source, get('observations'), observationSink, baseDirectory, problems);
  await readRecordSection(source, get('logs'), logSink, baseDirectory, problems);

  const tables = resolveTables(header, movementSink, observationSink, options);
  if (problems.count > 0 || tables.window === undefined || header.name === undefined) throw new InputError(problems.toArray());
  const movements = movementSink.movements.finish(tables.table.identity ? {} : { skuRemap: tables.table.remap });
  return assembleIncident(header, tables, movements, observationSink.observations, logSink.logs);
}

/**
 * The sinks of the observation and log sections (their SKUs go to the header's interner).
 *
 * @example
 * const { observationSink, logSink } = otherRecordSinks(header);
 */
export function otherRecordSinks(header: IncidentHeader): { observationSink: ObservationSink; logSink: LogSink } {
  const observationSink = new ObservationSink(
    header.systems.map((system) => system.name),
    header.skus,
    header.bounds,
    sharedAllocator,
  );
  const logSink = new LogSink(new Set([...header.byName.keys(), ...Object.keys(header.modes)]), sharedAllocator);
  return { observationSink, logSink };
}

/** The window, the SKU table and the faults, once every SKU is interned. */
export interface IncidentTables {
  window: Incident['window'] | undefined;
  table: ReturnType<SkuInterner['finish']>;
  faults: Incident['faults'];
}

/**
 * Once every SKU is in the header's interner: the window (reported when there is none to
 * take), the sorted SKU table and the faults, the file's then the flags'. Problems go to the
 * header's list.
 *
 * @example
 * const tables = resolveTables(header, movementSink, observationSink, { extraFaults: [] });
 * tables.table.names; // ['CAP-02', 'MUG-01']
 */
export function resolveTables(
  header: IncidentHeader,
  movementSpan: { minMs: number; maxMs: number },
  observationSink: ObservationSink,
  options: LoadOptions,
): IncidentTables {
  const { source, problems, declared, root } = header;
  const window = resolveWindow(declared, movementSpan, observationSink);
  if (window === undefined && problems.count === header.problemsBeforeRecords) {
    source.report(
      declared.node ?? root,
      'window',
      'a window {start, end}, or movements or observations to take it from',
      'no window and no movements or observations',
    );
  }

  const table = header.skus.finish();

  const context: FaultReadContext = {
    systems: header.systems.map((system) => system.name),
    links: Object.keys(header.modes),
    linkModes: header.modes,
    skus: new Set(table.names),
    window: window ?? { startMs: -Infinity, endMs: Infinity },
    windowDefaulted: declared.startMs === undefined || declared.endMs === undefined,
  };
  const faults = readFaults(source, header.get('faults'), context);
  faults.push(...readFaultFlags(options.extraFaults ?? [], context, problems));
  return { window, table, faults };
}

/**
 * The incident, from a header and tables with no problems, and the records (`movements`
 * finished on the table's indices; the observation and log builders are finished here, the
 * observations moved to those indices).
 *
 * @example
 * const incident = assembleIncident(header, tables, movements, observationSink.observations, logSink.logs);
 */
export function assembleIncident(header: IncidentHeader, tables: IncidentTables, movements: MovementStore, observations: ObservationStoreBuilder, logs: LogStoreBuilder): Incident {
  const { table, window, faults } = tables;
  const { systems } = header;
  const initial = systems.map(() => new Array<number>(table.names.length).fill(0));
  for (const entry of header.initialEntries) {
    const sku = table.remap[entry.sku]!;
    entry.counts.forEach((count, system) => (initial[system]![sku] = count));
  }
  return {
    version: 1,
    name: header.name!,
    ...(header.description !== undefined ? { description: header.description } : {}),
    sourcePath: header.fileName,
    window: window!,
    timezone: header.timezone,
    systems,
    recordOf: header.recordOf,
    skus: table.names.map((sku) => {
      const title = header.titles.get(sku);
      return title === undefined ? { sku } : { sku, title };
    }),
    initial,
    links: header.links,
    movements,
    observations: observations.finish(table.identity ? {} : { skuRemap: table.remap }),
    logs: logs.finish(),
    faults,
    tolerance: header.tolerance,
    ...(header.expect !== undefined ? { expect: header.expect } : {}),
  };
}

/** The declared window, each left-out bound taken from the first or last movement or observation. */
function resolveWindow(declared: DeclaredWindow, movements: { minMs: number; maxMs: number }, observations: ObservationSink): Incident['window'] | undefined {
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
