/**
 * Reading the times vendors' exports write, into milliseconds since the epoch.
 *
 * Exports disagree on time formats: a WMS writes its local wall-clock time without a zone,
 * Shopify writes `2026-03-07 10:15:32 -0600`, NetSuite writes dates and times the way the
 * account's date and time preferences say (`3/7/2026`, `3/7/2026 9:05 am`), middleware
 * logs write ISO 8601. This reader accepts all of them; a time without an offset is read in
 * the zone the caller gives (the source's `timezone`, else the manifest's), and is a problem
 * when there is none, because a warehouse's 09:00 is not UTC's.
 *
 * Large files are mostly one format, so the common cases are parsed from character codes
 * without a regular expression, and a zone's UTC offset is looked up once per local hour.
 */
import { DateTime } from 'luxon';
import { parseTimeFast } from '../io/fast-time.js';

/** How slashed dates are ordered: NetSuite's default `M/D/YYYY`, or `D/M/YYYY`. */
export type DateOrder = 'M/D/YYYY' | 'D/M/YYYY';

/**
 * What `read` returns besides a time: NaN, with `ExportTimeReader.zoneless` telling a text
 * that is a time but has no zone (and the reader none to read it in) from one that is no
 * time at all. A number, not an object, because it is returned once per export row.
 */
export const NOT_A_TIME = NaN;

/** The texts a time may be written as, for problems. */
export const EXPECTED_EXPORT_TIME =
  'a time like 2026-03-07T10:15:32Z, 2026-03-07 10:15:32 -0600, 2026-03-07T10:15:32 (local), 3/7/2026 or 3/7/2026 10:15 am';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * Reads export times in one zone (or none). One reader per source: it keeps the zone's
 * offsets by local hour, so ten million rows cost ten million cache look-ups, not luxon calls.
 *
 * @example
 * const reader = new ExportTimeReader('America/Chicago');
 * reader.read('2026-03-07 10:15:32 -0600'); // 1772900132000
 * reader.read('2026-03-07T10:15:32');       // 1772900132000 (local, CST)
 * reader.read('3/7/2026 10:15 am');         // 1772900100000
 * const utcOnly = new ExportTimeReader(undefined);
 * utcOnly.read('2026-03-07T10:15:32'); // NaN, and utcOnly.zoneless is true
 */
export class ExportTimeReader {
  /** Local day (days since the epoch) -> its UTC offset in minutes, when it is the same all day. */
  private readonly offsetByDay = new Map<number, number>();
  private readonly offsetByHour = new Map<number, number>();
  /** True after `read` returned NaN for a local time with no zone to read it in. */
  zoneless = false;

  constructor(
    private readonly zone: string | undefined,
    private readonly dateOrder: DateOrder = 'M/D/YYYY',
  ) {}

  /** Milliseconds since the epoch, or NaN (see `zoneless`). */
  read(text: string): number {
    this.zoneless = false;
    if (text.length === 0) return NaN;
    if (text.charCodeAt(text.length - 1) === 90 /* Z */) return parseTimeFast(text) ?? NaN;
    const slash = text.indexOf('/');
    return slash > 0 && slash <= 2 ? this.readSlashed(text) : this.readIso(text);
  }

