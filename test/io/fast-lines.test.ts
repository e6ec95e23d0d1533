/**
 * The fast NDJSON movement path keeps exactly what the general path (JSON.parse and the
 * movement checks) keeps, and every line it declines still gets its problem: random files
 * mixing valid lines with near misses (escapes, fractions, unknown or repeated keys, null,
 * empty text, numbers for text, spaces, times in other forms, non-ASCII) load to the same
 * incident, or fail with the same problems, either way.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadIncident } from '../../src/io/load-incident.js';
import { InputError } from '../../src/io/problems.js';
import { tempFolder } from '../support/temp.js';

const folder = tempFolder('drift-sim-fast-lines-');
const INCIDENT = [
  'version: 1',
  'name: fast-lines',
  "window: {start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z'}",
  'systems: [wms, erp, storefront]',
  'movements: {file: movements.ndjson}',
].join('\n');

/** Field texts, valid ones and near misses, as they appear after `"key":`. */
const VALUES: Record<string, string[]> = {
  at: ['"2026-03-02T09:00:00Z"', '"2026-03-02T10:30:00.250Z"', '"2026-03-02T10:00:00+01:00"', '"2026-03-02T09:00:00"', '"2026-03-04T09:00:00Z"', '"2026-02-30T09:00:00Z"', '""', 'null', '12'],
  system: ['"wms"', '"erp"', '"storefront"', '"shop"', '""', '"w\\u006ds"', 'null', '3'],
  sku: ['"MUG-01"', '"CAP-02"', '"TEE-\\"X\\""', '"CAFÉ-1"', '""', '12345', '"mug-01"', 'null'],
  type: ['"shipment"', '"receipt"', '"cycle_count"', '"manual_set"', '"Shipment"', '"order"', 'null'],
  qty: ['-2', '5', '0', '-0', '1.5', '1e2', '"3"', '01', '123456789012345678', 'null', '-'],
  count: ['40', '0', '-3', '"40"', 'null'],
  ref: ['"SO-1"', '"PO-2"', '""', '"注文-1"', '"a\\nb"', '5512', 'null', 'true'],
  actor: ['"user:dana"', '"system"', '"integration"', '"user:"', '"robot"', 'null', '""'],
  sync: ['true', 'false', 'null', '"false"', '""', '0'],
  extra: ['1'],
};

const fieldArbitrary = fc.constantFrom(...Object.keys(VALUES)).chain((key) => fc.constantFrom(...VALUES[key]!).map((value) => ({ key, value })));

/** One line: a usual movement, or a random set of fields, with random spacing. */
const lineArbitrary = fc.oneof(
  fc.record({ sku: fc.constantFrom('"MUG-01"', '"CAP-02"', '"BAG-9"'), qty: fc.constantFrom('-1', '-2', '7'), ref: fc.constantFrom('"SO-1"', '"SO-2"', 'null') }).map(
    ({ sku, qty, ref }) => `{"at":"2026-03-02T09:00:00Z","system":"wms","sku":${sku},"type":"shipment","qty":${qty},"ref":${ref}}`,
  ),
  fc.tuple(fc.array(fieldArbitrary, { minLength: 3, maxLength: 9 }), fc.constantFrom('', ' ', '\t'), fc.boolean()).map(([fields, space, base]) => {
    const chosen = base ? [{ key: 'at', value: '"2026-03-02T12:00:00Z"' }, { key: 'system', value: '"wms"' }, { key: 'sku', value: '"MUG-01"' }, { key: 'type', value: '"receipt"' }, { key: 'qty', value: '3' }, ...fields] : fields;
    return `{${space}${chosen.map(({ key, value }) => `"${key}":${space}${value}`).join(`,${space}`)}${space}}`;
  }),
  fc.constantFrom('', '   ', 'not json', '[1]', '{}', '{"at":"2026-03-02T09:00:00Z"', '\r'),
);

async function outcome(path: string, fastLines: boolean): Promise<unknown> {
  try {
    const incident = await loadIncident(path, { fastLines });
    return { ...incident, movements: [...incident.movements] };
  } catch (error) {
    if (error instanceof InputError) return { problems: error.problems };
    throw error;
  }
}

describe('the fast NDJSON movement path', () => {
  it('keeps the same movements, in the same order, with the same SKU table', async () => {
    const path = join(folder, 'usual.yaml');
    writeFileSync(path, `${INCIDENT}\n`);
    writeFileSync(
      join(folder, 'movements.ndjson'),
      [
        '{"at":"2026-03-02T09:00:00Z","system":"wms","sku":"MUG-01","type":"shipment","qty":-2,"ref":"SO-1"}',
        '{"at":"2026-03-02T08:00:00Z","system":"storefront","sku":"CAP-02","type":"order","qty":-1,"ref":"#55"}',
        '{"at": "2026-03-02T09:00:00Z", "system": "erp", "sku": "MUG-01", "type": "cycle_count", "count": 40, "actor": "user:dana", "sync": false}',
        '{"at":"2026-03-02T07:00:00.500Z","system":"wms","sku":"BAG-9","type":"receipt","qty":12,"ref":"PO-7","actor":"system"}',
      ].join('\n'),
    );
    const fast = await loadIncident(path);
    expect(fast.skus.map((item) => item.sku)).toEqual(['BAG-9', 'CAP-02', 'MUG-01']);
    expect([...fast.movements].map((movement) => `${movement.atMs % 86_400_000} ${movement.system} ${movement.sku} ${movement.type} ${movement.value} ${movement.ref} ${movement.actor} ${movement.sync}`)).toEqual([
      '25200500 0 0 receipt 12 PO-7 system true',
      '28800000 2 1 order -1 #55 undefined true',
      '32400000 0 2 shipment -2 SO-1 undefined true',
      '32400000 1 2 cycle_count 40 undefined user:dana false',
    ]);
    expect(await outcome(path, true)).toEqual(await outcome(path, false));
  });

  it('agrees with the general path on random files of valid lines and near misses (property, seed 1010)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(lineArbitrary, { minLength: 2, maxLength: 12 }), fc.constantFrom('\n', '\r\n'), async (lines, newline) => {
        const name = `random-${run++}`;
        writeFileSync(join(folder, `${name}.ndjson`), lines.join(newline));
        const path = join(folder, `${name}.yaml`);
        writeFileSync(path, `${INCIDENT.replace('movements.ndjson', `${name}.ndjson`)}\n`);
        const [fast, general] = [await outcome(path, true), await outcome(path, false)];
        expect(fast).toEqual(general);
      }),
      { seed: 1010, numRuns: 300 },
    );
  });
});
