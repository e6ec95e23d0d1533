/**
 * Reading the import manifest (`import.yaml`): the incident format's top-level keys that are
 * not record lists (`name`, `timezone`, `window`, `systems`, `links`, `initial`, ...), checked
 * by the incident loader's own readers, plus `sources`, the exports to read and how.
 *
 * Every problem is collected with its line and column in the manifest before anything is
 * read, so a user fixes the manifest in one pass.
 */
import { stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import type { Node } from 'yaml';
import { isMap } from 'yaml';
import { ProblemList } from '../io/problem-list.js';
import { InputError } from '../io/problems.js';
import { readLinks } from '../io/read-links.js';
import { readName, readTimezone, readTolerance, readVersion, readWindow } from '../io/read-settings.js';
import { readInitial, readSkuMetadata } from '../io/read-skus.js';
import { readRecordOf, readSystems } from '../io/read-systems.js';
import { SkuInterner } from '../io/sku-interner.js';
import { YamlSource, joinPath, openTopLevel } from '../io/yaml-source.js';
import { readBooleanValue, readEnumValue, readTextValue, readTimeValue } from '../io/yaml-values.js';
import type { SystemDef } from '../sim/model.js';
import type { DateOrder } from './export-time.js';
import type { ExportFormat, ImportSource } from './preset.js';
import { PRESETS, presetNamed } from './presets.js';

/** The manifest's top-level keys: the incident format's, less the record lists, faults and expect, plus sources. */
export const MANIFEST_FIELDS = [
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
  'tolerance',
  'sources',
] as const;

/** Every key a source may have; each preset takes `preset`, `file`, `format` and its own `options`. */
export const SOURCE_FIELDS = [
  'preset',
  'file',
  'format',
  'system',
  'timezone',
  'columns',
  'location',
  'locationId',
  'at',
  'quantity',
  'initial',
  'syncUsers',
  'items',
  'dateFormat',
] as const;

/** A checked manifest. */
export interface Manifest {
  path: string;
  text: string;
  systems: SystemDef[];
  /** The declared window; an open side is infinite. */
  window: { startMs: number; endMs: number };
  /** Declared systems and links: what a log line may name. */
  components: Set<string>;
  /** SKUs that `initial` or `skus` name. */
  namedSkus: Set<string>;
  /** `initial` as written: SKU -> count per system. */
  initial: Map<string, number[]>;
  sources: ImportSource[];
}

/**
 * Reads and checks a manifest file.
 *
 * @throws InputError listing every problem.
 * @example
 * const manifest = await readManifest('import.yaml');
 * manifest.sources.map((source) => source.preset); // ['wms-transactions', 'shopify-orders', ...]
 */
export async function readManifest(path: string, text: string): Promise<Manifest> {
  const { source, problems, root, get } = openTopLevel(text, path, MANIFEST_FIELDS, 'an import manifest', 'an import manifest (name, systems, links, sources, ...)');

  if (get('version') !== undefined) readVersion(source, get('version'), root);
  readName(source, get('name'), root);
  if (get('description') !== undefined) readTextValue(source, get('description'), 'description');
  const zoneNode = get('timezone');
  const timezone = zoneNode === undefined ? undefined : readTimezone(source, zoneNode);
  readTolerance(source, get('tolerance'));
  const { systems, byName } = readSystems(source, get('systems'), root);
  readRecordOf(source, get('recordOf'), byName);
  const declared = readWindow(source, get('window'));
  const skus = new SkuInterner();
  readSkuMetadata(source, get('skus'), skus);
  const initialEntries = readInitial(source, get('initial'), byName, skus);
  const { modes } = readLinks(source, get('links'), byName);
  const table = skus.finish();
  const nameOf = (provisional: number) => table.names[table.remap[provisional]!]!;
  const initial = new Map(initialEntries.map((entry) => [nameOf(entry.sku), entry.counts]));

  const sources = await readSources(source, get('sources'), root, {
    baseDirectory: dirname(path),
    systems,
    byName,
    ...(timezone !== undefined ? { timezone } : {}),
    windowStartMs: declared.startMs,
  });
  if (problems.count > 0) throw new InputError(problems.toArray());
  return {
    path,
    text,
    systems,
    window: { startMs: declared.startMs ?? -Infinity, endMs: declared.endMs ?? Infinity },
    components: new Set([...byName.keys(), ...Object.keys(modes)]),
    namedSkus: new Set(table.names),
    initial,
    sources,
  };
}

interface SourceContext {
  baseDirectory: string;
  systems: SystemDef[];
  byName: ReadonlyMap<string, number>;
  timezone?: string;
  windowStartMs: number | undefined;
}

async function readSources(source: YamlSource, node: Node | undefined, root: Node, context: SourceContext): Promise<ImportSource[]> {
  if (node === undefined) {
    source.report(root, 'sources', 'a list of sources ({preset, file, ...}), the exports to read', 'nothing');
    return [];
  }
  const items = source.items(node, 'sources', 'a list of sources ({preset, file, ...})') ?? [];
  const result: ImportSource[] = [];
  for (const [index, item] of items.entries()) {
    const resolved = await readSource(source, item, index, context);
    if (resolved) result.push(resolved);
  }
  return result;
}

async function readSource(source: YamlSource, node: Node | undefined, index: number, context: SourceContext): Promise<ImportSource | undefined> {
  const path = `sources[${index}]`;
  const before = source.problemCount;
  const fields = source.fields(node, path, SOURCE_FIELDS, 'a source');
  if (!fields) return undefined;
  const value = (key: (typeof SOURCE_FIELDS)[number]) => fields.get(key)?.value;
  const names = PRESETS.map((preset) => preset.name);
  const presetText = readTextValue(source, value('preset'), joinPath(path, 'preset'));
  const preset = presetText === undefined ? undefined : presetNamed(presetText);
  if (value('preset') === undefined) source.report(node, joinPath(path, 'preset'), `a preset (${names.join(', ')})`, 'nothing');
  else if (presetText !== undefined && preset === undefined) {
    source.report(value('preset'), joinPath(path, 'preset'), `a preset (${names.join(', ')})`, `unknown preset ${JSON.stringify(presetText)}`);
    return undefined;
  }
  if (preset === undefined) return undefined;
  const where = `${path} (${preset.name})`;
  for (const [key, entry] of fields) {
    if (key === 'preset' || key === 'file' || key === 'format') continue;
    if (!preset.options.includes(key)) {
      source.report(entry.keyNode, joinPath(path, key), `an option of ${preset.name} (${['file', 'format', ...preset.options].join(', ')})`, `${JSON.stringify(key)}, which ${preset.name} does not take`);
    }
  }

  const fileText = value('file') === undefined ? undefined : readTextValue(source, value('file'), joinPath(path, 'file'));
  if (value('file') === undefined) source.report(node, joinPath(path, 'file'), 'the export to read (a path relative to the manifest)', 'nothing');
  const file = fileText === undefined ? undefined : await existingFile(source, value('file')!, joinPath(path, 'file'), fileText, context.baseDirectory);

  let format: ExportFormat | undefined;
  if (value('format') !== undefined) format = readEnumValue(source, value('format'), joinPath(path, 'format'), preset.formats);
  else if (fileText !== undefined) {
    const extension = extname(fileText).toLowerCase();
    format = extension === '.ndjson' || extension === '.jsonl' ? 'ndjson' : extension === '.csv' ? 'csv' : preset.formats.length === 1 ? preset.formats[0] : undefined;
    if (format === undefined) source.report(value('file'), joinPath(path, 'file'), `a .csv or .ndjson file, or a format: (${preset.formats.join(', ')})`, JSON.stringify(fileText));
    else if (!preset.formats.includes(format)) source.report(value('file'), joinPath(path, 'file'), `a ${preset.formats.join(' or ')} file for ${preset.name}`, `a ${format} file`);
  }

  let system: number | undefined;
  const systemNode = value('system');
  if (systemNode !== undefined) {
    const name = readTextValue(source, systemNode, joinPath(path, 'system'));
    system = name === undefined ? undefined : context.byName.get(name);
    if (name !== undefined && system === undefined) {
      source.report(systemNode, joinPath(path, 'system'), `a declared system (${[...context.byName.keys()].join(', ')})`, `undeclared system ${JSON.stringify(name)}`);
    } else if (system !== undefined && preset.system.kinds && !preset.system.kinds.includes(context.systems[system]!.kind)) {
      source.report(systemNode, joinPath(path, 'system'), `a system of kind ${preset.system.kinds.join(' or ')} (${preset.name} is its export)`, `${name}, of kind ${context.systems[system]!.kind}`);
    }
  } else if (preset.system.required) {
    source.report(node, joinPath(path, 'system'), `the declared system whose export this is (${[...context.byName.keys()].join(', ')})`, 'nothing');
  }

  const zoneNode = value('timezone');
  const zone = zoneNode === undefined ? context.timezone : readZone(source, zoneNode, joinPath(path, 'timezone'));
  const columns = readColumns(source, value('columns'), joinPath(path, 'columns'));
  const location = value('location') === undefined ? undefined : readTextValue(source, value('location'), joinPath(path, 'location'));
  const locationId = value('locationId') === undefined ? undefined : source.textOf(value('locationId'));
  const atMs = value('at') === undefined ? undefined : readTimeValue(source, value('at'), joinPath(path, 'at'));
  const quantity = value('quantity') === undefined ? 'available' : readEnumValue(source, value('quantity'), joinPath(path, 'quantity'), ['available', 'on_hand'] as const);
  const initial = value('initial') === undefined ? false : (readBooleanValue(source, value('initial'), joinPath(path, 'initial')) ?? false);
  const dateOrder = value('dateFormat') === undefined ? 'M/D/YYYY' : readEnumValue(source, value('dateFormat'), joinPath(path, 'dateFormat'), ['M/D/YYYY', 'D/M/YYYY'] as const);
  const syncUsers = new Set<string>();
  if (value('syncUsers') !== undefined) {
    for (const [userIndex, user] of (source.items(value('syncUsers'), joinPath(path, 'syncUsers'), 'a list of the names the integration writes as') ?? []).entries()) {
      const name = readTextValue(source, user, `${joinPath(path, 'syncUsers')}[${userIndex}]`);
      if (name !== undefined) syncUsers.add(name);
    }
  }
  let items: Map<string, string> | undefined;
  let itemsFile: ImportSource['itemsFile'];
  const itemsNode = value('items');
  if (itemsNode !== undefined) {
    if (isMap(itemsNode)) {
      items = new Map();
      for (const entry of source.entries(itemsNode, joinPath(path, 'items'), 'a mapping of inventory item id to SKU') ?? []) {
        const sku = readTextValue(source, entry.value, joinPath(joinPath(path, 'items'), entry.key));
        if (sku !== undefined) items.set(entry.key, sku);
      }
    } else {
      const itemsPath = readTextValue(source, itemsNode, joinPath(path, 'items'), 'a CSV of inventory_item_id and sku, or a mapping of id to SKU');
      if (itemsPath !== undefined) itemsFile = await existingFile(source, itemsNode, joinPath(path, 'items'), itemsPath, context.baseDirectory);
    }
  }
  if (preset.name === 'shopify-webhooks' && itemsNode === undefined) {
    source.report(node, joinPath(path, 'items'), 'the inventory items\' SKUs (a CSV of inventory_item_id and sku, or a mapping of id to SKU): the payload names no SKU', 'nothing');
  }
  if (preset.name === 'shopify-inventory' && atMs === undefined && !initial) {
    source.report(node, joinPath(path, 'at'), 'when the export was taken (at: a time with a zone), or initial: true for the starting counts', 'nothing');
  }
  if (initial && context.windowStartMs === undefined) {
    source.report(value('initial'), joinPath(path, 'initial'), 'a window with a start (a snapshot of starting counts is taken at it)', 'no window.start');
  }
  if (initial && atMs !== undefined && context.windowStartMs !== undefined && atMs !== context.windowStartMs) {
    source.report(value('at'), joinPath(path, 'at'), 'the window\'s start, or no at (a snapshot of starting counts is taken at the window\'s start)', source.describe(value('at')));
  }
  if (source.problemCount > before || file === undefined || format === undefined || quantity === undefined || dateOrder === undefined) return undefined;
  return {
    index,
    preset: preset.name,
    file,
    format,
    ...(system !== undefined ? { system } : {}),
    ...(zone !== undefined ? { zone } : {}),
    dateOrder: dateOrder as DateOrder,
    columns,
    ...(location !== undefined ? { location } : {}),
    ...(locationId !== undefined ? { locationId } : {}),
    ...(atMs !== undefined ? { atMs } : {}),
    quantity,
    initial,
    syncUsers,
    ...(items !== undefined ? { items } : {}),
    ...(itemsFile !== undefined ? { itemsFile } : {}),
    where: `${where}`,
  };
}

function readZone(source: YamlSource, node: Node, path: string): string | undefined {
  const name = readTextValue(source, node, path, 'an IANA time zone like America/Chicago');
  if (name === undefined) return undefined;
  // The incident loader's reader checks the name; it reports at `timezone`, so check here by its rule.
  const before = source.problemCount;
  const checked = readTimezone(new YamlSource(`timezone: ${JSON.stringify(name)}`, source.file, new ProblemList()), undefined);
  void checked;
  if (!isKnownZone(name)) source.report(node, path, 'an IANA time zone like America/Chicago', `unknown zone ${JSON.stringify(name)}`);
  return source.problemCount > before ? undefined : name;
}

function isKnownZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function readColumns(source: YamlSource, node: Node | undefined, path: string): Map<string, string> {
  const columns = new Map<string, string>();
  if (node === undefined) return columns;
  for (const entry of source.entries(node, path, "a mapping of field to the export's column name") ?? []) {
    const header = readTextValue(source, entry.value, joinPath(path, entry.key));
    if (header !== undefined) columns.set(entry.key, header);
  }
  return columns;
}

async function existingFile(source: YamlSource, node: Node, path: string, text: string, baseDirectory: string): Promise<{ path: string; displayPath: string } | undefined> {
  const absolute = resolve(baseDirectory, text);
  try {
    const info = await stat(absolute);
    if (info.isFile()) return { path: absolute, displayPath: text };
    source.report(node, path, 'a file', `a folder at ${text}`);
  } catch {
    source.report(node, path, 'an export file that exists (a path relative to the manifest)', `no file at ${text}`);
  }
  return undefined;
}
