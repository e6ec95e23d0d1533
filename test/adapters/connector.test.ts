/**
 * A connector under test (`--connector`): the example WMS -> Shopify connector replayed on the
 * virtual clock against the mocked APIs, with hand-computed counts; a `rate_limit` on the link
 * into Shopify throttling its writes so the drift shows; webhooks subscribed through the mock
 * APIs and delivered to the connector's handler.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Connector } from '../../src/adapters/connector-runner.js';
import { connectorRun, loadConnector } from '../../src/adapters/connector-runner.js';
import { replay } from '../../src/sim/replay.js';
import { faults, incidentFrom, yamlIncident } from '../support/incident.js';
import { tempFolder } from '../support/temp.js';

const T = (hhmmss: string) => `2026-03-02T${hhmmss}Z`;
const obs = (time: string) => `{at: '${T(time)}', sku: A, counts: {wms: 0}}`;
const EXAMPLE = 'examples/connector/wms-to-shopify.ts';

/** WMS and storefront at 10; the WMS ships 3 at 00:05 and 2 at 00:20; one hour. The built-in link is never run. */
const scenario = () =>
  incidentFrom(
    yamlIncident({
      window: [T('00:00:00'), T('01:00:00')],
      systems: '[wms, storefront]',
      links: ['{from: wms, to: storefront, mode: event, carries: snapshot}'],
      movements: [`{at: '${T('00:05:00')}', system: wms, sku: A, type: shipment, qty: -3}`, `{at: '${T('00:20:00')}', system: wms, sku: A, type: shipment, qty: -2}`],
      observations: [obs('00:10:00'), obs('00:15:00'), obs('00:29:59'), obs('00:30:00'), obs('01:00:00')],
    }),
  );

const byName = (observed: number[][]) => observed.map(([wms, storefront]) => ({ wms, storefront }));

