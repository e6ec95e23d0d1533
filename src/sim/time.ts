/**
 * Parsing of the spec's times and durations into integer milliseconds.
 *
 * Times are ISO 8601 with a zone (`2026-03-02T09:00:00Z`, `...+02:00`); a time without a
 * zone is an error, because an export's local time is ambiguous. Durations are `500ms`,
 * `30s`, `15m`, `2h`, `1d`, compounds of these (`1h30m`), or ISO 8601 (`PT15M`, `P1D`,
 * `P1DT2H`). Years and months have no fixed length and are refused.
 *
 * These functions never read the wall clock; they are pure.
 *
 * @example
 * parseTime('2026-03-02T09:00:00+01:00') // 1772438400000
 * parseDuration('15m') // 900000
 */

const TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

/** Milliseconds since the epoch, or undefined when `text` is not a zoned ISO 8601 time. */
export function parseTime(text: string): number | undefined {
  const match = TIME_PATTERN.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = second === undefined ? 0 : Number(second);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000 + 1e-6);
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    const digits = zone!.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000;
}

/** True when the text looks like a date-time but carries no zone (a distinct, common mistake). */
export function isZonelessTime(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Formats milliseconds since the epoch as ISO 8601 UTC, seconds precision unless ms are set. */
export function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds, or undefined when `text` is not a duration the spec accepts. Zero is allowed. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return undefined;
  const trimmed = text.trim();
  if (/^P/i.test(trimmed)) return parseIsoDuration(trimmed);
  const pattern = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let matched = 0;
  let consumed = 0;
  for (let match = pattern.exec(trimmed); match; match = pattern.exec(trimmed)) {
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    consumed += match[0].length;
    matched++;
  }
  if (matched === 0 || consumed !== trimmed.length) return undefined;
  if (!Number.isInteger(total)) return undefined;
  return total;
}

function parseIsoDuration(text: string): number | undefined {
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
  if (!match || text.toUpperCase() === 'P' || /T$/i.test(text)) return undefined;
  const [, weeks, days, hours, minutes, seconds] = match;
  const total =
    Number(weeks ?? 0) * UNIT_MS.w! +
    Number(days ?? 0) * UNIT_MS.d! +
    Number(hours ?? 0) * UNIT_MS.h! +
    Number(minutes ?? 0) * UNIT_MS.m! +
    Math.round(Number(seconds ?? 0) * 1000);
  return total;
}

/** Formats a duration compactly (`1h30m`, `15m`, `500ms`, `0s`), the inverse of parseDuration. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const [unit, size] of [
    ['d', UNIT_MS.d!],
    ['h', UNIT_MS.h!],
    ['m', UNIT_MS.m!],
    ['s', UNIT_MS.s!],
    ['ms', 1],
  ] as const) {
    if (rest >= size) {
      const amount = Math.floor(rest / size);
      text += `${amount}${unit}`;
      rest -= amount * size;
    }
  }
  return text;
}
