/**
 * Goal: `drift-sim serve`'s session replays the scenario on a frozen virtual clock, moves only
 * through `POST /_control/advance`, and shows the replayed counts through every mocked API;
 * a connector's own call changes the count the replay goes on from.
 *
 * Hand computation (scenarios/weekend-batch-gap.yaml, BOTTLE-STEEL-1L, 300 everywhere at
 * 2026-03-13T00:00Z; wms->erp batch every 6h at 01:00, 07:00, 13:00...; erp->storefront poll
 * every 30m):
 * - 09:00: the WMS shipped 3 (08:25): wms 297; erp and storefront still 300 (the 07:00 batch
 *   had nothing pending).
 * - 13:00: 26 more shipped by 12:42 (09:06 -4, 09:15 -2, 09:21 -1, 09:45 -1, 10:42 -4,
 *   11:03 -2, 11:04 -1, 11:34 -2, 11:50 -4, 11:59 -2, 12:42 -4 = -27 from 297): wms 270; the
 *   13:00 batch sets erp 270 and the 13:00 poll right after sets the storefront 270.
 */
import { createAdminApiClient } from '@shopify/admin-api-client';
import { afterEach, describe, expect, it } from 'vitest';
import { shopifyFetch } from '../../mocks/index.js';
import type { ServeSession } from '../../src/cli/serve.js';
import { startServeSession } from '../../src/cli/serve.js';
import { loadIncident } from '../../src/io/load-incident.js';

describe('serve session', () => {
  let session: ServeSession | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('replays on a frozen clock advanced through the control endpoint, visible through every API', async () => {
    const incident = await loadIncident('scenarios/weekend-batch-gap.yaml');
    session = await startServeSession(incident, { host: '127.0.0.1', port: 0, speed: 0, accessToken: 'tok', appSecret: 'sec' });
    const base = session.baseUrl;
    expect(session.systems.map((system) => [system.name, system.url])).toEqual([
      ['wms', `${base}/wms`],
      ['erp', `${base}/erp`],
      ['storefront', `${base}/storefront`],
    ]);

    const wms = async () => ((await (await fetch(`${base}/wms/inventory/BOTTLE-STEEL-1L`, { headers: { Authorization: 'Bearer tok' } })).json()) as { quantity: number }).quantity;
    const erp = async () => {
      const response = await fetch(`${base}/erp/services/rest/query/v1/suiteql`, {
        method: 'POST',
        headers: { Authorization: 'Bearer tok', Prefer: 'transient', 'Content-Type': 'application/json' },
        body: JSON.stringify({
          q: "SELECT inventoryitemlocations.quantityavailable FROM item JOIN inventoryitemlocations ON inventoryitemlocations.item = item.id WHERE item.itemid = 'BOTTLE-STEEL-1L'",
        }),
      });
      return Number(((await response.json()) as { items: { quantityavailable: string }[] }).items[0]!.quantityavailable);
    };
    const shopify = createAdminApiClient({ storeDomain: 'storefront.myshopify.com', apiVersion: '2026-01', accessToken: 'tok', customFetchApi: shopifyFetch(`${base}/storefront`) });
    const storefront = async () => {
      const result = await shopify.request(`{ inventoryItems(first: 1, query: "sku:BOTTLE-STEEL-1L") { nodes { inventoryLevel(locationId: "gid://shopify/Location/1") { quantities(names: ["available"]) { quantity } } } } }`);
      return (result.data as { inventoryItems: { nodes: { inventoryLevel: { quantities: { quantity: number }[] } }[] } }).inventoryItems.nodes[0]!.inventoryLevel.quantities[0]!.quantity;
    };

    expect([await wms(), await erp(), await storefront()]).toEqual([300, 300, 300]);

    const advanced = await fetch(`${base}/_control/advance`, { method: 'POST', body: JSON.stringify({ ms: '9h' }) });
    expect(await advanced.json()).toMatchObject({ now: '2026-03-13T09:00:00Z', counts: { wms: { 'BOTTLE-STEEL-1L': 297 }, erp: { 'BOTTLE-STEEL-1L': 300 } } });
    expect([await wms(), await erp(), await storefront()]).toEqual([297, 300, 300]);

    const numeric = await fetch(`${base}/_control/advance`, { method: 'POST', body: JSON.stringify({ ms: 4 * 3_600_000 }) });
    expect(numeric.status).toBe(200);
    expect([await wms(), await erp(), await storefront()]).toEqual([270, 270, 270]);

    // The connector corrects the WMS by +5 through the API; the next batch (19:00) carries it on.
    const adjusted = await fetch(`${base}/wms/adjustments`, {
      method: 'POST',
      headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json' },
      body: JSON.stringify({ sku: 'BOTTLE-STEEL-1L', delta: 5 }),
    });
    expect(adjusted.status).toBe(201);
    const state = (await (await fetch(`${base}/_control/state`)).json()) as { now: string; counts: Record<string, Record<string, number>> };
    expect(state.now).toBe('2026-03-13T13:00:00Z');
    expect(state.counts.wms!['BOTTLE-STEEL-1L']).toBe(275);

    const refused = await fetch(`${base}/_control/advance`, { method: 'POST', body: JSON.stringify({ ms: -1 }) });
    expect(refused.status).toBe(400);
  });
});
