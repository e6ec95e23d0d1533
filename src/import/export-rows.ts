/**
 * Streaming the rows of a vendor export, and naming where a problem in one is.
 *
 * CSV is read as csv-parse reads the incident's side files (src/io/stream-records.ts), plain
 * lines by a faster splitter that gives the same records (src/import/export-csv.ts): BOM
 * dropped, CRLF or LF, quoted fields with commas and line breaks, cells trimmed, one row
 * handed over at a time and never buffered, so a ten-million-line export is never one
 * string. NDJSON is cut into lines chunk by chunk. A problem names the file, the line the
 * row ends on, the column (1-based, as a spreadsheet counts), what was expected and what
 * was found.
 */
import { createReadStream } from 'node:fs';
import { pumpExportCsv } from './export-csv.js';
import type { ProblemList } from '../io/problem-list.js';
import { describeFound } from '../io/problems.js';

/** An export to read: where it is, and how problems name it. */
export interface ExportFile {
  path: string;
  displayPath: string;
}

/** A column an export must or may have; `names` are the header spellings it is known by, newest first. */
export interface ColumnSpec {
  field: string;
  names: readonly string[];
  required: boolean;
}

/**
 * Finds the columns of a header. A `columns` mapping from the manifest (field -> header)
 * replaces a field's known names. Header names are compared exactly, as exports write them.
 *
 * @example
 * const found = resolveColumns(['Date', 'Item'], [{ field: 'at', names: ['Date'], required: true }], new Map());
 * found.index.get('at'); // 0
 */
export function resolveColumns(
  header: readonly string[],
  specs: readonly ColumnSpec[],
  remap: ReadonlyMap<string, string>,
): { index: Map<string, number>; missing: ColumnSpec[] } {
  const index = new Map<string, number>();
  const missing: ColumnSpec[] = [];
  for (const spec of specs) {
    const mapped = remap.get(spec.field);
    const names = mapped !== undefined ? [mapped] : spec.names;
    let column = -1;
    for (const name of names) {
      column = header.indexOf(name);
      if (column >= 0) break;
    }
    if (column >= 0) index.set(spec.field, column);
    else if (spec.required || mapped !== undefined) missing.push(spec);
  }
  return { index, missing };
}

/** Reports the problems of one export, located by line and column. */
export class RowReporter {
  /** Problems reported through this reporter (a caller compares it before and after a row). */
  count = 0;

  constructor(
    private readonly problems: ProblemList,
    readonly file: string,
    /** The path prefix of a problem: the source in the manifest, e.g. `sources[2] (shopify-orders)`. */
    private readonly where: string,
  ) {}

  /**
   * @example
   * reporter.report(12, 3, 'Lineitem quantity', 'a positive whole number', '"two"');
   */
  report(line: number | undefined, column: number | undefined, field: string, expected: string, found: string): void {
    this.count++;
    if (this.problems.isFull(this.file)) {
      this.problems.countDropped(this.file);
      return;
    }
    this.problems.add({
      file: this.file,
      ...(line !== undefined ? { line } : {}),
      ...(column !== undefined && column >= 0 ? { column: column + 1 } : {}),
      path: field === '' ? this.where : `${this.where} ${field}`,
      expected,
      found,
    });
  }
}

/** What a CSV reader is handed: the header once (false stops the file), then each row. */
export interface CsvRowHandler {
  header(header: string[], line: number): boolean;
  row(cells: readonly string[], line: number): void;
}

/**
 * Streams a CSV export with a header row. A row whose column count differs from the
 * header's is reported and skipped; blank lines are skipped.
 *
 * @example
 * await streamCsvRows({ path: 'orders_export.csv', displayPath: 'orders_export.csv' }, handler, reporter, problems);
 */
export async function streamCsvRows(file: ExportFile, handler: CsvRowHandler, reporter: RowReporter, problems: ProblemList): Promise<void> {
  let width = -1;
  let stopped = false;
  const onRecord = (row: string[], context: { lines: number }): null => {
    if (stopped) return null;
    if (width < 0) {
      width = row.length;
      stopped = !handler.header(row, context.lines);
      return null;
    }
    if (row.length !== width) {
      // A spreadsheet saved with a trailing blank row writes a lone empty cell: not a row.
      if (row.length === 1 && row[0] === '') return null;
      reporter.report(context.lines, undefined, '', `${width} columns, like the header`, `${row.length} columns`);
      return null;
    }
    handler.row(row, context.lines);
    // Returning null keeps csv-parse from buffering the record.
    return null;
  };
  await pumpExportCsv(file, onRecord, problems);
  if (width < 0) reporter.report(undefined, undefined, '', 'a CSV header row naming the columns', 'an empty file');
}

/**
 * Streams an NDJSON export: one JSON object per line, blank lines skipped, a BOM dropped.
 * A line that is not a JSON object is reported and skipped.
 *
 * @example
 * await streamNdjsonObjects({ path: 'webhooks.ndjson', displayPath: 'webhooks.ndjson' }, (object, line) => {}, reporter);
 */