describe('connector runs', () => {
  it('the example connector sets the storefront to the WMS count at every 15-minute cycle', async () => {
    const incident = await scenario();
    const prepared = connectorRun(incident, await loadConnector(EXAMPLE), { faults: incident.faults });
    const report = await replay(prepared.incident, prepared.options);
    // The cycle at 00:15 runs after that instant's movements and before its observation.
    expect(byName(report.run.observed)).toEqual([
      { wms: 7, storefront: 10 },
      { wms: 7, storefront: 7 },
      { wms: 5, storefront: 7 },
      { wms: 5, storefront: 5 },
      { wms: 5, storefront: 5 },
    ]);
    expect(prepared.logs).toEqual([]);
    expect(report.run.stats.messages).toBe(0);
  });

  it('a rate_limit on the link into Shopify throttles the writes and the drift shows until the window frees', async () => {
    const incident = await scenario();
    const flags = faults(incident, 'rate_limit:link=wms->storefront,limit=1,per=1h');
    const prepared = connectorRun(incident, await loadConnector(EXAMPLE), { faults: flags });
    const report = await replay(prepared.incident, prepared.options);
    // Requests into the storefront: 00:00 item lookup (accepted, the one of this hour), then
    // every write at 00:00, 00:15, 00:30, 00:45 is throttled; at 01:00 the 00:00 request has
    // left the hour and the write goes through.
    expect(byName(report.run.observed)).toEqual([
      { wms: 7, storefront: 10 },
      { wms: 7, storefront: 10 },
      { wms: 5, storefront: 10 },
      { wms: 5, storefront: 10 },
      { wms: 5, storefront: 5 },
    ]);
    const codes = prepared.logs.filter((line) => line.code === 'HTTP_429').map((line) => line.atMs - incident.window.startMs);
    expect(codes).toEqual([0, 15, 30, 45].map((minutes) => minutes * 60_000));
    const skipped = prepared.logs.filter((line) => line.component === 'wms-to-shopify');
    expect(skipped).toHaveLength(4);
    expect(skipped[0]!.message).toBe('A not synced: Shopify: THROTTLED');
  });

  it('a timeout on the link into Shopify that lost the request leaves that cycle unsynced', async () => {
    const incident = await scenario();
    // Requests into the storefront: #1 lookup 00:00, #2 write 00:00, #3 write 00:15 (lost), #4 write 00:30.
    const flags = faults(incident, 'timeout:link=wms->storefront,nth=3,applied=false');
    const prepared = connectorRun(incident, await loadConnector(EXAMPLE), { faults: flags });
    const report = await replay(prepared.incident, prepared.options);
    expect(byName(report.run.observed)).toEqual([
      { wms: 7, storefront: 10 },
      { wms: 7, storefront: 10 },
      { wms: 5, storefront: 10 },
      { wms: 5, storefront: 5 },
      { wms: 5, storefront: 5 },
    ]);
    // Request #6 (the write at 01:00) times out too, with nothing left to change.
    expect(prepared.logs.map((line) => [(line.atMs - incident.window.startMs) / 60_000, line.code ?? line.message])).toEqual([
      [15, 'TIMEOUT'],
      [15, expect.stringMatching(/^A not synced: /)],
      [60, 'TIMEOUT'],
      [60, expect.stringMatching(/^A not synced: /)],
    ]);
  });

  it('loads a plain .js module with import(); jobs run at offset + k * every on the virtual clock', async () => {
    const file = join(tempFolder('drift-sim-connector-'), 'tick.mjs');
    writeFileSync(file, "export default { name: 'tick', jobs: [{ name: 'tick', every: '20m', offset: '5m', run(context) { context.log('tick'); } }] };\n");
    const incident = await scenario();
    const prepared = connectorRun(incident, await loadConnector(file));
    await replay(prepared.incident, prepared.options);
    expect(prepared.logs.map((line) => (line.atMs - incident.window.startMs) / 60_000)).toEqual([5, 25, 45]);
    expect(prepared.logs[0]).toMatchObject({ component: 'tick', level: 'info', message: 'tick' });
  });

  it('a job that throws is logged and the run goes on', async () => {
    const incident = await scenario();
    let runs = 0;
    const connector: Connector = { name: 'boom', jobs: [{ name: 'boom', every: '30m', run: () => { runs++; throw new Error('kaput'); } }] };
    const prepared = connectorRun(incident, connector);
    const report = await replay(prepared.incident, prepared.options);
    expect(runs).toBe(3);
    expect(prepared.logs.map((line) => line.code)).toEqual(['CONNECTOR_ERROR', 'CONNECTOR_ERROR', 'CONNECTOR_ERROR']);
    expect(report.run.observed).toHaveLength(5);
  });

  it('rejects a module that breaks the contract', async () => {
    const file = join(tempFolder('drift-sim-connector-'), 'bad.mjs');
    writeFileSync(file, "export default { name: 'bad', jobs: [{ name: 'j', every: 'often', run() {} }] };\n");
    await expect(loadConnector(file)).rejects.toThrow(/jobs\[0\]\.every must be a positive duration/);
  });

  it('refuses link faults that only describe the built-in links', async () => {
    const incident = await scenario();
    const flags = faults(incident, 'webhook_drop:link=wms->storefront,nth=2');
    expect(() => connectorRun(incident, { name: 'x' }, { faults: flags })).toThrow(/only rate_limit and timeout/);
  });

  it('delivers the WMS change webhooks to the connector handler, subscribed through the WMS API', async () => {
    const incident = await scenario();
    const seen: { event: string; occurredAt: string; signed: boolean }[] = [];
    const connector: Connector = {
      name: 'hooks',
      webhooks: {
        wms: async (request) => {
          const body = (await request.json()) as { type: string; occurredAt: string };
          seen.push({ event: body.type, occurredAt: body.occurredAt, signed: (request.headers.get('X-WMS-Signature') ?? '').startsWith('sha256=') });
        },
      },
    };
    const prepared = connectorRun(incident, connector);
    await replay(prepared.incident, prepared.options);
    expect(seen).toEqual([
      { event: 'inventory.changed', occurredAt: T('00:05:00'), signed: true },
      { event: 'inventory.changed', occurredAt: T('00:20:00'), signed: true },
    ]);
  });
});
