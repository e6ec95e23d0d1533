/**
 * Helpers for the io tests: run the loader and get its problems, and edit one line of a
 * small incident so each test states exactly what it broke.
 */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { LoadOptions } from '../../src/io/load-incident.js';
import { loadIncidentFromText } from '../../src/io/load-incident.js';
import type { Problem } from '../../src/io/problems.js';
import { InputError } from '../../src/io/problems.js';

/** The problems loading `text` reports; fails the test when it loads. */
export async function problemsOf(text: string, fileName = 'tiny.yaml', options: LoadOptions = {}): Promise<Problem[]> {
  try {
    await loadIncidentFromText(text, fileName, options);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected the incident to be rejected, but it loaded');
}

/**
 * A small valid incident; tests replace single lines (1-based, as problems count them).
 * Line 9 is movements[0], line 10 movements[1], line 12 observations[0].
 */
export const TINY_LINES = [
  'version: 1',
  'name: tiny',
  "window: {start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z'}",
  'systems: [wms, erp, storefront]',
  'links:',
  '- {from: wms, to: erp, mode: batch, every: 15m}',
  '- {from: erp, to: storefront, mode: event}',
  'movements:',
  "- {at: '2026-03-02T10:00:00Z', system: wms, sku: MUG-01, type: shipment, qty: -1}",
  "- {at: '2026-03-02T11:00:00Z', system: wms, sku: CAP-02, type: receipt, qty: 5}",
  'observations:',
  "- {at: '2026-03-02T12:00:00Z', sku: MUG-01, counts: {wms: 39, erp: 39}}",
] as const;

export const TINY = `${TINY_LINES.join('\n')}\n`;

/** TINY with line `line` (1-based) replaced, and extra lines appended. */
export function tinyWith(replacements: Record<number, string>, ...extra: string[]): string {
  const lines: string[] = [...TINY_LINES];
  for (const [line, text] of Object.entries(replacements)) lines[Number(line) - 1] = text;
  return `${[...lines, ...extra].join('\n')}\n`;
}

/** The 1-based column where `needle` starts in `line`: positions written against the text itself. */
export function columnOf(line: string, needle: string): number {
  const index = line.indexOf(needle);
  if (index < 0) throw new Error(`${JSON.stringify(needle)} is not in ${JSON.stringify(line)}`);
  return index + 1;
}

/** The fixture folder, absolute, so tests do not depend on the working directory. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/io/', import.meta.url));
