/**
 * `shopify-webhooks`: the `inventory_levels/update` deliveries a middleware logged, one JSON
 * object per line: the request's headers and its body.
 *
 * ```json
 * {"headers": {"X-Shopify-Topic": "inventory_levels/update", "X-Shopify-Triggered-At": "2026-03-07T15:02:11.123Z",
 *  "X-Shopify-Webhook-Id": "b54557e4-..."}, "body": {"inventory_item_id": 49148385, "location_id": 655441491,
 *  "available": 37, "updated_at": "2026-03-07T09:02:11-06:00", "admin_graphql_api_id": "gid://shopify/InventoryLevel/..."}}
 * ```
 *
 * Each delivery is an observation of the storefront: `available` at the time Shopify says the
 * change happened (`X-Shopify-Triggered-At`, else the body's `updated_at`), not when the
 * middleware got it. The payload names an inventory item, not a SKU, and Shopify's CSV
 * exports carry no inventory item ids, so the source maps them: `items:` is a mapping
 * (id -> SKU) or a CSV with columns `inventory_item_id` and `sku` (from the Admin API's
 * `productVariants { sku inventoryItem { id } }`, or the middleware's own table). Deliveries
 * of other topics are skipped; a retried delivery (same `X-Shopify-Webhook-Id`) counts once.
 */
import { describeFound } from '../io/problems.js';
import { type ColumnSpec, type RowReporter, resolveColumns, streamCsvRows, streamNdjsonObjects } from './export-rows.js';
import { ExportTimeReader } from './export-time.js';
import type { ImportSource, Preset, PresetRun } from './preset.js';
import type { ProblemList } from '../io/problem-list.js';

const TOPIC = 'inventory_levels/update';

const ITEM_COLUMNS: readonly ColumnSpec[] = [
  { field: 'inventory_item_id', names: ['inventory_item_id', 'Inventory Item ID', 'Inventory item id'], required: true },
  { field: 'sku', names: ['sku', 'SKU', 'Variant SKU'], required: true },
];

export const shopifyWebhooks: Preset = {
  name: 'shopify-webhooks',
  summary: 'logged inventory_levels/update webhook deliveries (NDJSON) with an item-to-SKU map: storefront counts over time',
  formats: ['ndjson'],
  options: ['system', 'items', 'locationId', 'timezone'],
  system: { required: true, kinds: ['shopify'] },
  read: readShopifyWebhooks,
};

/** A header's value, whatever the case the middleware logged its name in. */
function header(headers: Record<string, unknown>, name: string): unknown {
  if (name in headers) return headers[name];
  const lower = name.toLowerCase();
  for (const key in headers) if (key.toLowerCase() === lower) return headers[key];
  return undefined;
}

function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && value.length > 0) return value.startsWith('gid://') ? value.slice(value.lastIndexOf('/') + 1) : value;
  return undefined;
}

/** Reads the items CSV into id -> SKU. */
async function readItems(source: ImportSource, reporter: RowReporter, problems: ProblemList): Promise<Map<string, string>> {
  const items = new Map<string, string>(source.items ?? []);
  if (source.itemsFile === undefined) return items;
  let id = -1;
  let sku = -1;
  await streamCsvRows(
    source.itemsFile,
    {
      header(names, line) {
        const { index, missing } = resolveColumns(names, ITEM_COLUMNS, new Map());
        for (const spec of missing) reporter.report(line, undefined, 'items (header)', `a column ${spec.names.join(' or ')}`, `the columns ${names.join(', ')}`);
        if (missing.length > 0) return false;
        id = index.get('inventory_item_id')!;
        sku = index.get('sku')!;
        return true;
      },
      row(cells) {
        if (cells[id] && cells[sku]) items.set(idText(cells[id])!, cells[sku]!);
      },
    },
    reporter,
    problems,
  );
  return items;
}

async function readShopifyWebhooks(run: PresetRun): Promise<void> {
  const { source, builder, stats, reporter, problems } = run;
  const system = source.system!;
  const items = await readItems(source, reporter, problems);
  const times = new ExportTimeReader(source.zone, source.dateOrder);
  const deliveries = new Set<string>();

  await streamNdjsonObjects(
    source.file,
    (record, line) => {
      stats.rows++;
      const headers = (typeof record.headers === 'object' && record.headers !== null ? record.headers : {}) as Record<string, unknown>;
      const topic = header(headers, 'X-Shopify-Topic') ?? record.topic;
      if (topic !== undefined && topic !== TOPIC) {
        stats.skip('another topic');
        return;
      }
      const body = (record.body ?? record.payload) as Record<string, unknown> | undefined;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        reporter.report(line, undefined, 'body', `the delivery's payload (body or payload: {inventory_item_id, location_id, available, updated_at})`, describeFound(body));
        return;
      }
      const webhookId = header(headers, 'X-Shopify-Webhook-Id');
      if (typeof webhookId === 'string') {
        if (deliveries.has(webhookId)) {
          stats.skip('a retried delivery');
          return;
        }
        deliveries.add(webhookId);
      }
      if (source.locationId !== undefined && idText(body.location_id) !== source.locationId) {
        stats.skip('another location');
        return;
      }
      if (body.available === null) {
        // Shopify sends null for an item it does not track at the location: nothing to observe.
        stats.skip('not tracked');
        return;
      }
      const before = reporter.count;
      const triggered = header(headers, 'X-Shopify-Triggered-At');
      const timeText = typeof triggered === 'string' ? triggered : body.updated_at;
      const field = typeof triggered === 'string' ? 'headers.X-Shopify-Triggered-At' : 'body.updated_at';
      let atMs = NaN;
      if (typeof timeText !== 'string') reporter.report(line, undefined, field, 'the time of the change (X-Shopify-Triggered-At or updated_at)', describeFound(timeText));
      else {
        atMs = times.read(timeText);
        if (atMs !== atMs) reporter.report(line, undefined, field, 'a time with a zone, like 2026-03-07T15:02:11.123Z', describeFound(timeText));
      }
      const id = idText(body.inventory_item_id);
      const sku = id === undefined ? undefined : items.get(id);
      if (id === undefined) reporter.report(line, undefined, 'body.inventory_item_id', 'an inventory item id', describeFound(body.inventory_item_id));
      else if (sku === undefined) reporter.report(line, undefined, 'body.inventory_item_id', 'an inventory item that the source\'s items map names', id);
      const available = body.available;
      if (typeof available !== 'number' || !Number.isSafeInteger(available)) reporter.report(line, undefined, 'body.available', 'a whole number', describeFound(available));
      if (reporter.count > before) return;
      const origin = { file: source.file.displayPath, line };
      if (!builder.storefrontSkus.has(sku!)) builder.storefrontSkus.set(sku!, origin);
      builder.observation(stats, atMs, sku!, system, available as number, origin);
    },
    reporter,
  );
}
