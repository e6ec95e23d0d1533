/**
 * Goal: the streaming fast paths agree with the general parsers: `parseTimeFast` gives
 * exactly `parseTime`'s answer for any text (fast path or not), and `parseIntegerText`
 * accepts exactly the signed decimal integers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimeFast } from '../../src/io/fast-time.js';
import { parseIntegerText } from '../../src/io/field-values.js';
import { parseTime } from '../../src/sim/time.js';

describe('parseTimeFast', () => {
  it('reads the common UTC forms', () => {
    expect(parseTimeFast('2026-03-02T09:00:00Z')).toBe(Date.UTC(2026, 2, 2, 9));
    expect(parseTimeFast('2024-02-29T23:59:59.999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(parseTimeFast('1969-12-31T23:59:59Z')).toBe(-1000);
  });

  it('refuses impossible dates and zone-less times, like parseTime', () => {
    for (const text of ['2026-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-03-02T24:00:00Z', '2026-03-02T09:00:00', '2026-03-02T09:00:00.5xZ']) {
      expect(parseTimeFast(text)).toBeUndefined();
    }
  });

  it('agrees with parseTime on every instant from 1900 to 2200, with and without milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), fc.boolean(), (ms, withMs) => {
        const iso = new Date(withMs ? ms : ms - (((ms % 1000) + 1000) % 1000)).toISOString();
        const text = withMs ? iso : iso.replace('.000Z', 'Z');
        expect(parseTimeFast(text)).toBe(parseTime(text));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('agrees with parseTime on near-miss texts', () => {
    const digit = fc.constantFrom(...'0123456789');
    const chars = fc.constantFrom(...'0123456789-T:.Z+z ');
    // Valid shapes with random digits (impossible months and days included), and random noise.
    const shaped = fc
      .tuple(fc.array(digit, { minLength: 14, maxLength: 14 }), fc.boolean())
      .map(([d, withMs]) => `${d.slice(0, 4).join('')}-${d[4]}${d[5]}-${d[6]}${d[7]}T${d[8]}${d[9]}:${d[10]}${d[11]}:${d[12]}${d[13]}${withMs ? '.123' : ''}Z`);
    const noise = fc.array(chars, { minLength: 18, maxLength: 26 }).map((list) => list.join(''));
    fc.assert(
      fc.property(fc.oneof(shaped, noise), (text) => {
        expect(parseTimeFast(text)).toBe(parseTime(text));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('parseIntegerText', () => {
  it('reads signed decimal integers and nothing else', () => {
    expect(parseIntegerText('-3')).toBe(-3);
    expect(parseIntegerText('+12')).toBe(12);
    expect(parseIntegerText('0')).toBe(0);
    expect(Object.is(parseIntegerText('-0'), 0)).toBe(true);
    for (const text of ['', '-', '3.0', '1e3', '0x1F', ' 3', '3 ', 'three', '99999999999999999999']) expect(parseIntegerText(text)).toBeNaN();
  });

  it('agrees with Number on every safe integer written in decimal', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (value) => {
        expect(parseIntegerText(String(value))).toBe(value);
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});
