/**
 * The checks of single field values that every source shares: the YAML/JSON document, its
 * inline lists, and the CSV and NDJSON side files. Keeping them in one place means a value
 * is accepted, and a problem worded, the same way wherever it appears.
 *
 * Two modes: typed (YAML, JSON, NDJSON: a number must be a number, a boolean a boolean) and
 * textual (CSV: every cell is text, so numbers and booleans are parsed from it). These
 * functions run once per field of every record of a large file, so they allocate nothing
 * on success and use no closures or per-call regular expressions.
 */
import { isZonelessTime } from '../sim/time.js';
import { parseTimeFast } from './fast-time.js';
import { describeFound } from './problems.js';

/** Where a field's problem goes; the caller knows the file, the record and the position. */
export interface FieldReporter {
  /**
   * Reports a problem with `field` (a name, or a dotted path like `counts.wms`, relative to
   * the record). `fieldIndex` is the field's position in the record's field list, which lets
   * a CSV reporter name the column.
   */
  report(field: string, expected: string, found: string, fieldIndex?: number): void;
}

export const EXPECTED_TIME = 'a time with a zone, like 2026-03-02T09:00:00Z or 2026-03-02T10:00:00+01:00';
export const EXPECTED_INTEGER = 'an integer';
export const EXPECTED_NON_ZERO_INTEGER = 'a signed non-zero integer';
export const EXPECTED_TEXT = 'a non-empty text';
export const EXPECTED_BOOLEAN = 'true or false';

/** How a found time text is described: a zone-less time gets its own, more helpful words. */
export function describeFoundTime(value: unknown): string {
  if (typeof value === 'string' && isZonelessTime(value)) return `a time without a zone (${JSON.stringify(value)})`;
  return describeFound(value);
}

/**
 * Parses integer text (`-3`, `+12`, `40`) without allocating; NaN when it is not one.
 *
 * @example
 * parseIntegerText('-3'); // -3
 * parseIntegerText('3.5'); // NaN
 */
export function parseIntegerText(text: string): number {
  const length = text.length;
  let index = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 /* - */) {
    negative = true;
    index = 1;
  } else if (first === 43 /* + */) {
    index = 1;
  }
  if (index >= length) return NaN;
  let value = 0;
  for (; index < length; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  if (!Number.isSafeInteger(value)) return NaN;
  return negative && value !== 0 ? -value : value;
}

/**
 * A required zoned time, in milliseconds; NaN (after reporting) when absent or invalid.
 *
 * @example
 * readTime('2026-03-02T09:00:00Z', 'at', reporter, 0); // 1772442000000
 */
export function readTime(value: unknown, field: string, reporter: FieldReporter, fieldIndex: number): number {
  if (typeof value === 'string') {
    const ms = parseTimeFast(value);
    if (ms !== undefined) return ms;
  }
  reporter.report(field, EXPECTED_TIME, value === undefined ? 'nothing (it is required)' : describeFoundTime(value), fieldIndex);
  return NaN;
}

/**
 * An integer (from a number, or from text in textual mode); NaN (after reporting) when it is
 * not one, or when `nonZero` and it is zero. `value` undefined means absent and is reported
 * as missing, so callers check optional fields before calling.
 *
 * @example
 * readInteger('-3', 'qty', true, true, reporter, 4); // -3 (CSV text)
 * readInteger(-3, 'qty', false, true, reporter, 4); // -3 (typed)
 */
export function readInteger(
  value: unknown,
  field: string,
  textual: boolean,
  nonZero: boolean,
  reporter: FieldReporter,
  fieldIndex: number,
): number {
  let number = NaN;
  if (typeof value === 'number') number = Number.isSafeInteger(value) ? value : NaN;
  else if (textual && typeof value === 'string') number = parseIntegerText(value);
  if (number === number && (!nonZero || number !== 0)) return number;
  const expected = nonZero ? EXPECTED_NON_ZERO_INTEGER : EXPECTED_INTEGER;
  reporter.report(field, expected, value === undefined ? 'nothing (it is required)' : describeFound(value), fieldIndex);
  return NaN;
}

/**
 * Text: a string, or a number written where text was meant (`sku: 12345`, `ref: 5512`),
 * which is read as its digits. Undefined (after reporting) when it is anything else.
 *
 * @example
 * readText(12345, 'sku', reporter, 2); // '12345'
 */
export function readText(value: unknown, field: string, reporter: FieldReporter, fieldIndex: number): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  reporter.report(field, EXPECTED_TEXT, value === undefined ? 'nothing (it is required)' : describeFound(value), fieldIndex);
  return undefined;
}

/**
 * A boolean (from a boolean, or from `true`/`false` text in any letter case in textual
 * mode); undefined (after reporting) when it is neither.
 *
 * @example
 * readBoolean('FALSE', 'sync', true, reporter, 8); // false
 */
export function readBoolean(value: unknown, field: string, textual: boolean, reporter: FieldReporter, fieldIndex: number): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (textual && typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  reporter.report(field, EXPECTED_BOOLEAN, describeFound(value), fieldIndex);
  return undefined;
}

/**
 * Normalises a raw field value: null and the empty string mean the field was left out
 * (an empty CSV cell, `ref: null` in an export, `ref:` in YAML).
 */
export function presentOrUndefined(value: unknown): unknown {
  return value === null || value === '' ? undefined : value;
}