  /** `YYYY-MM-DD[T ]HH:MM[:SS[.sss]]` followed by nothing, `Z`, `±HH:MM`, `±HHMM` or ` ±HHMM`. */
  private readIso(text: string): number {
    if (text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN;
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    if (text.length === 10) return this.fromWall(year, month, day, 0, 0, 0, 0);
    const separator = text.charCodeAt(10);
    if ((separator !== 84 /* T */ && separator !== 32) || text.length < 16 || text.charCodeAt(13) !== 58) return NaN;
    const hour = digits(text, 11, 2);
    const minute = digits(text, 14, 2);
    let index = 16;
    let second = 0;
    let millisecond = 0;
    if (text.charCodeAt(index) === 58) {
      second = digits(text, index + 1, 2);
      index += 3;
      if (text.charCodeAt(index) === 46 /* . */) {
        let end = index + 1;
        while (end < text.length && isDigit(text.charCodeAt(end))) end++;
        if (end === index + 1) return NaN;
        millisecond = Math.floor(Number(`0.${text.slice(index + 1, end)}`) * 1000 + 1e-6);
        index = end;
      }
    }
    if (index === text.length) return this.fromWall(year, month, day, hour, minute, second, millisecond);
    const offset = readOffset(text, index);
    if (offset === undefined) return NaN;
    const wall = wallMs(year, month, day, hour, minute, second, millisecond);
    return wall === undefined ? NaN : wall - offset * 60_000;
  }

  /** `M/D/YYYY` or `D/M/YYYY`, optionally followed by ` h:mm[:ss] am|pm` or ` HH:mm[:ss]`. */
  private readSlashed(text: string): number {
    const parts = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,? +(\d{1,2}):(\d{2})(?::(\d{2}))? *([AaPp][Mm])?)?$/.exec(text);
    if (!parts) return NaN;
    const first = Number(parts[1]);
    const second = Number(parts[2]);
    const [month, day] = this.dateOrder === 'M/D/YYYY' ? [first, second] : [second, first];
    let hour = parts[4] === undefined ? 0 : Number(parts[4]);
    const minute = parts[5] === undefined ? 0 : Number(parts[5]);
    const seconds = parts[6] === undefined ? 0 : Number(parts[6]);
    const meridiem = parts[7]?.toLowerCase();
    if (meridiem !== undefined) {
      if (hour < 1 || hour > 12) return NaN;
      hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
    }
    return this.fromWall(Number(parts[3]), month, day, hour, minute, seconds, 0);
  }

  /** A local wall-clock time in the reader's zone. */
  private fromWall(year: number, month: number, day: number, hour: number, minute: number, second: number, millisecond: number): number {
    const wall = wallMs(year, month, day, hour, minute, second, millisecond);
    if (wall === undefined) return NaN;
    if (this.zone === undefined) {
      this.zoneless = true;
      return NaN;
    }
    // A zone changes its offset a few times a year: a day whose first and last hours have the
    // same offset has it all day (two look-ups a day); only a day with a change is read by hour.
    const dayKey = Math.floor(wall / 86_400_000);
    let offsetMinutes = this.offsetByDay.get(dayKey);
    if (offsetMinutes === undefined) {
      const first = DateTime.fromObject({ year, month, day, hour: 0 }, { zone: this.zone }).offset;
      const last = DateTime.fromObject({ year, month, day, hour: 23 }, { zone: this.zone }).offset;
      offsetMinutes = first === last ? first : NaN;
      this.offsetByDay.set(dayKey, offsetMinutes);
    }
    if (offsetMinutes !== offsetMinutes) {
      // The offset in force at the start of this local hour (zones change on the hour).
      const hourKey = Math.floor(wall / 3_600_000);
      offsetMinutes = this.offsetByHour.get(hourKey);
      if (offsetMinutes === undefined) {
        offsetMinutes = DateTime.fromObject({ year, month, day, hour }, { zone: this.zone }).offset;
        this.offsetByHour.set(hourKey, offsetMinutes);
      }
    }
    return wall - offsetMinutes * 60_000;
  }
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `count` decimal digits at `index` as a number, or -1 when one is not a digit. */
function digits(text: string, index: number, count: number): number {
  let value = 0;
  for (let position = index; position < index + count; position++) {
    const code = text.charCodeAt(position);
    if (!isDigit(code)) return -1;
    value = value * 10 + code - 48;
  }
  return value;
}

/** A UTC offset in minutes at `index`: `Z`, `±HH:MM`, `±HHMM`, `±HH`, optionally after one space. */
function readOffset(text: string, index: number): number | undefined {
  let position = index;
  if (text.charCodeAt(position) === 32) position++;
  const sign = text.charCodeAt(position);
  if (sign === 90 /* Z */ || sign === 122) return position + 1 === text.length ? 0 : undefined;
  if (sign !== 43 && sign !== 45) return NaN;
  const rest = text.slice(position + 1).replace(':', '');
  if (rest.length !== 2 && rest.length !== 4) return NaN;
  const hours = digits(rest, 0, 2);
  const minutes = rest.length === 4 ? digits(rest, 2, 2) : 0;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return NaN;
  return (sign === 45 ? -1 : 1) * (hours * 60 + minutes);
}

/** A wall-clock time read as if it were UTC; undefined when a part is out of range. */
function wallMs(year: number, month: number, day: number, hour: number, minute: number, second: number, millisecond: number): number | undefined {
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return NaN;
  }
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
}
