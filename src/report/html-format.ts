/**
 * Numbers and times as the HTML report writes them: in the incident's own timezone (the zone
 * its `daily` faults and its people live in), with fixed English names and no locale lookup,
 * so the same inputs give the same bytes on every machine.
 *
 * @example
 * formatLocalTime(Date.UTC(2026, 2, 9, 9, 0), 'UTC'); // 'Mon 9 Mar 2026, 09:00'
 * formatCount(1180); // '1,180'
 */
import { DateTime } from 'luxon';

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function two(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/**
 * `Mon 9 Mar 2026, 09:00` in `zone` (seconds shown only when they are not zero).
 *
 * @example
 * formatLocalTime(Date.UTC(2026, 2, 9, 8, 0), 'Europe/Berlin'); // 'Mon 9 Mar 2026, 09:00'
 */
export function formatLocalTime(ms: number, zone: string): string {
  const time = DateTime.fromMillis(ms, { zone });
  const seconds = time.second !== 0 || time.millisecond !== 0 ? `:${two(time.second)}${time.millisecond ? `.${String(time.millisecond).padStart(3, '0')}` : ''}` : '';
  return `${WEEKDAY_NAMES[time.weekday - 1]} ${time.day} ${MONTH_NAMES[time.month - 1]} ${time.year}, ${two(time.hour)}:${two(time.minute)}${seconds}`;
}

/**
 * `06:01 on Mon 9 Mar 2026` in `zone`: reads well after "at" in a sentence.
 *
 * @example
 * formatLocalClockOnDay(Date.UTC(2026, 2, 9, 6, 1), 'UTC'); // '06:01 on Mon 9 Mar 2026'
 */
export function formatLocalClockOnDay(ms: number, zone: string): string {
  const text = formatLocalTime(ms, zone);
  const comma = text.indexOf(', ');
  return `${text.slice(comma + 2)} on ${text.slice(0, comma)}`;
}

/**
 * A compact interval in `zone`: the end drops the date when it is the same day.
 *
 * @example
 * formatLocalInterval(from, to, 'UTC'); // 'Mon 9 Mar 2026, 06:00 – 09:00'
 */
export function formatLocalInterval(fromMs: number, toMs: number, zone: string): string {
  const from = formatLocalTime(fromMs, zone);
  const to = formatLocalTime(toMs, zone);
  const sameDay = from.slice(0, from.indexOf(',')) === to.slice(0, to.indexOf(','));
  return `${from} – ${sameDay ? to.slice(to.indexOf(',') + 2) : to}`;
}

/**
 * The zone's offset from UTC at `ms`, in milliseconds (charts draw local wall-clock time on a
 * UTC scale, because Vega only knows UTC and the machine's own zone, and the machine's zone
 * must not change the output).
 *
 * @example
 * zoneOffsetMs(Date.UTC(2026, 0, 1), 'Europe/Berlin'); // 3600000
 */
export function zoneOffsetMs(ms: number, zone: string): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  // Luxon takes tens of microseconds per lookup, and a chart asks for thousands. Zone
  // transitions fall on whole quarter hours (UTC), so the offset is constant within each.
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  let offsets = OFFSET_CACHE.get(zone);
  if (!offsets) OFFSET_CACHE.set(zone, (offsets = new Map()));
  let offset = offsets.get(quarter);
  if (offset === undefined) {
    if (offsets.size >= OFFSET_CACHE_LIMIT) offsets.clear();
    offset = DateTime.fromMillis(quarter * QUARTER_HOUR_MS, { zone }).offset * 60_000;
    offsets.set(quarter, offset);
  }
  return offset;
}

const QUARTER_HOUR_MS = 15 * 60_000;
/** A bound on the cache: about three years of quarter hours per zone. */
const OFFSET_CACHE_LIMIT = 100_000;
const OFFSET_CACHE = new Map<string, Map<number, number>>();

/**
 * An integer with thousands separators (`1,180`), independent of the locale.
 *
 * @example
 * formatCount(-12345); // '-12,345'
 */
export function formatCount(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(value));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A signed number with a real minus sign, for changes (`+48`, `−30`).
 *
 * @example
 * formatSigned(-30); // '−30'
 */
export function formatSigned(value: number): string {
  if (value > 0) return `+${formatCount(value)}`;
  if (value < 0) return `−${formatCount(-value)}`;
  return '0';
}

/**
 * `1 observation`, `21 observations`.
 *
 * @example
 * plural(2, 'SKU'); // '2 SKUs'
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/**
 * Upper-cases the first character of a sentence fragment.
 *
 * @example
 * sentence('a person set …'); // 'A person set …'
 */
export function sentence(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}
