/**
 * The columnar observation and log stores: records go in as objects (or stream in through
 * the loader's sinks) and come back the same, sorted by time with ties in the order given,
 * unobserved systems still undefined and absent log fields still absent; SKU indices can be
 * remapped in place; a file read by the loader gives the very store `from` builds of the
 * same records; and both stores reach worker threads (shared) and cluster workers (wire).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveIncident, shareIncident } from '../../src/adapters/shared-movements.js';
import { decodeIncident, encodeIncident } from '../../src/cluster/wire.js';
import { loadIncident } from '../../src/io/load-incident.js';
import { LogStore, LogStoreBuilder } from '../../src/sim/log-store.js';
import type { LogLevel, LogLine, Observation } from '../../src/sim/model.js';
import { ObservationStore, ObservationStoreBuilder } from '../../src/sim/observation-store.js';
import { formatTime } from '../../src/sim/time.js';

const PARAMETERS = { seed: 20261202, numRuns: 200 } as const;
const FILE_PARAMETERS = { seed: 20261202, numRuns: 25 } as const;
const SYSTEMS = ['wms', 'erp', 'storefront'] as const;
const LEVELS: readonly LogLevel[] = ['error', 'warn', 'info'];
const START_MS = Date.UTC(2026, 2, 2);

/** `records` in time order, ties in the order given (what a stable sort by time gives). */
function sortedByTime<T extends { atMs: number }>(records: readonly T[]): T[] {
  return records
    .map((record, order) => ({ record, order }))
    .sort((a, b) => a.record.atMs - b.record.atMs || a.order - b.order)
    .map(({ record }) => record);
}

/** A store's columns with typed arrays as plain arrays (shared and plain memory compare alike). */
function plain(columns: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(columns).map(([name, column]) => [name, ArrayBuffer.isView(column) ? Array.from(column as Float64Array) : column]));
}

/** Few distinct times, so ties are common. */
const timeArbitrary = fc.integer({ min: 0, max: 12 }).map((step) => START_MS + step * 3_600_000);

const observationArbitrary = (systems: number, skus: number, atLeastOne: boolean): fc.Arbitrary<Observation> =>
  fc
    .record({
      atMs: timeArbitrary,
      sku: fc.integer({ min: 0, max: skus - 1 }),
      counts: fc.array(fc.option(fc.integer({ min: -1_000_000, max: 1_000_000 }), { nil: undefined }), { minLength: systems, maxLength: systems }),
    })
    .filter((observation) => !atLeastOne || observation.counts.some((count) => count !== undefined))
    // fc.record makes objects without a prototype; the store gives plain ones.
    .map(({ atMs, sku, counts }) => ({ atMs, sku, counts }));

const optionalText = (text: fc.Arbitrary<string>) => fc.option(text, { nil: undefined });

const logLineArbitrary = (components: readonly string[], text: fc.Arbitrary<string>): fc.Arbitrary<LogLine> =>
  fc
    .record({
      atMs: timeArbitrary,
      component: fc.constantFrom(...components),
      level: fc.constantFrom(...LEVELS),
      code: optionalText(text),
      sku: optionalText(text),
      message: optionalText(text),
    })
    .map(({ code, sku, message, ...line }) => ({
      ...line,
      ...(code !== undefined ? { code } : {}),
      ...(sku !== undefined ? { sku } : {}),
      ...(message !== undefined ? { message } : {}),
    }));

