/**
 * The record lists (`movements`, `observations`, `logs`): written inline in the incident
 * file, or kept in a CSV or NDJSON side file that `{file, format, columns}` points to.
 * Either way the records go through the same `RecordSink`, so they obey the same rules.
 */
import { stat } from 'node:fs/promises';
import { extname, isAbsolute, join } from 'node:path';
import type { Node } from 'yaml';
import { isMap, isSeq } from 'yaml';
import { describeFound } from './problems.js';
import type { ProblemList } from './problem-list.js';
import { presentOrUndefined } from './field-values.js';
import type { RecordSink, SourcePosition } from './record-sink.js';
import { RecordReporter, expectedFieldOf, recordNoun } from './record-sink.js';
import type { RecordFile, RecordFileFormat } from './stream-records.js';
import { streamRecords } from './stream-records.js';
import type { YamlSource } from './yaml-source.js';
import { joinPath } from './yaml-source.js';
import { readTextValue } from './yaml-values.js';

const FILE_SPEC_FIELDS = ['file', 'format', 'columns'] as const;
const FORMAT_WORDS = ['csv', 'ndjson', 'jsonl'] as const;
const FORMAT_BY_EXTENSION: Readonly<Record<string, RecordFileFormat>> = { '.csv': 'csv', '.ndjson': 'ndjson', '.jsonl': 'ndjson' };

/** An inline record's position: found by walking its YAML mapping to the field. */
class YamlRecordReporter extends RecordReporter {
  entry: Node | undefined;

  constructor(
    private readonly source: YamlSource,
    problems: ProblemList,
    section: RecordSink['section'],
  ) {
    super(problems, source.file, section);
  }

  protected locate(field: string): SourcePosition {
    if (field === '') return this.source.positionOf(this.entry);
    const { node, keyNode } = this.source.nodeAt(this.entry, field);
    return this.source.positionOf(node ?? keyNode ?? this.entry);
  }
}

/**
 * Reads one record section into `sink`; a left-out section is an empty one.
 *
 * @example
 * await readRecordSection(source, rootFields.get('movements')?.value, movementSink, 'incidents', problems);
 */
export async function readRecordSection(
  source: YamlSource,
  node: Node | undefined,
  sink: RecordSink,
  baseDirectory: string,
  problems: ProblemList,
): Promise<void> {
  if (node === undefined) return;
  if (isSeq(node)) {
    readInline(source, node.items as (Node | null)[], sink, problems);
    return;
  }
  if (!isMap(node)) {
    source.report(node, sink.section, `a list of ${sink.section}, or {file, format, columns} naming a CSV or NDJSON file`, source.describe(node));
    return;
  }
  const file = await readFileSpec(source, node, sink, baseDirectory);
  if (!file) return;
  try {
    await streamRecords(file, sink, problems);
  } catch (error) {
    // The file was there a moment ago; it may still be unreadable (permissions, a device).
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string' || !code.startsWith('E')) throw error;
    const { node: fileNode } = source.nodeAt(node, 'file');
    source.report(fileNode ?? node, joinPath(sink.section, 'file'), 'a readable CSV or NDJSON file', `${code} reading ${file.path}`);
  }
}

function readInline(source: YamlSource, items: (Node | null)[], sink: RecordSink, problems: ProblemList): void {
  const fields = sink.fieldsFor(false);
  const what = recordNoun(sink.section);
  const values: unknown[] = new Array<unknown>(fields.length).fill(undefined);
  const reporter = new YamlRecordReporter(source, problems, sink.section);
  items.forEach((rawItem, index) => {
    const item = source.resolve(rawItem);
    const entries = source.fields(item, `${sink.section}[${index}]`, fields, what);
    if (!entries) return;
    fields.forEach((field, fieldIndex) => {
      const value = entries.get(field)?.value;
      const plain = sink.textFields.has(field) ? source.plainText(value) : source.plain(value);
      values[fieldIndex] = presentOrUndefined(plain);
    });
    reporter.entry = item;
    reporter.index = index;
    sink.accept(values, false, reporter);
  });
}

