/**
 * `shopify-orders`: Shopify's own orders export (Orders > Export, CSV for Excel or plain CSV).
 *
 * One row per line item. `Name` (the order's name, `#1001`) is on every row; the order's
 * own fields (`Email`, `Financial Status`, `Created at`, `Cancelled at`, ...) only on its
 * first row, the rows after it leave them empty. Each line item with a `Lineitem sku` is an
 * `order` movement of `-Lineitem quantity` at the order's `Created at`, ref the order's
 * name. A cancelled order gives back what it took at `Cancelled at`: a `cancel` movement of
 * `+Lineitem quantity`, ref `<name>:cancel` (a ref of its own, so that an idempotent link
 * does not take the give-back for a second delivery of the order). Times are written
 * `2026-03-07 10:15:32 -0600`, with the shop's offset.
 */
import { type ColumnSpec, resolveColumns, streamCsvRows } from './export-rows.js';
import { ExportTimeReader } from './export-time.js';
import { type Preset, type PresetRun, cell, readRowNumber, readRowTime } from './preset.js';

const COLUMNS: readonly ColumnSpec[] = [
  { field: 'name', names: ['Name'], required: true },
  { field: 'createdAt', names: ['Created at'], required: true },
  { field: 'cancelledAt', names: ['Cancelled at'], required: false },
  { field: 'quantity', names: ['Lineitem quantity'], required: true },
  { field: 'sku', names: ['Lineitem sku'], required: true },
];

export const shopifyOrders: Preset = {
  name: 'shopify-orders',
  summary: "Shopify's orders export CSV (one row per line item): order and cancel movements",
  formats: ['csv'],
  options: ['system', 'timezone', 'columns'],
  system: { required: true, kinds: ['shopify'] },
  read: readShopifyOrders,
};

async function readShopifyOrders(run: PresetRun): Promise<void> {
  const { source, builder, stats, reporter, problems } = run;
  const system = source.system!;
  const times = new ExportTimeReader(source.zone, source.dateOrder);
  let name = -1;
  let created = -1;
  let cancelled: number | undefined;
  let quantity = -1;
  let sku = -1;
  let order: { name: string; createdMs: number; cancelledMs: number | undefined; line: number } | undefined;
  const seen = new Map<string, number>();

  await streamCsvRows(
    source.file,
    {
      header(header, line) {
        const { index, missing } = resolveColumns(header, COLUMNS, source.columns);
        for (const spec of missing) {
          reporter.report(line, undefined, '(header)', `a column ${source.columns.get(spec.field) ?? spec.names[0]} (Shopify's orders export has it)`, `the columns ${header.join(', ')}`);
        }
        if (missing.length > 0) return false;
        name = index.get('name')!;
        created = index.get('createdAt')!;
        cancelled = index.get('cancelledAt');
        quantity = index.get('quantity')!;
        sku = index.get('sku')!;
        return true;
      },
      row(cells, line) {
        stats.rows++;
        const orderName = cells[name]!;
        if (orderName.length === 0) {
          reporter.report(line, name, 'Name', "the order's name (Shopify writes it on every line-item row)", 'nothing');
          return;
        }
        if (order === undefined || order.name !== orderName) {
          // The first row of an order: it carries the order's own fields.
          const earlier = seen.get(orderName);
          if (earlier !== undefined) {
            reporter.report(line, name, 'Name', `each order's rows together and once (order ${orderName} began on line ${earlier})`, 'a duplicate order');
            order = { name: orderName, createdMs: NaN, cancelledMs: undefined, line };
            return;
          }
          seen.set(orderName, line);
          const createdText = cells[created];
          if (!createdText) {
            reporter.report(line, created, 'Created at', `the order's time on its first row (the first row of ${orderName})`, 'nothing');
            order = { name: orderName, createdMs: NaN, cancelledMs: undefined, line };
            return;
          }
          const createdMs = readRowTime(times, createdText, reporter, line, created, 'Created at');
          const cancelledText = cell(cells, cancelled);
          const cancelledMs = cancelledText ? readRowTime(times, cancelledText, reporter, line, cancelled!, 'Cancelled at') : undefined;
          order = { name: orderName, createdMs, cancelledMs, line };
        }
        // The rows of an order whose first row was wrong were reported there, once.
        if (order.createdMs !== order.createdMs || order.cancelledMs !== order.cancelledMs) return;
        const skuText = cells[sku]!;
        const count = readRowNumber(cells[quantity], reporter, line, quantity, 'Lineitem quantity', 1, 'a positive whole number');
        if (count !== count) return;
        if (skuText.length === 0) {
          // Custom items, tips and gift cards have no SKU: nothing in a warehouse moves.
          stats.skip('line item without a SKU');
          return;
        }
        builder.movement(stats, order.createdMs, system, skuText, 'order', -count, false, order.name, undefined);
        if (order.cancelledMs !== undefined) {
          builder.movement(stats, order.cancelledMs, system, skuText, 'cancel', count, false, `${order.name}:cancel`, undefined);
        }
      },
    },
    reporter,
    problems,
  );
}
