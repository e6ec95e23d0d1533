/**
 * The seam between where records come from (an inline YAML/JSON list, a CSV file, an NDJSON
 * file) and what they become (movements, observations, log lines).
 *
 * A source fills one reused array of raw field values per record and hands it to a sink
 * with a reporter that knows the record's position; the sink checks the values and keeps
 * the typed record. One sink per section means every source applies the same rules and
 * words its problems the same way, and the hot path of a large file allocates only the
 * record it keeps.
 */
import { formatTime } from '../sim/time.js';
import { type FieldReporter, describeFoundTime, readTime } from './field-values.js';
import type { ProblemList } from './problem-list.js';
import type { RecordFile } from './stream-records.js';

/** The record lists of the format. */
export type RecordSection = 'movements' | 'observations' | 'logs';

export interface RecordSink {
  readonly section: RecordSection;
  /** The field names of one record. CSV (`textual`) may differ: observations take one column per system. */
  fieldsFor(textual: boolean): readonly string[];
  /** The fields every record needs; a CSV header without one of them is reported once, not per row. */
  requiredFor(textual: boolean): readonly string[];
  /** Fields that hold text, where YAML's `sku: 00123` must be read as written, not as the number 123. */
  readonly textFields: ReadonlySet<string>;
  /**
   * Checks one record and keeps it when it is valid. `values[i]` is the raw value of field
   * `fieldsFor(textual)[i]`, undefined when absent. The array is reused for the next record.
   */
  accept(values: readonly unknown[], textual: boolean, reporter: RecordReporter): void;
  /** Called before a side file of `bytes` streams in, so a sink can make room for its records at once. */
  expectBytes?(bytes: number, format: 'csv' | 'ndjson'): void;
  /**
   * Reads an NDJSON file in the spec's field names (`bytes` long) its own way, in parts on
   * several threads; false when it does not (the file is small, one core), and the plain
   * stream reads it.
   */
  readInParts?: (file: RecordFile, problems: ProblemList, bytes: number) => Promise<boolean>;
  /**
   * A fast path for NDJSON lines in the spec's field names: takes a line's bytes and keeps
   * the record when it is valid and of the usual shape, or answers false (nothing kept, no
   * problem reported) to have the line parsed and checked by `accept`.
   */
  lineParser?: LineParser;
}

/** Reads one NDJSON line, `bytes[start, end)`, when it can; see `RecordSink.lineParser`. */
export interface LineParser {
  parse(bytes: Uint8Array, start: number, end: number): boolean;
  /**
   * Reads the line that starts at `start` up to its newline (not looked for first), within
   * `bytes[start, limit)`: the newline's index when the line was kept, -1 to have the caller
   * cut the line and hand it to `parse` or the general path.
   */
  parseLine?(bytes: Uint8Array, start: number, limit: number): number;
}

/** A position in a source: what a problem carries besides its path. */
export interface SourcePosition {
  line?: number;
  column?: number;
}

/**
 * Reports the problems of the record being read. Sources set `index` (and their position
 * fields) before each record; the position itself is only worked out when there is a problem.
 *
 * @example
 * class LineReporter extends RecordReporter {
 *   line = 0;
 *   protected locate() { return { line: this.line }; }
 * }
 */
export abstract class RecordReporter implements FieldReporter {
  /** The record's index in its list (0-based), as in `movements[3].at`. */
  index = 0;
  /** Problems reported so far; a sink compares it before and after a record to know whether it failed. */
  count = 0;

  constructor(
    protected readonly problems: ProblemList,
    readonly file: string,
    protected readonly section: RecordSection,
  ) {}

  report(field: string, expected: string, found: string, fieldIndex = -1): void {
    this.count++;
    if (this.problems.isFull(this.file)) {
      this.problems.countDropped(this.file);
      return;
    }
    const { line, column } = this.locate(field, fieldIndex);
    this.problems.add({
      file: this.file,
      ...(line !== undefined ? { line } : {}),
      ...(column !== undefined ? { column } : {}),
      path: field === '' ? `${this.section}[${this.index}]` : `${this.section}[${this.index}].${field}`,
      expected,
      found,
    });
  }

  /** Where `field` of the current record is in the source. */
  protected abstract locate(field: string, fieldIndex: number): SourcePosition;
}

/** What one record of a section is called in problems: `a movement`. */
export function recordNoun(section: RecordSection): string {
  return section === 'movements' ? 'a movement' : section === 'observations' ? 'an observation' : 'a log line';
}

/** Describes the fields of a section for an unknown-field problem. */
export function expectedFieldOf(section: RecordSection, fields: readonly string[]): string {
  return `a field of ${recordNoun(section)} (${fields.join(', ')})`;
}

/** The window bounds a record's time is checked against; an open bound is infinite. */
export interface WindowBounds {
  startMs: number;
  endMs: number;
}

/** The problem text for a time outside the declared window. */
export function expectedInsideWindow(bounds: WindowBounds, format: (ms: number) => string): string {
  const start = Number.isFinite(bounds.startMs) ? format(bounds.startMs) : 'the first event';
  const end = Number.isFinite(bounds.endMs) ? format(bounds.endMs) : 'the last event';
  return `a time inside the window ${start} .. ${end}`;
}

/**
 * Reads a record's `at` and checks it lies inside the window; NaN (already reported) when it
 * is not a time. Movements and observations share it; log lines may lie outside the window.
 */
export function readTimeInWindow(value: unknown, bounds: WindowBounds, reporter: FieldReporter, fieldIndex: number): number {
  const atMs = readTime(value, 'at', reporter, fieldIndex);
  if (atMs === atMs && (atMs < bounds.startMs || atMs > bounds.endMs)) {
    reporter.report('at', expectedInsideWindow(bounds, formatTime), describeFoundTime(value), fieldIndex);
  }
  return atMs;
}