export async function streamNdjsonObjects(
  file: ExportFile,
  onObject: (object: Record<string, unknown>, line: number) => void,
  reporter: RowReporter,
): Promise<void> {
  let lineNumber = 0;
  const onLine = (rawLine: string): void => {
    lineNumber++;
    const line = lineNumber === 1 && rawLine.charCodeAt(0) === 0xfeff ? rawLine.slice(1) : rawLine;
    if (line.trim().length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      reporter.report(lineNumber, undefined, '', 'a JSON object on one line', `invalid JSON (${(error as Error).message})`);
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      reporter.report(lineNumber, undefined, '', 'a JSON object on one line', describeFound(value));
      return;
    }
    onObject(value as Record<string, unknown>, lineNumber);
  };
  const input = createReadStream(file.path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let rest = '';
  for await (const chunk of input as AsyncIterable<string>) {
    const text = rest.length > 0 ? rest + chunk : chunk;
    let start = 0;
    for (let end = text.indexOf('\n', start); end >= 0; end = text.indexOf('\n', start)) {
      onLine(text.charCodeAt(end - 1) === 13 && end > start ? text.slice(start, end - 1) : text.slice(start, end));
      start = end + 1;
    }
    rest = start < text.length ? text.slice(start) : '';
  }
  if (rest.length > 0) onLine(rest.charCodeAt(rest.length - 1) === 13 ? rest.slice(0, -1) : rest);
}

/** A cell as a whole number, or NaN. Accepts `12`, `-3`, `+4`, `1,200` and `12.0`, as spreadsheets write them. */
export function parseWholeNumber(text: string): number {
  if (text.length === 0) return NaN;
  // The common case, a few plain digits with an optional minus, without a regular expression.
  if (text.length < 10) {
    let start = text.charCodeAt(0) === 45 ? 1 : 0;
    let value = 0;
    let plain = start < text.length;
    for (let index = start; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code < 48 || code > 57) {
        plain = false;
        break;
      }
      value = value * 10 + code - 48;
    }
    if (plain) return start === 1 ? -value : value;
    start = 0;
  }
  let clean = text.indexOf(',') >= 0 ? text.replace(/,/g, '') : text;
  // NetSuite and spreadsheets may write negatives in parentheses: (3) is -3.
  if (clean.charCodeAt(0) === 40 && clean.charCodeAt(clean.length - 1) === 41) clean = `-${clean.slice(1, -1)}`;
  if (!/^[+-]?\d+(\.0+)?$/.test(clean)) return NaN;
  const value = Number(clean);
  return Number.isSafeInteger(value) ? value : NaN;
}

/** One record of a generic export, CSV or NDJSON, read by field name. */
export interface FieldRecord {
  /** The field's value as text; undefined (or '') when absent. */
  get(field: string): string | undefined;
  /** The field's 0-based CSV column, or undefined (NDJSON has none). */
  columnOf(field: string): number | undefined;
}

/**
 * Streams a generic export in either format by field name: CSV through its header (a
 * missing required column is reported once), NDJSON by key (a missing required key is
 * reported on its line by the caller). `remap` is the manifest's `columns:`.
 *
 * @example
 * await streamFieldRecords(file, 'csv', specs, new Map(), (record, line) => record.get('sku'), reporter, problems);
 */
export async function streamFieldRecords(
  file: ExportFile,
  format: 'csv' | 'ndjson',
  specs: readonly ColumnSpec[],
  remap: ReadonlyMap<string, string>,
  onRecord: (record: FieldRecord, line: number) => void,
  reporter: RowReporter,
  problems: ProblemList,
): Promise<void> {
  if (format === 'csv') {
    let index = new Map<string, number>();
    let cells: readonly string[] = [];
    const record: FieldRecord = {
      get: (field) => {
        const column = index.get(field);
        return column === undefined ? undefined : cells[column];
      },
      columnOf: (field) => index.get(field),
    };
    await streamCsvRows(
      file,
      {
        header(header, line) {
          const resolved = resolveColumns(header, specs, remap);
          for (const spec of resolved.missing) {
            reporter.report(line, undefined, '(header)', `a column ${remap.get(spec.field) ?? spec.names.join(' or ')} (or a columns: mapping for ${spec.field})`, `the columns ${header.join(', ')}`);
          }
          index = resolved.index;
          return resolved.missing.length === 0;
        },
        row(row, line) {
          cells = row;
          onRecord(record, line);
        },
      },
      reporter,
      problems,
    );
    return;
  }
  const keys = new Map(specs.map((spec) => [spec.field, remap.get(spec.field) ?? spec.names[0]!]));
  let object: Record<string, unknown> = {};
  const record: FieldRecord = {
    get: (field) => {
      const key = keys.get(field);
      const value = key === undefined ? undefined : object[key];
      if (value === undefined || value === null) return undefined;
      return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
    },
    columnOf: () => undefined,
  };
  await streamNdjsonObjects(
    file,
    (value, line) => {
      object = value;
      onRecord(record, line);
    },
    reporter,
  );
}
