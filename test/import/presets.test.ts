/**
 * Every preset against hand-written files in the vendor's real format (examples/exports/):
 * a BOM and CRLF (Shopify's exports, NetSuite's), quoted commas in titles and memos,
 * line-item rows without the order's fields, times with offsets and without (read in the
 * manifest's zone, America/Chicago: UTC-6 until 2026-03-08 02:00, then UTC-5), `not
 * stocked`, older header spellings, retried and off-topic webhooks. The expected records
 * were worked out by hand from the files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importIncident, type ImportSummary } from '../../src/import/import-incident.js';
import { loadIncident } from '../../src/io/load-incident.js';
import type { Incident } from '../../src/sim/model.js';
import { tempFolderAsync } from '../support/temp.js';

let summary: ImportSummary;
let folder: string;
let incident: Incident;

const lines = async (list: string) =>
  (await readFile(join(folder, `incident.${list}.ndjson`), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const source = (preset: string) => summary.sources.find((entry) => entry.preset === preset)!;

beforeAll(async () => {
  folder = await tempFolderAsync('drift-presets-');
  summary = await importIncident('examples/exports/import.yaml', join(folder, 'incident.yaml'));
  incident = await loadIncident(join(folder, 'incident.yaml'));
});

describe('import presets on hand-written exports', () => {
  it('wms-transactions: local times in the manifest zone, direction from the type, user as actor, other locations left out', async () => {
    const movements = (await lines('movements')).filter((movement) => movement.system === 'wms');
    expect(movements).toEqual([
      { at: '2026-03-06T15:12:00Z', system: 'wms', sku: 'MUG-01', type: 'shipment', qty: -2, ref: 'SO-5001' },
      { at: '2026-03-06T15:40:00Z', system: 'wms', sku: 'MUG-01', type: 'receipt', qty: 24, ref: 'PO-881', actor: 'user:rosa.m' },
      { at: '2026-03-06T16:05:00Z', system: 'wms', sku: 'TEE-BLK-M', type: 'shipment', qty: -1, ref: 'SO-5002' },
      { at: '2026-03-07T13:30:00Z', system: 'wms', sku: 'TEE-BLK-M', type: 'cycle_count', count: 37, ref: 'CC-12', actor: 'user:dana.w' },
      { at: '2026-03-07T17:00:00Z', system: 'wms', sku: 'MUG-01', type: 'adjustment', qty: -1, ref: 'ADJ-9', actor: 'user:dana.w' },
      // After the DST change (2026-03-08 02:00 local): 14:20 CDT is 19:20Z.
      { at: '2026-03-08T19:20:00Z', system: 'wms', sku: 'MUG-01', type: 'return', qty: 1, ref: 'RMA-77' },
    ]);
    expect(source('wms-transactions').skipped).toEqual({ 'another location': 1 });
  });

  it("shopify-orders: BOM, CRLF, quoted titles, line items without order fields, a custom item, a cancellation", async () => {
    const movements = (await lines('movements')).filter((movement) => movement.system === 'storefront');
    expect(movements).toEqual([
      { at: '2026-03-06T16:15:32Z', system: 'storefront', sku: 'MUG-01', type: 'order', qty: -2, ref: '#1001' },
      { at: '2026-03-06T16:15:32Z', system: 'storefront', sku: 'TEE-BLK-M', type: 'order', qty: -1, ref: '#1001' },
      { at: '2026-03-07T22:02:10Z', system: 'storefront', sku: 'TEE-BLK-M', type: 'order', qty: -1, ref: '#1002' },
      { at: '2026-03-08T00:30:00Z', system: 'storefront', sku: 'TEE-BLK-M', type: 'cancel', qty: 1, ref: '#1002:cancel' },
    ]);
    expect(source('shopify-orders').skipped).toEqual({ 'line item without a SKU': 1 });
  });

  it("netsuite-transactions: a person's adjustment is an input, the integration's is a SYNC_WRITE log, main lines and sales orders are left out", async () => {
    const movements = (await lines('movements')).filter((movement) => movement.system === 'erp');
    expect(movements).toEqual([
      { at: '2026-03-07T12:40:00Z', system: 'erp', sku: 'TEE-BLK-M', type: 'adjustment', qty: -3, ref: 'INVADJ1043', actor: 'user:Dana Whitfield' },
      // A date without a time: local midnight.
      { at: '2026-03-07T06:00:00Z', system: 'erp', sku: 'MUG-01', type: 'receipt', qty: 12, ref: 'IR220', actor: 'user:Marco Ortiz' },
    ]);
    const logs = await lines('logs');
    expect(logs[0]).toMatchObject({ at: '2026-03-06T15:30:00Z', component: 'erp', level: 'info', code: 'SYNC_WRITE', sku: 'MUG-01' });
    expect(source('netsuite-transactions').skipped).toEqual({ 'moves no stock': 1, 'main line (no item)': 1 });
  });

  it('shopify-inventory, shopify-webhooks and counts merge into observations by time and SKU', async () => {
    expect(await lines('observations')).toEqual([
      { at: '2026-03-06T16:15:32.512Z', sku: 'MUG-01', counts: { storefront: 40 } },
      // Older header spellings (Available (not editable)); the Pop-up Store's rows, one `not stocked`, left out.
      { at: '2026-03-07T12:00:00Z', sku: 'MUG-01', counts: { wms: 43, erp: 43, storefront: 41 } },
      { at: '2026-03-07T12:00:00Z', sku: 'TEE-BLK-M', counts: { wms: 37, storefront: 35 } },
      // Lower-case header names; the retried delivery, the products/update and the other location left out.
      { at: '2026-03-07T22:02:10.100Z', sku: 'TEE-BLK-M', counts: { storefront: 36 } },
    ]);
    expect(source('shopify-webhooks').skipped).toEqual({ 'a retried delivery': 1, 'another topic': 1, 'another location': 1 });
  });

  it('logs: ISO and local times, components checked', async () => {
    const logs = await lines('logs');
    expect(logs.slice(1)).toEqual([
      { at: '2026-03-06T15:30:04Z', component: 'wms->erp', level: 'warn', code: 'RATE_LIMITED', sku: 'MUG-01', message: '429 from NetSuite, retrying in 30s' },
      { at: '2026-03-07T15:00:00Z', component: 'erp->storefront', level: 'info', code: 'CYCLE', message: '12 SKUs pushed' },
    ]);
  });

  it('the incident loads: the manifest keys as written, the records from the side files', () => {
    expect(incident.name).toBe('weekend-oversell');
    expect(incident.timezone).toBe('America/Chicago');
    expect(incident.movements.length).toBe(12);
    expect(incident.observations.length).toBe(4);
    expect(incident.logs.length).toBe(3);
    expect(incident.links.map((link) => link.name)).toEqual(['wms->erp', 'erp->storefront']);
  });
});
