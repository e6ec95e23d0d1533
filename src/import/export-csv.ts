/**
 * Reading a CSV export's records, fast for the plain lines most large exports consist of.
 *
 * A WMS history of ten million rows is ASCII without a quote in it: for such lines csv-parse
 * does far more than is needed (a context object for every record, a byte-by-byte state
 * machine for quotes, escapes and delimiters of every kind). This reader splits plain lines
 * itself, straight from the file's bytes, and hands each record over with its line as
 * csv-parse would (same cells, same line number, blank lines skipped).
 *
 * It is exact by construction. A line is taken here only when it is plain: printable ASCII
 * without `"` (so no quoting, escaping, tabs or Unicode spaces to trim), ended like the first
 * line (LF, or CRLF throughout), or the file's last line. On the first line that is not
 * (a quote, a byte outside printable ASCII, a stray CR, a different line ending, a UTF-16
 * BOM, a line over 1 MiB), csv-parse (src/io/pump-csv.ts, the importer's options) reads on
 * from that line's first byte, after as many blank lines as lines were read: csv-parse reads a
 * plain line to the same record as it is handed over here, and a blank line to none, and
 * either leaves it in the same state (the line ending found, the lines counted), so the
 * records after are exactly csv-parse's, and so are the problems (a CSV syntax error, with
 * csv-parse's own message and line). Exports with quoted fields (Shopify's, NetSuite's)
 * usually show a quote in their first lines and are read by csv-parse nearly whole.
 *
 * The file is read in chunks; only the unfinished line is carried from one to the next, and a
 * line longer than 1 MiB goes to csv-parse too.
 */
import { createReadStream } from 'node:fs';
import { pumpCsv, type CsvFile } from '../io/pump-csv.js';
import type { ProblemList } from '../io/problem-list.js';

/** What `onRecord` is handed with each record (one object, updated: read it before returning). */
export interface CsvRecordContext {
  lines: number;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const COMMA = 44;
const QUOTE = 34;
const TILDE = 126;
/** The longest line taken here (bytes); a longer one goes to csv-parse. */
const MAX_PLAIN_LINE_BYTES = 1 << 20;

/** The line ending the file uses, fixed by its first line. */
const UNKNOWN = 0;
const LF_ENDINGS = 1;
const CRLF_ENDINGS = 2;

/**
 * Splits plain lines into records. `push` returns false at the first line it does not take;
 * the caller then reads the rest of the file with csv-parse from `consumed`.
 */
class PlainCsvSplitter {
  /** The file offset of the first byte not taken: the start of the line being read. */
  consumed = 0;
  /** The line ending of the file, once a line has ended. */
  endings = UNKNOWN;
  /** Lines ended so far (blank ones too: line numbers count them). */
  lineCount = 0;
  private carried: Buffer | undefined;
  private first = true;
  private readonly context: CsvRecordContext = { lines: 0 };

  constructor(private readonly onRecord: (record: string[], context: CsvRecordContext) => null) {}

  /** Takes the plain lines of a chunk; false at a line that is not plain. */
  push(chunk: Buffer): boolean {
    let data = this.carried === undefined ? chunk : Buffer.concat([this.carried, chunk]);
    this.carried = undefined;
    if (this.first) {
      this.first = false;
      // A UTF-8 BOM is dropped, as csv-parse's `bom: true` does; any other (UTF-16) is not plain.
      if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
        data = data.subarray(3);
        this.consumed = 3;
      }
    }
    const plain = this.split(data);
    if (plain && this.carriedBytes() > MAX_PLAIN_LINE_BYTES) {
      // A line this long is no plain export row; carrying it on would copy it again per chunk.
      this.carried = undefined;
      return false;
    }
    return plain;
  }

  /** The lines of `data` (which starts at `consumed`), up to the first that is not plain. */
  private split(data: Buffer): boolean {
    const length = data.length;
    let lineStart = 0;
    let fieldStart = 0;
    let record: string[] = [];
    let blank = true;
    for (let index = 0; index < length; index++) {
      const byte = data[index]!;
      if (byte === COMMA) {
        record.push(trimmedCell(data, fieldStart, index));
        fieldStart = index + 1;
        blank = false;
        continue;
      }
      if (byte >= SPACE && byte <= TILDE && byte !== QUOTE) {
        if (byte !== SPACE) blank = false;
        continue;
      }
      const lineEnd = index;
      if (byte === CR) {
        if (index + 1 === length) break; // the LF may be in the next chunk
        if (data[index + 1] !== LF || this.endings === LF_ENDINGS) return this.stopAt(lineStart);
        this.endings = CRLF_ENDINGS;
        index++;
      } else if (byte === LF) {
        if (this.endings === CRLF_ENDINGS) return this.stopAt(lineStart);
        this.endings = LF_ENDINGS;
      } else return this.stopAt(lineStart);
      this.lineCount++;
      // A line of nothing but spaces is blank to csv-parse too (trimmed, it is empty).
      if (!blank) {
        record.push(trimmedCell(data, fieldStart, lineEnd));
        this.deliver(record);
        record = [];
      } else if (record.length > 0) record = [];
      lineStart = index + 1;
      fieldStart = lineStart;
      blank = true;
    }
    this.consumed += lineStart;
    if (lineStart < length) this.carried = Buffer.from(data.subarray(lineStart));
    return true;
  }

