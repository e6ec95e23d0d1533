/**
 * Reading a movement file in two halves on two threads gives what one read gives: the same
 * movements in the same order (rows of the second half earlier than the first's are moved
 * back), the same SKU table, and on bad input the same problems with the same lines and
 * record indices, under the same cap of problems per file. The halves are forced on small
 * files and a busy machine (`parallel: true, parallelMinBytes: 0`); the worker thread runs
 * the build (`npm run build`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadIncident } from '../../src/io/load-incident.js';
import { InputError } from '../../src/io/problems.js';
import { tempFolder } from '../support/temp.js';

const folder = tempFolder('drift-sim-parts-');
const INCIDENT = (file: string) =>
  ['version: 1', 'name: parts', "window: {start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z'}", 'systems: [wms, erp, storefront]', `movements: {file: ${file}}`, ''].join('\n');

async function outcome(path: string, parallel: boolean): Promise<unknown> {
  try {
    const incident = await loadIncident(path, parallel ? { parallel: true, parallelMinBytes: 0 } : { parallel: false });
    return { ...incident, movements: [...incident.movements] };
  } catch (error) {
    if (error instanceof InputError) return { problems: error.problems };
    throw error;
  }
}

function write(name: string, lines: readonly string[]): string {
  writeFileSync(join(folder, `${name}.ndjson`), lines.join('\n'));
  const path = join(folder, `${name}.yaml`);
  writeFileSync(path, INCIDENT(`${name}.ndjson`));
  return path;
}

const time = (minute: number) => `2026-03-02T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`;

/** A valid line at `minute`, or one of the near misses the general path words a problem for. */
const lineArbitrary = fc.tuple(fc.integer({ min: 0, max: 1439 }), fc.constantFrom('MUG-01', 'CAP-02', 'BAG-9', 'TEE-4'), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 999 })).map(
  ([minute, sku, kind, ref]) =>
    kind === 0
      ? `{"at":"${time(minute)}","system":"shop","sku":"${sku}","type":"shipment","qty":-1}`
      : kind === 1
        ? 'not json'
        : kind === 2
          ? ''
          : kind === 3
            ? `{"at":"${time(minute)}","system":"erp","sku":"${sku}","type":"cycle_count","count":4,"actor":"user:dana","ref":"注文-${ref}"}`
            : `{"at":"${time(minute)}","system":"wms","sku":"${sku}","type":"receipt","qty":${ref},"ref":"PO-${ref}"}`,
);

describe('reading a movement file in two halves', () => {
  it('keeps the rows, their order across the cut and the SKU table of one read', async () => {
    // Times fall back across the middle: the second half starts earlier than the first ends.
    const lines = Array.from({ length: 400 }, (_, index) => `{"at":"${time(index < 200 ? 600 + index : 700 + (index % 7))}","system":"wms","sku":"S-${index % 13}","type":"shipment","qty":-1,"ref":"SO-${index}"}`);
    const path = write('cut', lines);
    const parallel = (await outcome(path, true)) as { movements: { ref: string }[] };
    expect(parallel).toEqual(await outcome(path, false));
    expect(parallel.movements.map((movement) => movement.ref).slice(100, 103)).toEqual(['SO-100', 'SO-203', 'SO-210']);
  });

  it('reports the problems of both halves with the lines and indices of one read, capped at 200 a file', async () => {
    const lines = Array.from({ length: 600 }, (_, index) => (index % 2 === 0 ? 'not json' : `{"at":"${time(index)}","system":"shop","sku":"A","type":"shipment","qty":-1}`));
    const path = write('problems', lines);
    const parallel = (await outcome(path, true)) as { problems: { line?: number; path: string; found: string }[] };
    expect(parallel).toEqual(await outcome(path, false));
    expect(parallel.problems).toHaveLength(201);
    expect(parallel.problems[200]!.found).toBe('400 more problems in this file');
  });

  it('agrees with one read on random files (property, seed 2026)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(lineArbitrary, { minLength: 2, maxLength: 40 }), async (lines) => {
        const path = write(`random-${run++}`, lines);
        expect(await outcome(path, true)).toEqual(await outcome(path, false));
      }),
      { seed: 2026, numRuns: 25 },
    );
  });
});
