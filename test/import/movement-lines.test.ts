/**
 * The movement lines the import writes as bytes: hand-written expected lines for the usual
 * shapes and for what must be escaped (quotes, backslashes, control characters, non-ASCII,
 * lone surrogates), times with milliseconds, before 1970 and out of order, lines across the
 * 1 MiB chunk boundary and a line longer than a chunk; and a property (fixed seed, 200
 * cases) that every line is `JSON.stringify` of the movement as an object.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentBuilder, SourceStats } from '../../src/import/incident-builder.js';
import { LineFileWriter } from '../../src/import/line-file-writer.js';
import type { MovementType, SystemDef } from '../../src/sim/model.js';

const SEED = 20261202;
const systems = [{ name: 'wms', kind: 'wms' }, { name: 'erp "main"', kind: 'erp' }] as unknown as SystemDef[];
const openWindow = { startMs: -Infinity, endMs: Infinity };

interface Movement {
  atMs: number;
  system: number;
  sku: string;
  type: MovementType;
  value: number;
  absolute: boolean;
  ref?: string;
  actor?: string;
}

let folder: string;
let fileNumber = 0;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'movement-lines-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** The side file the builder writes for these movements, as text. */
async function written(movements: readonly Movement[]): Promise<string> {
  const path = join(folder, `movements-${fileNumber++}.ndjson`);
  const movementWriter = await LineFileWriter.open(path);
  const logWriter = await LineFileWriter.open(`${path}.logs`);
  const builder = new IncidentBuilder(systems, openWindow, movementWriter, logWriter);
  const stats = new SourceStats();
  for (const m of movements) builder.movement(stats, m.atMs, m.system, m.sku, m.type, m.value, m.absolute, m.ref, m.actor);
  await movementWriter.close();
  await logWriter.abort();
  return readFile(path, 'utf8');
}

const at = (iso: string) => Date.parse(iso);