  /** The length of the unfinished line carried to the next chunk. */
  private carriedBytes(): number {
    return this.carried?.length ?? 0;
  }

  private stopAt(lineStart: number): false {
    this.consumed += lineStart;
    return false;
  }

  /** Takes the last line when the file does not end with a line break; false when it is not plain. */
  end(): boolean {
    const data = this.carried;
    this.carried = undefined;
    if (data === undefined || data.length === 0) return true;
    let fieldStart = 0;
    let blank = true;
    const record: string[] = [];
    // `consumed` already points at this line: a false answer resumes csv-parse there.
    for (let index = 0; index < data.length; index++) {
      const byte = data[index]!;
      if (byte === COMMA) {
        record.push(trimmedCell(data, fieldStart, index));
        fieldStart = index + 1;
        blank = false;
      } else if (byte >= SPACE && byte <= TILDE && byte !== QUOTE) {
        if (byte !== SPACE) blank = false;
      } else return false;
    }
    if (blank) return true;
    record.push(trimmedCell(data, fieldStart, data.length));
    this.lineCount++;
    this.deliver(record);
    return true;
  }

  private deliver(record: string[]): void {
    this.context.lines = this.lineCount;
    this.onRecord(record, this.context);
  }
}

/**
 * `buffer.toString('latin1', start, end)` without its argument checks (the bounds here are
 * always inside the buffer): Node's Buffer has `latin1Slice`, which `toString` calls; a
 * runtime without it gets `toString`.
 */
const latin1Slice: (this: Buffer, start: number, end: number) => string =
  (Buffer.prototype as unknown as { latin1Slice?: (this: Buffer, start: number, end: number) => string }).latin1Slice ??
  function (this: Buffer, start: number, end: number): string {
    return this.toString('latin1', start, end);
  };

/** The cell in `start..end` without the spaces around it, as a string of its own (not a slice of the chunk). */
function trimmedCell(data: Buffer, start: number, end: number): string {
  let from = start;
  let to = end;
  while (from < to && data[from] === SPACE) from++;
  while (to > from && data[to - 1] === SPACE) to--;
  return from === to ? '' : latin1Slice.call(data, from, to);
}

/**
 * Reads `file`, handing each record to `onRecord` with the line it ends on, exactly as
 * `pumpCsv` would (which reads on from the first line that is not plain).
 * `chunkBytes` is the read size (tests make it small to cut lines across chunks).
 *
 * @example
 * await pumpExportCsv({ path: 'wms_history.csv', displayPath: 'wms_history.csv' }, (record, context) => { ...; return null; }, problems);
 */
export async function pumpExportCsv(
  file: CsvFile,
  onRecord: (record: string[], context: CsvRecordContext) => null,
  problems: ProblemList,
  chunkBytes = 1 << 16,
): Promise<void> {
  const splitter = new PlainCsvSplitter(onRecord);
  let plain = true;
  const input = createReadStream(file.path, { highWaterMark: chunkBytes });
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (!splitter.push(chunk)) {
        plain = false;
        break;
      }
    }
  } catch (error) {
    // A file that cannot be opened or read (missing, a folder, ...) before any record: read
    // by csv-parse, which reports it as it always has. Anything else (a record handler's
    // error, a read failing midway) stands.
    if (splitter.consumed > 3 || (error as NodeJS.ErrnoException).syscall === undefined) throw error;
    plain = false;
  } finally {
    input.destroy();
  }
  if (plain && splitter.end()) return;
  // csv-parse reads on from the line that is not plain, in the state it would be in there
  // (see CsvResume); before any line has ended it reads the file from its start.
  await pumpCsv(
    file,
    onRecord,
    problems,
    '',
    splitter.endings === UNKNOWN ? undefined : { startByte: splitter.consumed, linesBefore: splitter.lineCount, lineEnding: splitter.endings === LF_ENDINGS ? '\n' : '\r\n' },
  );
}
