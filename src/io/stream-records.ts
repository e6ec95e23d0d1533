/**
 * Streaming readers for the CSV and NDJSON side files that hold large record lists.
 *
 * A file may have ten million lines, so it is never held as one string or as an array of
 * lines: NDJSON is cut into lines chunk by chunk (as bytes: a sink's `lineParser` reads the
 * usual line shape without making a string of it), CSV through csv-parse's stream,
 * and each record is handed to a `RecordSink` as soon as it is parsed, in one reused values
 * array. Positions are tracked as line numbers (a CSV problem's line is the line its row
 * ends on, its column the field's column number), and problems are capped per file by the
 * `ProblemList`.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pumpCsv } from './pump-csv.js';
import type { ProblemList } from './problem-list.js';
import { describeFound } from './problems.js';
import { presentOrUndefined } from './field-values.js';
import type { LineParser, RecordSink, SourcePosition } from './record-sink.js';
import { RecordReporter, expectedFieldOf } from './record-sink.js';

export type RecordFileFormat = 'csv' | 'ndjson';

/** A side file to read, as the incident file describes it. */
export interface RecordFile {
  /** The path to open (resolved against the incident file's folder). */
  path: string;
  /** The path shown in problems. */
  displayPath: string;
  format: RecordFileFormat;
  /**
   * Field -> the export's column (CSV header) or key (NDJSON) name. Undefined: the file uses
   * the spec's field names, and any other column or key is a problem. Given: the file is an
   * export, and the columns it does not map are ignored.
   */
  columns?: ReadonlyMap<string, string>;
  /** Reports a `columns` entry naming a CSV header that is not there (located in the incident file). */
  reportMissingColumn?(field: string, header: readonly string[]): void;
}

/** An NDJSON record's position: its line. */
class LineReporter extends RecordReporter {
  line = 0;

  protected locate(): SourcePosition {
    return { line: this.line };
  }
}

/** A CSV record's position: the line its row ends on, and the column of the field. */
class CsvReporter extends RecordReporter {
  line = 0;
  /** columnOfField[i]: the 0-based column of field i, -1 when the file has none. */
  columnOfField: Int32Array = new Int32Array(0);

  protected locate(_field: string, fieldIndex: number): SourcePosition {
    const column = fieldIndex >= 0 ? this.columnOfField[fieldIndex] : undefined;
    return column !== undefined && column >= 0 ? { line: this.line, column: column + 1 } : { line: this.line };
  }
}

/**
 * Reads a side file of either format into `sink`.
 *
 * @example
 * await streamRecords({ path: '/data/movements.ndjson', displayPath: 'movements.ndjson', format: 'ndjson' }, sink, problems);
 */
export async function streamRecords(file: RecordFile, sink: RecordSink, problems: ProblemList): Promise<void> {
  let bytes = 0;
  if (sink.expectBytes || sink.readInParts) {
    // The caller has checked that the file is there; a failure to read it is reported by the stream.
    bytes = await stat(file.path).then((stats) => stats.size, () => 0);
    sink.expectBytes?.(bytes, file.format);
  }
  if (file.format === 'csv') return streamCsv(file, sink, problems);
  if (file.columns === undefined && sink.readInParts && (await sink.readInParts(file, problems, bytes))) return;
  await streamNdjson(file, sink, problems);
}

/** A part of an NDJSON file: bytes `start..end` (`start` at a line's first byte), after `lines` lines holding `records` records. */
export interface NdjsonRange {
  start: number;
  end: number;
  lines: number;
  records: number;
}

/** How far a read of NDJSON got: the lines and records read (with those before its range). */
export interface NdjsonProgress {
  lines: number;
  records: number;
}

/**
 * Reads an NDJSON file (one JSON object per line; blank lines skipped) into `sink`, or only
 * the part `range` of it (numbering its lines and records on from the range's counts).
 *
 * @example
 * await streamNdjson({ path: 'movements.ndjson', displayPath: 'movements.ndjson', format: 'ndjson' }, sink, problems);
 */