describe('IncidentBuilder movement lines', () => {
  it('writes the usual shapes as the incident format does', async () => {
    const text = await written([
      { atMs: at('2026-03-07T15:00:05Z'), system: 0, sku: 'MUG-01', type: 'shipment', value: -2, absolute: false, ref: 'SO-1', actor: 'user:dana.w' },
      { atMs: at('2026-03-07T15:00:59Z'), system: 0, sku: 'MUG-01', type: 'cycle_count', value: 140, absolute: true },
      { atMs: at('2026-03-07T15:01:00Z'), system: 1, sku: 'CAP-RED', type: 'adjustment', value: 0, absolute: false, ref: '' },
      { atMs: at('2026-03-07T14:59:09Z'), system: 0, sku: 'MUG-01', type: 'receipt', value: 1234567890123, absolute: false },
      { atMs: at('2026-03-07T14:59:09.250Z'), system: 0, sku: 'MUG-01', type: 'return', value: 3, absolute: false },
      { atMs: -1000, system: 0, sku: 'MUG-01', type: 'return', value: -0, absolute: false },
    ]);
    expect(text).toBe(
      [
        '{"at":"2026-03-07T15:00:05Z","system":"wms","sku":"MUG-01","type":"shipment","qty":-2,"ref":"SO-1","actor":"user:dana.w"}',
        '{"at":"2026-03-07T15:00:59Z","system":"wms","sku":"MUG-01","type":"cycle_count","count":140}',
        '{"at":"2026-03-07T15:01:00Z","system":"erp \\"main\\"","sku":"CAP-RED","type":"adjustment","qty":0,"ref":""}',
        '{"at":"2026-03-07T14:59:09Z","system":"wms","sku":"MUG-01","type":"receipt","qty":1234567890123}',
        '{"at":"2026-03-07T14:59:09.250Z","system":"wms","sku":"MUG-01","type":"return","qty":3}',
        '{"at":"1969-12-31T23:59:59Z","system":"wms","sku":"MUG-01","type":"return","qty":0}',
        '',
      ].join('\n'),
    );
  });

  it('escapes what JSON escapes and writes the rest as UTF-8', async () => {
    const text = await written([
      { atMs: at('2026-03-07T15:00:00Z'), system: 0, sku: 'Tasse "groß"', type: 'shipment', value: -1, absolute: false, ref: 'A\\B\t😀\ud800', actor: 'user:Zoë' },
    ]);
    expect(text).toBe('{"at":"2026-03-07T15:00:00Z","system":"wms","sku":"Tasse \\"groß\\"","type":"shipment","qty":-1,"ref":"A\\\\B\\t😀\\ud800","actor":"user:Zoë"}\n');
  });

  it('keeps every line whole across chunks, and writes a line longer than a chunk', async () => {
    // About 6 MiB: chunks are written and filled again several times.
    const many: Movement[] = [];
    for (let index = 0; index < 60_000; index++) {
      many.push({ atMs: at('2026-03-07T00:00:00Z') + index * 1000, system: 0, sku: `SKU-${index % 7}`, type: 'shipment', value: -1, absolute: false, ref: `REF-${index}` });
    }
    many.push({ atMs: at('2026-03-08T00:00:00Z'), system: 0, sku: 'LONG', type: 'receipt', value: 5, absolute: false, ref: 'é'.repeat(1_500_000) });
    many.push({ atMs: at('2026-03-08T00:00:01Z'), system: 0, sku: 'LAST', type: 'receipt', value: 1, absolute: false });
    const lines = (await written(many)).split('\n');
    expect(lines).toHaveLength(60_003);
    expect(lines[19_999]).toBe('{"at":"2026-03-07T05:33:19Z","system":"wms","sku":"SKU-0","type":"shipment","qty":-1,"ref":"REF-19999"}');
    expect(lines[59_999]).toBe('{"at":"2026-03-07T16:39:59Z","system":"wms","sku":"SKU-2","type":"shipment","qty":-1,"ref":"REF-59999"}');
    for (let index = 0; index < 60_000; index++) {
      if (!lines[index]!.endsWith(`"sku":"SKU-${index % 7}","type":"shipment","qty":-1,"ref":"REF-${index}"}`)) expect.fail(`line ${index + 1}: ${lines[index]!.slice(0, 200)}`);
    }
    expect(lines[60_000]).toBe(`{"at":"2026-03-08T00:00:00Z","system":"wms","sku":"LONG","type":"receipt","qty":5,"ref":"${'é'.repeat(1_500_000)}"}`);
    expect(lines[60_001]).toBe('{"at":"2026-03-08T00:00:01Z","system":"wms","sku":"LAST","type":"receipt","qty":1}');
    expect(lines[60_002]).toBe('');
  });

  it('every line is JSON.stringify of the movement (200 cases)', async () => {
    const types: MovementType[] = ['shipment', 'receipt', 'return', 'adjustment', 'cycle_count', 'order', 'cancel'];
    const movementArbitrary = fc.record({
      atMs: fc.oneof(fc.integer({ min: -86_400_000, max: 253_402_300_799_999 }), fc.integer({ min: 1_772_000_000, max: 1_773_000_000 }).map((s) => s * 1000)),
      system: fc.integer({ min: 0, max: 1 }),
      sku: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
      type: fc.constantFrom(...types),
      value: fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.maxSafeInteger(), fc.constant(Number.MIN_SAFE_INTEGER)),
      absolute: fc.boolean(),
      ref: fc.option(fc.string({ unit: 'binary', maxLength: 20 }), { nil: undefined }),
      actor: fc.option(fc.constantFrom('user:dana.w', 'integration', 'user:Zoë "Z"'), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(movementArbitrary, { minLength: 1, maxLength: 30 }), async (movements) => {
        const expected = movements.map((m) => {
          const iso = new Date(m.atMs).toISOString();
          return `${JSON.stringify({
            at: iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso,
            system: systems[m.system]!.name,
            sku: m.sku,
            type: m.type,
            [m.absolute ? 'count' : 'qty']: m.value,
            ...(m.ref !== undefined ? { ref: m.ref } : {}),
            ...(m.actor !== undefined ? { actor: m.actor } : {}),
          })}\n`;
        });
        expect(await written(movements)).toBe(expected.join(''));
      }),
      { seed: SEED, numRuns: 200, endOnFailure: true },
    );
  });
});