describe('ObservationStore', () => {
  it('gives back the records sorted by time, ties in input order, unobserved systems undefined', () => {
    fc.assert(
      fc.property(fc.array(observationArbitrary(3, 5, false), { maxLength: 60 }), (records) => {
        const store = ObservationStore.from(records, { systems: 3 });
        const sorted = sortedByTime(records);
        expect(store.length).toBe(records.length);
        expect([...store]).toStrictEqual(sorted);
        sorted.forEach((record, index) => {
          expect(store.atMs[index]).toBe(record.atMs);
          expect(store.sku[index]).toBe(record.sku);
          record.counts.forEach((count, system) => expect(store.count(index, system)).toBe(count));
        });
      }),
      PARAMETERS,
    );
  });

  it('remaps SKU indices in place, and a builder remaps them as it finishes', () => {
    const caseArbitrary = fc.integer({ min: 1, max: 6 }).chain((skus) =>
      fc.record({
        records: fc.array(observationArbitrary(2, skus, false), { maxLength: 40 }),
        remap: fc.shuffledSubarray([...Array(skus).keys()], { minLength: skus, maxLength: skus }),
      }),
    );
    fc.assert(
      fc.property(caseArbitrary, ({ records, remap }) => {
        const map = Int32Array.from(remap);
        const expected = sortedByTime(records).map((record) => ({ ...record, sku: remap[record.sku]! }));
        const store = ObservationStore.from(records, { systems: 2 });
        const column = store.sku;
        store.remapSkus(map);
        expect(store.sku).toBe(column);
        expect([...store]).toStrictEqual(expected);
        const builder = new ObservationStoreBuilder(2);
        for (const record of records) builder.add(record);
        expect([...builder.finish({ skuRemap: map })]).toStrictEqual(expected);
      }),
      PARAMETERS,
    );
  });

  it('counts a row of the longest counts given when not told the number of systems', () => {
    const store = ObservationStore.from([
      { atMs: 2, sku: 0, counts: [1] },
      { atMs: 1, sku: 1, counts: [undefined, undefined, 3] },
    ]);
    expect(store.systems).toBe(3);
    expect(store.at(0)).toStrictEqual({ atMs: 1, sku: 1, counts: [undefined, undefined, 3] });
    expect(store.at(-1)).toStrictEqual({ atMs: 2, sku: 0, counts: [1, undefined, undefined] });
    expect(store.count(0, 7)).toBeUndefined();
    expect(() => store.at(2)).toThrow(RangeError);
  });
});

describe('LogStore', () => {
  it('gives back the lines sorted by time, ties in input order, absent fields absent', () => {
    fc.assert(
      fc.property(fc.array(logLineArbitrary(['wms', 'erp', 'wms->erp'], fc.string({ maxLength: 8, unit: 'grapheme' })), { maxLength: 60 }), (lines) => {
        const store = LogStore.from(lines);
        const sorted = sortedByTime(lines);
        expect(store.length).toBe(lines.length);
        expect([...store]).toStrictEqual(sorted);
        sorted.forEach((line, index) => {
          expect(store.levelAt(index)).toBe(line.level);
          expect(store.componentAt(index)).toBe(line.component);
          expect(store.codeAt(index)).toBe(line.code);
          expect(store.skuAt(index)).toBe(line.sku);
          expect(store.messageAt(index)).toBe(line.message);
        });
        // The columns depend on the lines only, not on the order they came in.
        expect(plain(store.columns())).toStrictEqual(plain(LogStore.from(sorted).columns()));
      }),
      PARAMETERS,
    );
  });

  it('keeps a repeated text once', () => {
    const builder = new LogStoreBuilder();
    for (let index = 0; index < 1000; index++) builder.push(START_MS + index, 'wms->erp', 'error', 'HTTP_429', undefined, 'rate limited');
    const store = builder.finish();
    expect(store.length).toBe(1000);
    expect(store.strings).toEqual(['wms->erp', 'HTTP_429', 'rate limited']);
    expect(store.skuAt(999)).toBeUndefined();
  });
});