export async function streamNdjson(file: RecordFile, sink: RecordSink, problems: ProblemList, range?: NdjsonRange): Promise<NdjsonProgress> {
  const fields = sink.fieldsFor(false);
  const keys = fields.map((field) => file.columns?.get(field) ?? field);
  const strict = file.columns === undefined;
  const known: ReadonlySet<string> = new Set(fields);
  const expectedField = expectedFieldOf(sink.section, fields);
  const fieldCount = fields.length;
  const values: unknown[] = new Array<unknown>(fieldCount).fill(undefined);
  const reporter = new LineReporter(problems, file.displayPath, sink.section);
  let lineNumber = range?.lines ?? 0;
  let recordIndex = range?.records ?? 0;
  // Only the file's first line can start with a byte order mark.
  const firstLine = (range?.start ?? 0) === 0 ? 1 : -1;

  // One handler for the whole file: no closure or regular expression is made per line.
  const onLine = (rawLine: string): void => {
    lineNumber++;
    const line = lineNumber === firstLine && rawLine.charCodeAt(0) === 0xfeff ? rawLine.slice(1) : rawLine;
    if (line.length === 0) return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      if (line.trim().length === 0) return;
      reporter.line = lineNumber;
      reporter.index = recordIndex++;
      reporter.report('', 'a JSON object on one line', `invalid JSON (${(error as Error).message})`);
      return;
    }
    reporter.line = lineNumber;
    reporter.index = recordIndex++;
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      reporter.report('', 'a JSON object on one line', describeFound(record));
      return;
    }
    const object = record as Record<string, unknown>;
    for (let index = 0; index < fieldCount; index++) values[index] = presentOrUndefined(object[keys[index]!]);
    if (strict) {
      for (const key in object) {
        if (!known.has(key)) reporter.report(key, expectedField, `unknown field ${JSON.stringify(key)}`);
      }
    }
    sink.accept(values, false, reporter);
  };

  // The fast path reads the spec's field names only; an export with a key mapping, and any
  // line it declines, goes through JSON.parse and the sink's checks.
  const fast = strict ? sink.lineParser : undefined;
  const scan = fast?.parseLine !== undefined ? (fast as Required<LineParser>) : undefined;
  // A line's bytes, \r before the \n dropped. A line is decoded on its own, which gives the
  // same text as decoding the whole chunk: a \n byte is never inside a UTF-8 sequence.
  const onBytes = (bytes: Buffer, start: number, end: number): void => {
    if (end > start && bytes[end - 1] === 13) end--;
    if (fast !== undefined && end > start && lineNumber + 1 !== firstLine) {
      lineNumber++;
      if (fast.parse(bytes, start, end)) {
        recordIndex++;
        return;
      }
      lineNumber--;
    }
    onLine(bytes.toString('utf8', start, end));
  };

  // Lines are cut from the raw chunks with indexOf (readline's regular expression split cost
  // as much as the validation); a line ends at \n. Only the line that straddles two chunks is
  // copied. The first line always takes the general path, which knows about a byte order mark.
  const input = createReadStream(file.path, range === undefined ? { highWaterMark: 1 << 20 } : { highWaterMark: 1 << 20, start: range.start, end: range.end - 1 });
  let rest: Buffer | undefined;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    if (rest !== undefined) {
      const end = chunk.indexOf(10);
      if (end < 0) {
        rest = Buffer.concat([rest, chunk]);
        continue;
      }
      const line = Buffer.concat([rest, chunk.subarray(0, end)]);
      rest = undefined;
      onBytes(line, 0, line.length);
      start = end + 1;
    }
    const length = chunk.length;
    for (;;) {
      // The usual line is read to its newline by the fast path itself; any other is found
      // with indexOf and goes through onBytes (the fast path sees it again there, whole).
      if (scan !== undefined && start < length && lineNumber + 1 !== firstLine) {
        const newline = scan.parseLine(chunk, start, length);
        if (newline >= 0) {
          lineNumber++;
          recordIndex++;
          start = newline + 1;
          continue;
        }
      }
      const end = chunk.indexOf(10, start);
      if (end < 0) break;
      onBytes(chunk, start, end);
      start = end + 1;
    }
    rest = start < chunk.length ? chunk.subarray(start) : undefined;
  }
  if (rest !== undefined) onBytes(rest, 0, rest.length);
  return { lines: lineNumber, records: recordIndex };
}

