/**
 * `drift-sim import`: from a manifest and the exports it names to an incident file with
 * NDJSON side files, ready for `gate2`.
 *
 * The manifest's own keys (name, window, systems, links, initial, ...) are copied into the
 * incident as written, comments included; `sources` is replaced by the record lists the
 * presets read. Nothing is written unless every source read without a problem: records
 * stream into partial files that are renamed into place only at the end, and a failed
 * import removes them.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Node } from 'yaml';
import { YAMLMap, isMap, parseDocument } from 'yaml';
import { writeFileAtomic } from '../io/atomic-write.js';
import { LineFileWriter } from './line-file-writer.js';
import { ProblemList } from '../io/problem-list.js';
import { InputError } from '../io/problems.js';
import { RowReporter } from './export-rows.js';
import { IncidentBuilder, SourceStats } from './incident-builder.js';
import { type Manifest, readManifest } from './read-manifest.js';
import { presetNamed } from './presets.js';

/** What an import wrote and read, for `--json` and the closing lines. */
export interface ImportSummary {
  incident: string;
  files: string[];
  movements: number;
  observations: number;
  logs: number;
  initialCounts: number;
  sources: { preset: string; file: string; rows: number; movements: number; observations: number; initialCounts: number; logs: number; skipped: Record<string, number> }[];
}

/**
 * Imports the exports a manifest names into `outPath` (and `<stem>.movements.ndjson`,
 * `<stem>.observations.ndjson`, `<stem>.logs.ndjson` beside it, for the lists that have records).
 *
 * @throws InputError listing every problem (manifest or exports); nothing is then written.
 * @example
 * const summary = await importIncident('exports/import.yaml', 'incident.yaml');
 * summary.movements; // 1204
 */
export async function importIncident(manifestPath: string, outPath: string): Promise<ImportSummary> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError([{ file: manifestPath, path: '(file)', expected: 'a readable import manifest (import.yaml; drift-sim import --init writes one)', found: code === 'ENOENT' ? `no file at ${manifestPath}` : String((error as Error).message) }]);
  }
  const manifest = await readManifest(manifestPath, text);
  const stem = basename(outPath).replace(/\.(ya?ml|json)$/i, '');
  const folder = dirname(outPath);
  const sideFile = (list: string) => `${stem}.${list}.ndjson`;
  const movementWriter = await LineFileWriter.open(join(folder, sideFile('movements')));
  const logWriter = await LineFileWriter.open(join(folder, sideFile('logs')));
  const builder = new IncidentBuilder(manifest.systems, manifest.window, movementWriter, logWriter);
  const problems = new ProblemList();
  const summaries: ImportSummary['sources'] = [];
  try {
    for (const source of manifest.sources) {
      const stats = new SourceStats();
      const reporter = new RowReporter(problems, source.file.displayPath, source.where);
      await presetNamed(source.preset)!.read({ source, builder, stats, reporter, problems, systems: manifest.systems, components: manifest.components });
      summaries.push({ preset: source.preset, file: source.file.displayPath, ...(stats.toJson() as Omit<ImportSummary['sources'][number], 'preset' | 'file'>) });
    }
    for (const conflict of builder.conflicts) {
      problems.add({ file: conflict.origin.file, ...lineAndColumn(conflict.origin), path: 'count', expected: conflict.expected, found: conflict.found });
    }
    for (const [sku, origin] of builder.storefrontSkus) {
      if (builder.movementSkus.has(sku) || manifest.namedSkus.has(sku)) continue;
      problems.add({
        file: origin.file,
        ...lineAndColumn(origin),
        path: 'SKU',
        expected: "a SKU that a movement source, the manifest's initial or its skus names (the storefront may write it differently from the warehouse)",
        found: JSON.stringify(sku),
      });
    }
    if (problems.count > 0) throw new InputError(problems.toArray());
  } catch (error) {
    await movementWriter.abort();
    await logWriter.abort();
    throw error;
  }

  const written: string[] = [];
  const lists: Record<string, string> = {};
  if (builder.movementCount > 0) {
    await movementWriter.close();
    lists.movements = sideFile('movements');
    written.push(join(folder, sideFile('movements')));
  } else await movementWriter.abort();
  if (builder.observationCount > 0) {
    await writeFileAtomic(join(folder, sideFile('observations')), `${[...builder.observationLines()].join('\n')}\n`);
    lists.observations = sideFile('observations');
    written.push(join(folder, sideFile('observations')));
  }
  if (builder.logCount > 0) {
    await logWriter.close();
    lists.logs = sideFile('logs');
    written.push(join(folder, sideFile('logs')));
  } else await logWriter.abort();
  await writeFileAtomic(outPath, incidentText(manifest, builder, lists));
  written.unshift(outPath);
  return {
    incident: outPath,
    files: written,
    movements: builder.movementCount,
    observations: builder.observationCount,
    logs: builder.logCount,
    initialCounts: [...builder.initial.values()].reduce((total, counts) => total + counts.filter((count) => count !== undefined).length, 0),
    sources: summaries,
  };
}

function lineAndColumn(origin: { line?: number; column?: number }): { line?: number; column?: number } {
  return { ...(origin.line !== undefined ? { line: origin.line } : {}), ...(origin.column !== undefined ? { column: origin.column } : {}) };
}

/**
 * The incident file: the manifest as written (its comments too) less `sources`, with
 * `version: 1` first, `initial` updated from snapshot sources, and the record lists as
 * references to their side files.
 */
function incidentText(manifest: Manifest, builder: IncidentBuilder, lists: Record<string, string>): string {
  const document = parseDocument(manifest.text);
  const root = document.contents as Node;
  if (!isMap(root)) throw new Error('import: the manifest root is not a mapping after it was checked');
  document.delete('sources');
  if (!document.has('version')) (root as YAMLMap).items.unshift(document.createPair('version', 1) as never);
  if (builder.initial.size > 0) {
    const merged = new Map<string, number[]>(manifest.initial);
    for (const [sku, counts] of builder.initial) {
      const base = merged.get(sku) ?? new Array<number>(manifest.systems.length).fill(0);
      merged.set(sku, base.map((count, system) => counts[system] ?? count));
    }
    const initial = new YAMLMap();
    for (const [sku, counts] of merged) {
      const value = counts.every((count) => count === counts[0])
        ? counts[0]
        : document.createNode(Object.fromEntries(counts.map((count, system) => [manifest.systems[system]!.name, count])), { flow: true });
      initial.set(sku, value);
    }
    document.set('initial', initial);
  }
  for (const list of ['movements', 'observations', 'logs'] as const) {
    if (lists[list] !== undefined) document.set(list, document.createNode({ file: lists[list] }, { flow: true }));
  }
  return document.toString({ lineWidth: 0, indentSeq: false, flowCollectionPadding: false });
}
