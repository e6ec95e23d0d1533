/**
 * The export time reader against hand-computed instants (America/Chicago is UTC-6 in
 * winter, UTC-5 from 2026-03-08 02:00 local; Europe/Berlin UTC+1).
 */
import { describe, expect, it } from 'vitest';
import { ExportTimeReader } from '../../src/import/export-time.js';

const ms = (iso: string) => Date.parse(iso);

describe('ExportTimeReader', () => {
  const chicago = new ExportTimeReader('America/Chicago');

  it('reads zoned ISO, Shopify offsets and local times', () => {
    expect(chicago.read('2026-03-07T15:02:11Z')).toBe(ms('2026-03-07T15:02:11Z'));
    expect(chicago.read('2026-03-07T15:02:11.123Z')).toBe(ms('2026-03-07T15:02:11.123Z'));
    expect(chicago.read('2026-03-07T10:15:32+01:00')).toBe(ms('2026-03-07T09:15:32Z'));
    expect(chicago.read('2026-03-07 10:15:32 -0600')).toBe(ms('2026-03-07T16:15:32Z'));
    expect(chicago.read('2026-03-07 10:15:32')).toBe(ms('2026-03-07T16:15:32Z'));
    expect(chicago.read('2026-03-07T10:15')).toBe(ms('2026-03-07T16:15:00Z'));
    expect(chicago.read('2026-03-07')).toBe(ms('2026-03-07T06:00:00Z'));
  });

  it('follows the daylight-saving change within a day', () => {
    expect(chicago.read('2026-03-08 01:30:00')).toBe(ms('2026-03-08T07:30:00Z'));
    expect(chicago.read('2026-03-08 03:30:00')).toBe(ms('2026-03-08T08:30:00Z'));
    expect(chicago.read('2026-03-09 09:00:00')).toBe(ms('2026-03-09T14:00:00Z'));
  });

  it("reads NetSuite's dates and times, in either date order", () => {
    expect(chicago.read('3/7/2026')).toBe(ms('2026-03-07T06:00:00Z'));
    expect(chicago.read('3/7/2026 9:05 am')).toBe(ms('2026-03-07T15:05:00Z'));
    expect(chicago.read('3/7/2026 12:05 am')).toBe(ms('2026-03-07T06:05:00Z'));
    expect(chicago.read('3/7/2026 12:05 PM')).toBe(ms('2026-03-07T18:05:00Z'));
    expect(chicago.read('3/7/2026 21:05')).toBe(ms('2026-03-08T03:05:00Z'));
    expect(new ExportTimeReader('Europe/Berlin', 'D/M/YYYY').read('7/3/2026 9:05 am')).toBe(ms('2026-03-07T08:05:00Z'));
  });

  it('NaN for what is no time; zoneless set for a local time with no zone to read it in', () => {
    for (const text of ['', 'yesterday', '2026-02-30 10:00:00', '13/7/2026', '3/7/2026 13:05 pm', '2026-03-07T25:00:00Z']) {
      expect(chicago.read(text), text).toBeNaN();
      expect(chicago.zoneless, text).toBe(false);
    }
    const none = new ExportTimeReader(undefined);
    expect(none.read('2026-03-07 10:15:32')).toBeNaN();
    expect(none.zoneless).toBe(true);
    expect(none.read('2026-03-07 10:15:32 -0600')).toBe(ms('2026-03-07T16:15:32Z'));
    expect(none.zoneless).toBe(false);
  });
});