/**
 * Reads a CSV file with a header row into `sink`. Cells are trimmed; an empty cell is a
 * left-out field; a row whose column count differs from the header's is reported and skipped.
 *
 * @example
 * await streamCsv({ path: 'movements.csv', displayPath: 'movements.csv', format: 'csv', columns: new Map([['at', 'Date']]) }, sink, problems);
 */
export async function streamCsv(file: RecordFile, sink: RecordSink, problems: ProblemList): Promise<void> {
  const fields = sink.fieldsFor(true);
  const fieldCount = fields.length;
  const values: unknown[] = new Array<unknown>(fieldCount).fill(undefined);
  const reporter = new CsvReporter(problems, file.displayPath, sink.section);
  let header: string[] | undefined;
  let headerOk = true;
  let recordIndex = 0;

  const onRecord = (row: string[], context: { lines: number }): null => {
    if (header === undefined) {
      header = row;
      headerOk = resolveColumns(file, sink, header, context.lines, reporter, problems);
      return null;
    }
    if (!headerOk) return null;
    reporter.line = context.lines;
    reporter.index = recordIndex++;
    if (row.length !== header.length) {
      reporter.report('', `${header.length} columns, like the header`, `${row.length} columns`);
      return null;
    }
    const columnOfField = reporter.columnOfField;
    for (let index = 0; index < fieldCount; index++) {
      const column = columnOfField[index]!;
      values[index] = column >= 0 ? presentOrUndefined(row[column]) : undefined;
    }
    sink.accept(values, true, reporter);
    // Returning null keeps csv-parse from buffering the record: the sink has what it needs.
    return null;
  };

  await pumpCsv(file, onRecord, problems, sink.section);
  if (header === undefined) {
    problems.add({ file: file.displayPath, path: sink.section, expected: 'a CSV header row naming the columns', found: 'an empty file' });
  }
}

/**
 * Maps the sink's fields to header columns and reports, once, what is wrong with the header:
 * a mapped column that is not there, a required field with no column, and (without a
 * `columns` mapping) a column that is no field. False when rows cannot be read.
 */
function resolveColumns(
  file: RecordFile,
  sink: RecordSink,
  header: readonly string[],
  headerLine: number,
  reporter: CsvReporter,
  problems: ProblemList,
): boolean {
  const fields = sink.fieldsFor(true);
  const columnOfField = new Int32Array(fields.length);
  let ok = true;
  fields.forEach((field, index) => {
    const name = file.columns?.get(field) ?? field;
    columnOfField[index] = header.indexOf(name);
    if (columnOfField[index]! < 0 && file.columns?.has(field)) {
      file.reportMissingColumn?.(field, header);
      ok = false;
    }
  });
  const headerProblem = (column: number, expected: string, found: string): void => {
    problems.add({ file: file.displayPath, line: headerLine, ...(column >= 0 ? { column: column + 1 } : {}), path: `${sink.section} (header)`, expected, found });
  };
  for (const required of sink.requiredFor(true)) {
    const index = fields.indexOf(required);
    if (columnOfField[index]! < 0 && !file.columns?.has(required)) {
      headerProblem(-1, `a column for ${required} (a header named ${required}, or a columns mapping in the incident file)`, `the columns ${header.join(', ')}`);
      ok = false;
    }
  }
  if (file.columns === undefined) {
    header.forEach((name, column) => {
      if (!fields.includes(name)) headerProblem(column, expectedFieldOf(sink.section, fields), `unknown column ${JSON.stringify(name)}`);
    });
  }
  reporter.columnOfField = columnOfField;
  return ok;
}
