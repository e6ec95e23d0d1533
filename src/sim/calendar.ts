/**
 * Zone-aware calendar arithmetic for `daily` interventions and `pausedOn` cadences.
 *
 * `timezone` (an IANA name) decides which weekday an instant falls on and which instants
 * `daily: "09:00"` means. Luxon does the zone rules; nothing here reads the wall clock.
 */
import { DateTime, IANAZone } from 'luxon';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** True when `zone` is an IANA zone name the runtime knows (or `UTC`). */
export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The weekday (`mon`..`sun`) of an instant in a zone. */
export function weekdayAt(ms: number, zone: string): Weekday {
  const weekday = DateTime.fromMillis(ms, { zone }).weekday; // 1 = Monday
  return WEEKDAYS[weekday - 1]!;
}

/** Parses `HH:MM` (24-hour) into minutes after midnight, or undefined. */
export function parseClock(text: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/**
 * Every instant in [startMs, endMs] that is `minutesAfterMidnight` local time in `zone`, in
 * increasing order. A local time skipped by a daylight-saving jump resolves as Luxon does
 * (shifted forward); a repeated one takes its first occurrence.
 */
export function dailyInstants(startMs: number, endMs: number, minutesAfterMidnight: number, zone: string): number[] {
  const instants: number[] = [];
  let day = DateTime.fromMillis(startMs, { zone }).startOf('day').minus({ days: 1 });
  const limit = 100_000;
  for (let index = 0; index < limit; index++) {
    const instant = day
      .set({ hour: Math.floor(minutesAfterMidnight / 60), minute: minutesAfterMidnight % 60, second: 0, millisecond: 0 })
      .toMillis();
    if (instant > endMs) break;
    if (instant >= startMs) instants.push(instant);
    day = day.plus({ days: 1 });
  }
  return instants;
}