describe('the streamed loader', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'drift-sim-store-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const skuNames = ['MUG-01', 'CAP-02', 'BAG-03', 'TEE-04'];
  const text = fc.stringMatching(/^[A-Za-z0-9_:-]([A-Za-z0-9 _:./-]{0,14}[A-Za-z0-9_:-])?$/);
  const fileCase = fc.record({
    observations: fc.array(observationArbitrary(SYSTEMS.length, skuNames.length, true), { minLength: 1, maxLength: 40 }),
    logs: fc.array(logLineArbitrary([...SYSTEMS, 'wms->erp', 'erp->storefront'], text), { maxLength: 40 }),
  });

  it('gives the store `from` gives for the same records (NDJSON side files, in file order)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fileCase, async ({ observations, logs }) => {
        const name = `case-${run++}`;
        const observationLines = observations.map((observation) =>
          JSON.stringify({
            at: formatTime(observation.atMs),
            sku: skuNames[observation.sku],
            counts: Object.fromEntries(observation.counts.flatMap((count, system) => (count === undefined ? [] : [[SYSTEMS[system], count]]))),
          }),
        );
        const logLines = logs.map((line) => JSON.stringify({ ...line, atMs: undefined, at: formatTime(line.atMs) }));
        await writeFile(join(folder, `${name}.observations.ndjson`), `${observationLines.join('\n')}\n`);
        await writeFile(join(folder, `${name}.logs.ndjson`), logLines.length > 0 ? `${logLines.join('\n')}\n` : '');
        const yaml = [
          'version: 1',
          `name: ${name}`,
          `window: {start: '${formatTime(START_MS)}', end: '${formatTime(START_MS + 86_400_000)}'}`,
          `systems: [${SYSTEMS.join(', ')}]`,
          'links:',
          '- {from: wms, to: erp, mode: event}',
          '- {from: erp, to: storefront, mode: event}',
          `observations: {file: ${name}.observations.ndjson}`,
          `logs: {file: ${name}.logs.ndjson}`,
          '',
        ].join('\n');
        const path = join(folder, `${name}.yaml`);
        await writeFile(path, yaml);
        const incident = await loadIncident(path);

        // The loader numbers SKUs by their place in the sorted table.
        const index = new Map(incident.skus.map((entry, position) => [entry.sku, position]));
        const expected = ObservationStore.from(
          observations.map((observation) => ({ ...observation, sku: index.get(skuNames[observation.sku]!)! })),
          { systems: SYSTEMS.length },
        );
        expect(plain(incident.observations.columns())).toStrictEqual(plain(expected.columns()));
        expect(plain(incident.logs.columns())).toStrictEqual(plain(LogStore.from(logs).columns()));
        expect([...incident.logs]).toStrictEqual(sortedByTime(logs));
      }),
      FILE_PARAMETERS,
    );
  });
});

describe('crossing to other threads and machines', () => {
  const fixture = join(fileURLToPath(new URL('../fixtures/io', import.meta.url)), 'side-files.yaml');

  it('a worker thread reads the same observation and log columns (shared memory, not copies)', async () => {
    const incident = await loadIncident(fixture);
    const hand = { ...incident, observations: ObservationStore.from([...incident.observations]), logs: LogStore.from([...incident.logs]) };
    for (const source of [incident, hand]) {
      // structuredClone is the copy `workerData` gets.
      const received = receiveIncident(structuredClone(shareIncident(source)));
      expect(received.observations).toBeInstanceOf(ObservationStore);
      expect(received.logs).toBeInstanceOf(LogStore);
      expect(received.observations.counts.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(received.logs.message.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect([...received.observations]).toStrictEqual([...incident.observations]);
      expect([...received.logs]).toStrictEqual([...incident.logs]);
    }
  });

  it('the cluster wire brings back the same observations and logs', async () => {
    const incident = await loadIncident(fixture);
    expect(incident.observations.length).toBeGreaterThan(0);
    expect(incident.logs.length).toBeGreaterThan(0);
    const encoded = encodeIncident(incident);
    const decoded = decodeIncident(encoded.hash, encoded.bytes);
    expect(decoded.observations).toBeInstanceOf(ObservationStore);
    expect([...decoded.observations]).toStrictEqual([...incident.observations]);
    expect([...decoded.logs]).toStrictEqual([...incident.logs]);
  });
});
