/**
 * Streaming a CSV file through csv-parse, one record at a time, with the options every
 * reader of exports here uses (BOM dropped, cells trimmed, blank lines skipped, rows of
 * uneven width allowed: the readers check widths themselves). A CSV syntax error becomes one
 * problem naming the file and line, since nothing after it can be read reliably; any other
 * error is rethrown.
 *
 * @example
 * await pumpCsv({ path: 'a.csv', displayPath: 'a.csv' }, (row, lines) => { ...; return null; }, problems, 'movements');
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { CsvError, parse as parseCsv } from 'csv-parse';
import type { ProblemList } from './problem-list.js';

export interface CsvFile {
  /** The path to open. */
  path: string;
  /** The path shown in problems. */
  displayPath: string;
}

/**
 * Where to start reading when the lines before were read another way (src/import/export-csv.ts):
 * at the first byte of a line, after `linesBefore` lines each ended by `lineEnding`.
 */
export interface CsvResume {
  startByte: number;
  linesBefore: number;
  lineEnding: '\n' | '\r\n';
}

/**
 * Reads `file`, handing each record to `onRecord` (which returns null so nothing is buffered).
 * With `from`, csv-parse reads `linesBefore` blank lines and then the file from `startByte`:
 * blank lines give no records but leave it as the lines read before would have (the line
 * ending found, the lines counted, the BOM behind it), so line numbers, in problems and in
 * csv-parse's own messages, are the file's.
 */
export async function pumpCsv(
  file: CsvFile,
  onRecord: (record: string[], context: { lines: number }) => null,
  problems: ProblemList,
  section: string,
  from?: CsvResume,
): Promise<void> {
  const parser = parseCsv({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, on_record: onRecord });
  const input = from === undefined ? createReadStream(file.path) : Readable.from(resumed(file.path, from), { objectMode: false });
  try {
    await new Promise<void>((resolve, reject) => {
      parser.once('end', resolve);
      parser.once('error', reject);
      input.once('error', reject);
      input.pipe(parser);
      parser.resume();
    });
  } catch (error) {
    input.destroy();
    // By class, not by a CSV_ code prefix: csv-parse names a quote inside an unquoted field
    // INVALID_OPENING_QUOTE, and that is bad input too, not a crash.
    if (!(error instanceof CsvError)) throw error;
    const csvError = error as CsvError & { lines?: number };
    problems.add({
      file: file.displayPath,
      ...(csvError.lines !== undefined ? { line: csvError.lines } : {}),
      path: section ? `${section} (CSV syntax)` : '(CSV syntax)',
      expected: 'valid CSV (the rest of the file was not read)',
      found: csvError.message,
    });
  }
}

/** `linesBefore` blank lines (in pieces of at most 1 MiB), then the file from `startByte`. */
async function* resumed(path: string, from: CsvResume): AsyncGenerator<Buffer> {
  const perPiece = Math.floor((1 << 20) / from.lineEnding.length);
  for (let left = from.linesBefore; left > 0; left -= perPiece) yield Buffer.from(from.lineEnding.repeat(Math.min(left, perPiece)), 'latin1');
  yield* createReadStream(path, { start: from.startByte }) as AsyncIterable<Buffer>;
}
