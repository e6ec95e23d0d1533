/**
 * Goal: movements, observations and logs kept in CSV and NDJSON side files load like inline
 * ones: columns mapped onto the spec's fields, unsorted rows sorted by time with ties in
 * file order, and problems placed at the file's own line (and CSV column).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIncident } from '../../src/io/load-incident.js';
import { MovementSink } from '../../src/io/movement-sink.js';
import { ProblemList } from '../../src/io/problem-list.js';
import { SkuInterner } from '../../src/io/sku-interner.js';
import { streamCsv, streamNdjson } from '../../src/io/stream-records.js';
import type { InputError } from '../../src/io/problems.js';
import type { Movement } from '../../src/sim/model.js';
import { FIXTURES } from './io-helpers.js';

const at = (iso: string): number => Date.parse(iso);

/**
 * export-movements.{csv,ndjson} hold, in file order: MUG-01 shipment 12:00, CAP-02 receipt
 * 09:00, CAP-02 order 12:00 (storefront), MUG-01 cycle_count 09:00, MUG-01 adjustment
 * 10:30+01:00 (erp). Sorted by time with ties in file order, and with SKUs CAP-02 = 0,
 * MUG-01 = 1 and systems wms 0, erp 1, storefront 2, that is:
 */
const SORTED: Omit<Movement, 'sync'>[] = [
  { atMs: at('2026-03-02T09:00:00Z'), system: 0, sku: 0, type: 'receipt', value: 10, absolute: false, ref: 'PO-1' },
  { atMs: at('2026-03-02T09:00:00Z'), system: 0, sku: 1, type: 'cycle_count', value: 37, absolute: true, actor: 'user:dana' },
  { atMs: at('2026-03-02T09:30:00Z'), system: 1, sku: 1, type: 'adjustment', value: 3, absolute: false, ref: 'ADJ-9', actor: 'system' },
  { atMs: at('2026-03-02T12:00:00Z'), system: 0, sku: 1, type: 'shipment', value: -2, absolute: false, ref: 'SO-3' },
  { atMs: at('2026-03-02T12:00:00Z'), system: 2, sku: 0, type: 'order', value: -1, absolute: false, ref: '#55' },
];

async function problemsOfFile(file: string) {
  return loadIncident(file).then(
    () => {
      throw new Error(`${file} loaded`);
    },
    (error: InputError) => error.problems,
  );
}

describe('a CSV export with a column mapping', () => {
  it('maps the columns, sorts by time and keeps ties in file order', async () => {
    const incident = await loadIncident(join(FIXTURES, 'movements-csv.yaml'));
    expect(incident.skus).toEqual([{ sku: 'CAP-02' }, { sku: 'MUG-01' }]);
    expect([...incident.movements]).toEqual(SORTED.map((movement) => ({ ...movement, sync: true })));
  });
});

describe('an NDJSON export with a key mapping', () => {
  it('maps the keys, skips blank lines, reads sync and null, sorts with ties in file order', async () => {
    const incident = await loadIncident(join(FIXTURES, 'movements-ndjson.yaml'));
    // Only the storefront order says sync: false; `"doc": null` is a left-out ref.
    expect([...incident.movements]).toEqual(SORTED.map((movement, index) => ({ ...movement, sync: index !== 4 })));
  });
});

describe('observations in CSV and logs in NDJSON', () => {
  it('reads one CSV column per system (mapped or by name), an empty cell as not observed', async () => {
    const incident = await loadIncident(join(FIXTURES, 'side-files.yaml'));
    expect([...incident.observations]).toEqual([
      { atMs: at('2026-03-02T06:00:00Z'), sku: 0, counts: [undefined, 0, undefined] },
      { atMs: at('2026-03-02T18:00:00Z'), sku: 1, counts: [36, 39, undefined] },
      { atMs: at('2026-03-02T18:00:00Z'), sku: 0, counts: [9, 9, undefined] },
    ]);
  });

  it('reads log lines, normalises a spaced link name and sorts them by time', async () => {
    const incident = await loadIncident(join(FIXTURES, 'side-files.yaml'));
    expect([...incident.logs]).toEqual([
      { atMs: at('2026-03-02T08:00:00Z'), component: 'storefront', level: 'info', message: 'webhook subscription renewed' },
      {
        atMs: at('2026-03-02T09:15:00Z'),
        component: 'wms->erp',
        level: 'error',
        code: 'TIMEOUT',
        sku: 'MUG-01',
        message: 'POST /inventory timed out after 30s',
      },
    ]);
  });
});

describe('problems in side files', () => {
  it('gives NDJSON problems their line, and checks keys strictly without a mapping', async () => {
    const file = join(FIXTURES, 'bad-movements.ndjson');
    const problems = await problemsOfFile(join(FIXTURES, 'bad-movements-ndjson.yaml'));
    expect(problems.every((problem) => problem.file === file)).toBe(true);
    expect(problems.map((problem) => [problem.line, problem.path, problem.found])).toEqual([
      [2, 'movements[1].at', 'a time without a zone ("2026-03-02T10:00:00")'],
      [3, 'movements[2]', expect.stringMatching(/^invalid JSON/)],
      [4, 'movements[3].system', '"shop"'],
      [5, 'movements[4]', 'a list of 2'],
      [6, 'movements[5].qty', '0'],
      [7, 'movements[6].qtty', 'unknown field "qtty"'],
      [7, 'movements[6].qty', 'nothing (it is required)'],
    ]);
  });

  it('gives CSV problems their line and column, and reports an unknown header and a short row', async () => {
    const file = join(FIXTURES, 'bad-movements.csv');
    const problems = await problemsOfFile(join(FIXTURES, 'bad-movements-csv.yaml'));
    expect(problems).toEqual([
      {
        file,
        line: 1,
        column: 6,
        path: 'movements (header)',
        expected: 'a field of a movement (at, system, sku, type, qty, count, ref, actor, sync)',
        found: 'unknown column "note"',
      },
      { file, line: 3, column: 5, path: 'movements[1].qty', expected: 'a signed non-zero integer', found: '"abc"' },
      { file, line: 4, path: 'movements[2]', expected: '6 columns, like the header', found: '3 columns' },
      {
        file,
        line: 5,
        column: 1,
        path: 'movements[3].at',
        expected: 'a time inside the window 2026-03-02T00:00:00Z .. 2026-03-03T00:00:00Z',
        found: '"2026-03-04T12:00:00Z"',
      },
    ]);
  });
});

describe('the stream readers', () => {
  it.each([
    ['NDJSON', streamNdjson],
    ['CSV', streamCsv],
  ] as const)('%s rejects with the read error of a path it cannot read, rather than crashing or ending early', async (_name, stream) => {
    const sink = new MovementSink(new Map([['wms', 0]]), new SkuInterner(), { startMs: -Infinity, endMs: Infinity });
    await expect(stream({ path: FIXTURES, displayPath: FIXTURES, format: 'ndjson' }, sink, new ProblemList())).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
