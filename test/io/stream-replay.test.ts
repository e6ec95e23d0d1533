/**
 * The streamed replay (reading the movement file while the engine replays what has arrived)
 * gives what load-then-replay gives, byte for byte: the same `replay --json` document, the
 * same incident, and on bad input the same problems. Streaming is forced on small files
 * (`streamMinBytes: 0`) with small ranges and a short lag, so the engine runs many steps
 * behind the reader; the reader runs on this thread (`thread: false`) except in the one test
 * that starts the built worker (`npm run build`).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadIncident } from '../../src/io/load-incident.js';
import { InputError } from '../../src/io/problems.js';
import { type FileReplayOptions, replayFile } from '../../src/io/stream-replay.js';
import { collectSkus } from '../../src/io/stream-movements.js';
import { writeIncidentFiles } from '../../src/io/write-incident-files.js';
import { replayToJson, stringifyJson } from '../../src/report/json.js';
import { rerunCommand } from '../../src/report/rerun.js';
import type { Incident } from '../../src/sim/model.js';
import { replay } from '../../src/sim/replay.js';
import { tempFolder } from '../support/temp.js';

const folder = tempFolder('drift-sim-stream-');
const SCENARIOS = join(import.meta.dirname, '..', '..', 'scenarios');
const STREAM: FileReplayOptions = { streamMinBytes: 0, thread: false, rangeBytes: 600, lagMs: 10 * 60_000 };

/** The JSON `replay --json` prints, or the problems a bad file gives. */
function json(path: string, incident: Incident, report: Awaited<ReturnType<typeof replay>>): string {
  return stringifyJson(replayToJson(incident, incident.faults, report, rerunCommand(path, [], [])));
}

/** Load-then-replay, as `replay` did before streaming. */
async function loadThenReplay(path: string, extraFaults: string[] = []): Promise<{ json: string; incident: Incident } | { problems: unknown }> {
  try {
    const incident = await loadIncident(path, { extraFaults });
    return { json: json(path, incident, await replay(incident, { faults: incident.faults })), incident };
  } catch (error) {
    if (error instanceof InputError) return { problems: error.problems };
    throw error;
  }
}

async function streamed(path: string, options: FileReplayOptions = STREAM): Promise<{ json: string; incident: Incident; how: string; reason?: string } | { problems: unknown }> {
  try {
    const result = await replayFile(path, options);
    return { json: json(path, result.incident, result.report), incident: result.incident, how: result.how, ...(result.reason ? { reason: result.reason } : {}) };
  } catch (error) {
    if (error instanceof InputError) return { problems: error.problems };
    throw error;
  }
}

/** The incident with its movements as objects (stores compare by content). */
const plain = (incident: Incident) => ({ ...incident, movements: [...incident.movements] });

function expectSame(actual: Awaited<ReturnType<typeof streamed>>, expected: Awaited<ReturnType<typeof loadThenReplay>>): void {
  if ('problems' in expected) {
    expect(actual).toEqual(expected);
    return;
  }
  if ('problems' in actual) throw new Error(`streamed replay failed: ${JSON.stringify(actual.problems)}`);
  expect(actual.json).toBe(expected.json);
  expect(plain(actual.incident)).toEqual(plain(expected.incident));
}

const START_MS = Date.UTC(2026, 2, 2);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function writeCase(name: string, yaml: string[], lines: readonly string[]): string {
  writeFileSync(join(folder, `${name}.ndjson`), lines.join('\n') + '\n');
  const path = join(folder, `${name}.yaml`);
  writeFileSync(path, [...yaml, `movements: {file: ${name}.ndjson}`, ''].join('\n'));
  return path;
}

const HEADER = [
  'version: 1',
  'name: stream',
  `window: {start: '${iso(START_MS)}', end: '${iso(START_MS + 2 * 86_400_000)}'}`,
  'systems: [wms, erp, storefront]',
  'links:',
  '  - {from: wms, to: erp, mode: batch, every: 15m, carries: snapshot}',
  '  - {from: erp, to: storefront, mode: event, carries: delta, latency: 2s}',
  '  - {from: storefront, to: erp, mode: event, carries: delta, latency: 1s, types: [order]}',
];

