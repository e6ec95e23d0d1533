/**
 * The public API of `drift-sim` (src/index.ts) on small hand-written incidents, with counts
 * worked out by hand: loading from a path, text and an object; validation without throwing;
 * replay with `--fault`-style strings, a trace and the http transport; emitting an incident
 * from a scenario; and serve as a function.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitIncident, InputError, loadIncident, loadIncidentFromObject, loadIncidentFromText, parseFault, replay, serve, validateIncident, type TraceEvent } from '../../src/index.js';
import { tempFolder } from '../support/temp.js';

/** WMS at 10 units, a 15-minute batch into the storefront; the WMS ships 3 at 00:05 and 2 at 00:20. */
const document = {
  version: 1,
  name: 'library-case',
  window: { start: '2026-03-02T00:00:00Z', end: '2026-03-02T01:00:00Z' },
  systems: { wms: { kind: 'wms' }, storefront: { kind: 'shopify' } },
  initial: { 'MUG-01': 10 },
  links: [{ from: 'wms', to: 'storefront', mode: 'batch', every: '15m' }],
  movements: [
    { at: '2026-03-02T00:05:00Z', system: 'wms', sku: 'MUG-01', type: 'shipment', qty: -3, ref: 'SO-1' },
    { at: '2026-03-02T00:20:00Z', system: 'wms', sku: 'MUG-01', type: 'shipment', qty: -2, ref: 'SO-2' },
  ],
  observations: [
    { at: '2026-03-02T00:10:00Z', sku: 'MUG-01', counts: { wms: 7, storefront: 10 } },
    { at: '2026-03-02T00:15:00Z', sku: 'MUG-01', counts: { wms: 7, storefront: 7 } },
    { at: '2026-03-02T00:30:00Z', sku: 'MUG-01', counts: { wms: 5, storefront: 5 } },
  ],
};

describe('drift-sim as a library', () => {
  it('loads the same incident from an object, from text and from a path', async () => {
    const fromObject = await loadIncidentFromObject(document);
    const folder = tempFolder('drift-sim-library-');
    writeFileSync(join(folder, 'case.json'), JSON.stringify(document));
    const fromPath = await loadIncident(join(folder, 'case.json'));
    const fromText = await loadIncidentFromText(JSON.stringify(document), 'case.json');
    for (const incident of [fromPath, fromText]) {
      expect({ ...incident, sourcePath: undefined }).toEqual({ ...fromObject, sourcePath: undefined });
    }
    expect(fromObject.movements.length).toBe(2);
    expect(fromObject.skus).toEqual([{ sku: 'MUG-01' }]);
  });

  it('validates without throwing, with every problem', async () => {
    const broken = { ...document, name: 'Bad Name', links: [{ from: 'wms', to: 'nowhere', mode: 'batch', every: '15m' }] };
    const checked = await validateIncident({ document: broken, fileName: 'broken.json' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map((problem) => problem.path).sort()).toEqual(['links[0].to', 'name']);
    expect(checked.problems.every((problem) => problem.file === 'broken.json' && problem.line !== undefined)).toBe(true);
    await expect(loadIncidentFromObject(broken)).rejects.toBeInstanceOf(InputError);
    expect((await validateIncident({ document })).ok).toBe(true);
  });

  it('replays with faults given as --fault values, and traces every event', async () => {
    const incident = await loadIncidentFromObject(document);
    const plain = await replay(incident);
    expect(plain.summary).toMatchObject({ observations: 3, matched: 3, reproduces: true });

    // Every cycle paused on Monday (2026-03-02 is a Monday): the storefront stays at 10.
    const events: TraceEvent[] = [];
    const paused = await replay(incident, { faults: ['cadence:link=wms->storefront,pausedOn=mon'], trace: (event) => events.push(event) });
    expect(paused.run.observed.map(([wms, storefront]) => [wms, storefront])).toEqual([
      [7, 10],
      [7, 10],
      [5, 10],
    ]);
    expect(paused.summary.mismatched).toBe(2);
    expect(events.filter((event) => event.event === 'movement')).toHaveLength(2);
    expect(events.filter((event) => event.event === 'cycle' && event.skipped === 'paused')).toHaveLength(5);
    expect(() => parseFault('cadence:link=wms->nowhere,every=1h', incident)).toThrow(InputError);
  });

  it('gives the same counts through the mocked APIs (transport http)', async () => {
    const incident = await loadIncidentFromObject(document);
    const viaHttp = await replay(incident, { transport: 'http' });
    expect(viaHttp.run.observed).toEqual((await replay(incident)).run.observed);
  });

  it('emits the incident a scenario would have recorded', async () => {
    const scenario = await loadIncidentFromObject({ ...document, observations: [], faults: [{ kind: 'manual_override', system: 'storefront', sku: 'MUG-01', at: '2026-03-02T00:40:00Z', delta: -4 }] });
    const recorded = await emitIncident(scenario, '30m');
    expect(recorded.faults).toEqual([]);
    // 00:00: 10/10; 00:30: 5/5; 01:00: the override took 4 from the storefront at 00:40 and the batch carries nothing new.
    expect(Array.from(recorded.observations, (observation) => observation.counts)).toEqual([
      [10, 10],
      [5, 5],
      [5, 1],
    ]);
    await expect(emitIncident(scenario, 'soon')).rejects.toBeInstanceOf(InputError);
  });

  it('serves the mocked APIs over HTTP with a frozen clock', async () => {
    const incident = await loadIncidentFromObject(document);
    const session = await serve(incident);
    try {
      const read = async () => ((await (await fetch(`${session.baseUrl}/wms/inventory/MUG-01`, { headers: { Authorization: 'Bearer drift-sim' } })).json()) as { quantity: number }).quantity;
      expect(await read()).toBe(10);
      await session.advance(15 * 60_000);
      expect(await read()).toBe(7);
      expect(session.counts()).toEqual({ wms: { 'MUG-01': 7 }, storefront: { 'MUG-01': 7 } });
    } finally {
      await session.close();
    }
  });
});