/**
 * Checks `{file, format, columns}`; undefined (after reporting) when the file cannot be read.
 *
 * @example
 * const file = await readFileSpec(source, movementsNode, movementSink, 'incidents'); // { path, displayPath, format: 'ndjson', ... }
 */
export async function readFileSpec(source: YamlSource, node: Node, sink: RecordSink, baseDirectory: string): Promise<RecordFile | undefined> {
  const section = sink.section;
  const fields = source.fields(node, section, FILE_SPEC_FIELDS, 'a side file reference');
  if (!fields) return undefined;
  const fileEntry = fields.get('file');
  if (fileEntry?.value === undefined) {
    source.report(fileEntry?.keyNode ?? node, joinPath(section, 'file'), 'the path of a CSV or NDJSON file, relative to the incident file', 'nothing (it is required)');
    return undefined;
  }
  const name = readTextValue(source, fileEntry.value, joinPath(section, 'file'));
  if (name === undefined) return undefined;

  let format: RecordFileFormat | undefined;
  const formatNode = fields.get('format')?.value;
  if (formatNode !== undefined) {
    const word = source.textOf(formatNode);
    if (word === 'csv' || word === 'ndjson' || word === 'jsonl') format = word === 'csv' ? 'csv' : 'ndjson';
    else source.report(formatNode, joinPath(section, 'format'), `one of ${FORMAT_WORDS.join(', ')}`, source.describe(formatNode));
  } else {
    format = FORMAT_BY_EXTENSION[extname(name).toLowerCase()];
    if (format === undefined) {
      source.report(fileEntry.value, joinPath(section, 'format'), 'a format (csv or ndjson), or a file name ending in .csv, .ndjson or .jsonl', describeFound(name));
    }
  }

  const columns = readColumns(source, fields.get('columns')?.value, sink, format, section);
  const path = isAbsolute(name) ? name : join(baseDirectory, name);
  const exists = await stat(path).then(
    (stats) => stats.isFile(),
    () => false,
  );
  if (!exists) {
    source.report(fileEntry.value, joinPath(section, 'file'), `an existing ${format === 'csv' ? 'CSV' : 'NDJSON'} file (relative to the incident file's folder)`, `no file at ${path}`);
    return undefined;
  }
  if (format === undefined || columns === null) return undefined;
  const columnsNode = fields.get('columns')?.value;
  return {
    path,
    displayPath: path,
    format,
    ...(columns ? { columns: columns.mapping } : {}),
    reportMissingColumn(field: string, header: readonly string[]) {
      const { node: columnNode } = source.nodeAt(columnsNode, field);
      source.report(
        columnNode,
        joinPath(section, `columns.${field}`),
        `a column of ${path} (${header.join(', ')})`,
        describeFound(columns?.mapping.get(field)),
      );
    },
  };
}

/**
 * Reads `columns` (field -> the export's column or key name). Undefined when left out; null
 * after reporting a problem.
 */
function readColumns(
  source: YamlSource,
  node: Node | undefined,
  sink: RecordSink,
  format: RecordFileFormat | undefined,
  section: string,
): { mapping: Map<string, string> } | null | undefined {
  if (node === undefined) return undefined;
  const path = joinPath(section, 'columns');
  const entries = source.entries(node, path, 'a mapping of field to the column (or key) name in the file');
  if (!entries) return null;
  // The fields a mapping may name depend on the format: a CSV observation has one column per system.
  const fields = sink.fieldsFor(format === 'csv');
  const mapping = new Map<string, string>();
  let ok = true;
  for (const entry of entries) {
    const entryPath = joinPath(path, entry.key);
    if (!fields.includes(entry.key)) {
      source.report(entry.keyNode, entryPath, expectedFieldOf(sink.section, fields), `unknown field ${JSON.stringify(entry.key)}`);
      ok = false;
      continue;
    }
    const column = readTextValue(source, entry.value, entryPath, 'a column (or key) name');
    if (column === undefined) ok = false;
    else mapping.set(entry.key, column);
  }
  return ok ? { mapping } : null;
}