/** `count` lines a minute apart (plus `jitterMs` of jitter), SKUs S-0..S-5 and, from line `lateFrom`, L-0..L-2. */
function movementLines(count: number, lateFrom = count): string[] {
  return Array.from({ length: count }, (_, index) => {
    const sku = index >= lateFrom && index % 3 === 0 ? `L-${index % 9 === 0 ? 0 : 1}` : `S-${index % 6}`;
    const at = iso(START_MS + index * 60_000 + ((index * 7919) % 5) * 1000);
    return index % 4 === 0
      ? `{"at":"${at}","system":"storefront","sku":"${sku}","type":"order","qty":-1,"ref":"#${1000 + (index % 50)}"}`
      : `{"at":"${at}","system":"wms","sku":"${sku}","type":"${index % 4 === 1 ? 'receipt' : 'shipment'}","qty":${index % 4 === 1 ? 5 : -1},"ref":"SO-${index}"}`;
  });
}

describe('the streamed replay', () => {
  it('gives load-then-replay\'s JSON and incident for every scenario, its records in NDJSON side files', async () => {
    const hows: string[] = [];
    for (const file of readdirSync(SCENARIOS).filter((name) => name.endsWith('.yaml'))) {
      const incident = await loadIncident(join(SCENARIOS, file));
      const path = join(folder, `scenario-${file}`);
      await writeIncidentFiles(path, incident, 0);
      const actual = await streamed(path);
      expectSame(actual, await loadThenReplay(path));
      hows.push('how' in actual ? `${actual.how}${actual.reason ? ` (${actual.reason})` : ''}` : 'problems');
    }
    // Every scenario streams (some replay again after a repeat was turned away); none falls back.
    expect(hows.filter((how) => !how.startsWith('streamed'))).toEqual([]);
    expect(hows.length).toBeGreaterThan(10);
  });

  it('matches load-then-replay over generated incidents: jitter, recurring refs, late SKUs, faults in the file', async () => {
    const counts = new Map<string, number>();
    const lineArbitrary = fc.record({
      minute: fc.integer({ min: 0, max: 2 * 1440 - 1 }),
      jitterMs: fc.integer({ min: -90_000, max: 90_000 }),
      system: fc.constantFrom('wms', 'erp', 'storefront'),
      sku: fc.constantFrom('MUG-01', 'CAP-02', 'BAG-9', 'Zeta'),
      kind: fc.integer({ min: 0, max: 5 }),
      ref: fc.integer({ min: 0, max: 30 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArbitrary, { minLength: 1, maxLength: 160, size: 'large' }),
        fc.array(fc.constantFrom('NEW-1', 'NEW-2', 'éclair'), { maxLength: 3 }),
        fc.boolean(),
        fc.constantFrom('none', 'adjust', 'duplicate', 'cadence'),
        fc.integer({ min: 0, max: 3 }),
        async (rows, lateSkus, idempotent, fault, observations) => {
          // Nearly in time order: sorted by minute, then jittered by up to 90 s either way.
          const sorted = [...rows].sort((a, b) => a.minute - b.minute);
          const lines = sorted.map((row, index) => {
            const atMs = Math.min(START_MS + 2 * 86_400_000, Math.max(START_MS, START_MS + row.minute * 60_000 + row.jitterMs));
            // SKUs first seen in the last rows.
            const late = lateSkus[index - (sorted.length - lateSkus.length)];
            const sku = late ?? row.sku;
            const ref = row.kind % 2 === 0 ? `,"ref":"R-${row.ref % 6}"` : '';
            return row.kind === 5
              ? `{"at":"${iso(atMs)}","system":"${row.system}","sku":"${sku}","type":"cycle_count","count":${row.ref}${ref},"actor":"user:dana"}`
              : `{"at":"${iso(atMs)}","system":"${row.system}","sku":"${sku}","type":"${row.kind < 2 ? 'receipt' : 'shipment'}","qty":${row.kind < 2 ? 1 + row.ref : -1 - (row.ref % 3)}${ref}}`;
          });
          const yaml = [
            ...HEADER.slice(0, 4),
            'initial: {CAP-02: {wms: 10, erp: 10}}',
            'links:',
            `  - {from: wms, to: erp, mode: batch, every: 30m, carries: delta, idempotent: ${idempotent}}`,
            `  - {from: erp, to: storefront, mode: event, carries: delta, latency: 1m, idempotent: ${idempotent}}`,
            `  - {from: storefront, to: erp, mode: event, carries: delta, latency: 30s, idempotent: ${idempotent}}`,
            'observations:',
            ...Array.from({ length: observations }, (_, index) => `  - {at: '${iso(START_MS + (index + 1) * 12 * 3_600_000)}', sku: MUG-01, counts: {wms: ${index}, erp: 0}}`),
            ...(observations === 0 ? ['  []'] : []),
            ...(fault === 'adjust' ? ['faults:', `  - {kind: unpropagated_adjustment, system: wms, sku: CAP-02, at: '${iso(START_MS + 20 * 3_600_000)}', delta: -4}`] : []),
            ...(fault === 'duplicate' ? ['faults:', '  - {kind: duplicate_delivery, link: erp->storefront, above: 1/1h}'] : []),
            ...(fault === 'cadence' ? ['faults:', '  - {kind: cadence, link: wms->erp, every: 3h}'] : []),
          ];
          const path = writeCase('generated', yaml, lines);
          const actual = await streamed(path);
          expectSame(actual, await loadThenReplay(path));
          const how = 'how' in actual ? `${actual.how}${actual.reason?.startsWith('a delivery') ? ', again' : ''}` : `problems ${JSON.stringify(actual.problems)}`;
          counts.set(how, (counts.get(how) ?? 0) + 1);
        },
      ),
      { seed: 20261202, numRuns: 60 },
    );
    // Jitter stays well inside the lag: nothing falls back, and some runs turned a repeat away.
    expect([...counts.keys()].filter((how) => !how.startsWith('streamed'))).toEqual([]);
    expect(counts.get('streamed') ?? 0).toBeGreaterThan(0);
    expect(counts.get('streamed, again') ?? 0).toBeGreaterThan(0);
  });

  it('falls back for a row that lands before rows already replayed, with the same answer', async () => {
    const lines = movementLines(300);
    // A row two hours before its neighbours near the end: far behind the 10-minute lag.
    lines.splice(250, 0, `{"at":"${iso(START_MS + 130 * 60_000)}","system":"wms","sku":"S-1","type":"receipt","qty":9,"ref":"LATE"}`);
    const path = writeCase('late', HEADER, lines);
    const actual = await streamed(path);
    expect(actual).toMatchObject({ how: 'fell back', reason: expect.stringMatching(/^a row at/) });
    expectSame(actual, await loadThenReplay(path));
    // With a lag longer than the row is late, it streams.
    expect(await streamed(path, { ...STREAM, lagMs: 3 * 3_600_000 })).toMatchObject({ how: 'streamed' });
  });

  it('falls back for a SKU the first pass did not see, with the same answer', async () => {
    const lines = movementLines(200, 120);
    // A repeated key: JSON.parse keeps the last, the first pass read the first.
    lines.splice(150, 0, `{"sku":"S-1","at":"${iso(START_MS + 150 * 60_000)}","system":"wms","sku":"HIDDEN","type":"receipt","qty":3}`);
    const path = writeCase('hidden-sku', HEADER, lines);
    const actual = await streamed(path);
    expect(actual).toMatchObject({ how: 'fell back', reason: expect.stringContaining('HIDDEN') });
    expectSame(actual, await loadThenReplay(path));
  });

  it('falls back for a bad line in the middle: the same problems, as load-then-replay reports them', async () => {
    const lines = movementLines(300, 100);
    lines.splice(150, 0, 'not json', `{"at":"${iso(START_MS)}","system":"nowhere","sku":"S-1","type":"receipt","qty":1}`);
    const path = writeCase('bad-line', HEADER, lines);
    const actual = await streamed(path);
    expect(actual).toHaveProperty('problems');
    expectSame(actual, await loadThenReplay(path));
    // The problems name the side file and both lines.
    const problems = (actual as { problems: { file: string; line?: number }[] }).problems;
    expect(problems.map((problem) => problem.line)).toEqual([151, 152]);
  });

  it('falls back for a problem outside the movements, and for a --fault naming no SKU of the incident', async () => {
    const path = writeCase('bad-observation', [...HEADER, 'observations:', "  - {at: '2026-03-02T05:00:00Z', sku: S-1, counts: {nowhere: 1}}"], movementLines(100));
    expectSame(await streamed(path), await loadThenReplay(path));
    const good = writeCase('bad-flag', HEADER, movementLines(100));
    const flag = ['unpropagated_adjustment:system=wms,sku=NOPE,at=2026-03-02T05:00:00Z,delta=1'];
    const actual = await streamed(good, { ...STREAM, extraFaults: flag });
    expect(actual).toHaveProperty('problems');
    expect(actual).toEqual(await loadThenReplay(good, flag));
  });

  it('applies starting counts like replay --starting-count, and reports a bad one the same way', async () => {
    const path = writeCase('starting', HEADER, movementLines(200, 50));
    const result = await replayFile(path, { ...STREAM, startingCounts: ['erp:S-1=-5'] });
    expect(result.how).toBe('streamed');
    const loaded = await loadIncident(path);
    const { withStartingCounts } = await import('../../src/sim/starting-counts.js');
    const { readStartingCounts } = await import('../../src/io/read-starting-counts.js');
    const incident = withStartingCounts(loaded, readStartingCounts(loaded, ['erp:S-1=-5']));
    expect(json(path, result.incident, result.report)).toBe(json(path, incident, await replay(incident, { faults: incident.faults })));
    await expect(replayFile(path, { ...STREAM, startingCounts: ['erp:NOPE=1'] })).rejects.toThrow(InputError);
  });

  it('streams on the worker thread of the build, rows handed over in shared memory', async () => {
    const path = writeCase('thread', HEADER, movementLines(2800, 2000));
    const actual = await streamed(path, { ...STREAM, thread: true, stream: true, rangeBytes: 16_384 });
    expect(actual).toMatchObject({ how: 'streamed' });
    expectSame(actual, await loadThenReplay(path));
    expect((actual as { incident: Incident }).incident.movements.atMs.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('keeps load-then-replay for small files, an undeclared window and inline movements', async () => {
    const path = writeCase('small', HEADER, movementLines(50));
    expect((await replayFile(path, { thread: false })).how).toBe('loaded');
    expect((await replayFile(path, { ...STREAM, stream: false })).how).toBe('loaded');
    const undeclared = writeCase('undeclared', [HEADER[0]!, HEADER[1]!, ...HEADER.slice(3)], movementLines(50));
    const actual = await streamed(undeclared);
    expect(actual).toMatchObject({ how: 'loaded' });
    expectSame(actual, await loadThenReplay(undeclared));
  });

  it('collects the SKUs of a file larger than its read buffer, a line longer than the buffer included, and cuts it at line starts', async () => {
    const skus = ['A-1', 'b "quoted"', 'éclair', '42', 'Z-9'];
    const lines: string[] = [];
    for (let index = 0; index < 30_000; index++) {
      const sku = skus[index % skus.length]!;
      const value = sku === '42' ? '42' : JSON.stringify(sku);
      lines.push(index === 777 ? `{"sku":"LONG","ref":"${'x'.repeat(1_500_000)}"}` : index % 1000 === 5 ? `{"sku": "SPACED-${index % 3}"}` : `{"at":"2026-03-02T00:00:00Z","sku":${value},"ref":"R-${index}"}`);
    }
    const text = lines.join('\n');
    const path = join(folder, 'collect.ndjson');
    writeFileSync(path, text);
    const encoded = Buffer.from(text);
    const bytes = encoded.length;
    const expected = [...new Set(lines.map((line) => String((JSON.parse(line) as { sku: unknown }).sku)))].sort();
    const starts = new Set([0, bytes]);
    for (let at = encoded.indexOf(10); at >= 0; at = encoded.indexOf(10, at + 1)) starts.add(at + 1);
    const whole = await collectSkus(path, 100_000);
    expect([...whole.names].sort()).toEqual(expected);
    expect(whole.cuts[0]).toBe(0);
    expect(whole.cuts.at(-1)).toBe(bytes);
    for (const cut of whole.cuts) expect(starts.has(cut)).toBe(true);
    expect(whole.cuts.length).toBeGreaterThan(bytes / 2_000_000);
    // In two parts, from a line's start: the same SKUs between them, cuts that continue.
    const middle = whole.cuts[Math.floor(whole.cuts.length / 2)]!;
    const first = await collectSkus(path, 100_000, { start: 0, end: middle });
    const second = await collectSkus(path, 100_000, { start: middle, end: bytes });
    expect([...new Set([...first.names, ...second.names])].sort()).toEqual(expected);
    expect(first.cuts.at(-1)).toBe(middle);
    expect(second.cuts[0]).toBe(middle);
    expect(second.cuts.at(-1)).toBe(bytes);
  });
});
