/**
 * `shopify-inventory`: Shopify's own inventory export (Products > Inventory > Export).
 *
 * One row per variant and location: `Handle`, `Title`, `Option1 Name`, `Option1 Value`
 * ... `Option3 Value`, `SKU`, `HS Code`, `COO`, `Location`, then the quantity columns
 * `Incoming`, `Unavailable`, `Committed`, `Available`, `On hand`. Older exports named them
 * `Incoming (not editable)`, `Available (not editable)`, `On hand (current)` and added
 * `On hand (new)` for editing; both spellings are read. A variant not stocked at a location
 * says `not stocked` there: no count, no observation.
 *
 * The export has no time of its own, so the source says when it was taken (`at`). It gives
 * one observation per SKU of the storefront system: `Available` unless the source says
 * `quantity: on_hand`; with `location`, only that location's rows, else the sum over the
 * locations the SKU is stocked at (what the storefront sells from). With `initial: true`
 * it gives the starting counts instead.
 */
import { type ColumnSpec, resolveColumns, streamCsvRows } from './export-rows.js';
import type { RecordOrigin } from './incident-builder.js';
import { type Preset, type PresetRun, readRowNumber } from './preset.js';

const COLUMNS: readonly ColumnSpec[] = [
  { field: 'sku', names: ['SKU', 'Variant SKU'], required: true },
  { field: 'location', names: ['Location'], required: false },
  { field: 'available', names: ['Available', 'Available (not editable)'], required: false },
  { field: 'on_hand', names: ['On hand', 'On hand (current)'], required: false },
];

/** Shopify's word for a variant that a location does not stock. */
function isNotStocked(text: string): boolean {
  return text.length === 11 && text.toLowerCase() === 'not stocked';
}

export const shopifyInventory: Preset = {
  name: 'shopify-inventory',
  summary: "Shopify's inventory export CSV (per variant and location): storefront counts at the source's `at`",
  formats: ['csv'],
  options: ['system', 'columns', 'location', 'at', 'quantity', 'initial'],
  system: { required: true, kinds: ['shopify'] },
  read: readShopifyInventory,
};

async function readShopifyInventory(run: PresetRun): Promise<void> {
  const { source, builder, stats, reporter, problems } = run;
  const system = source.system!;
  let sku = -1;
  let location: number | undefined;
  let quantity = -1;
  const quantityName = source.quantity === 'on_hand' ? 'On hand' : 'Available';
  const totals = new Map<string, { count: number; origin: RecordOrigin }>();
  const seen = new Map<string, number>();

  await streamCsvRows(
    source.file,
    {
      header(header, line) {
        const { index, missing } = resolveColumns(header, COLUMNS, source.columns);
        for (const spec of missing) reporter.report(line, undefined, '(header)', `a column ${spec.names.join(' or ')}`, `the columns ${header.join(', ')}`);
        const column = index.get(source.quantity);
        if (column === undefined) {
          const spellings = COLUMNS.find((spec) => spec.field === source.quantity)!.names;
          reporter.report(line, undefined, '(header)', `a ${quantityName} column (${spellings.join(' or ')})`, `the columns ${header.join(', ')}`);
        }
        if (source.location !== undefined && !index.has('location')) {
          reporter.report(line, undefined, '(header)', `a Location column (the source names location ${JSON.stringify(source.location)})`, `the columns ${header.join(', ')}`);
        }
        if (reporter.count > 0) return false;
        sku = index.get('sku')!;
        location = index.get('location');
        quantity = column!;
        return true;
      },
      row(cells, line) {
        stats.rows++;
        const locationName = location === undefined ? '' : cells[location]!;
        if (source.location !== undefined && locationName !== source.location) {
          stats.skip('another location');
          return;
        }
        const skuText = cells[sku]!;
        if (skuText.length === 0) {
          stats.skip('variant without a SKU');
          return;
        }
        const key = `${skuText}\u0000${locationName}`;
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          reporter.report(line, sku, 'SKU', `each SKU once per location (line ${earlier} has ${skuText}${locationName ? ` at ${locationName}` : ''})`, 'a duplicate row');
          return;
        }
        seen.set(key, line);
        const text = cells[quantity]!;
        if (isNotStocked(text)) {
          stats.skip('not stocked');
          return;
        }
        const count = readRowNumber(text, reporter, line, quantity, quantityName, -Infinity, 'a whole number or "not stocked"');
        if (count !== count) return;
        const origin = { file: source.file.displayPath, line, column: sku + 1 };
        if (!builder.storefrontSkus.has(skuText)) builder.storefrontSkus.set(skuText, origin);
        const total = totals.get(skuText);
        if (total === undefined) totals.set(skuText, { count, origin });
        else total.count += count;
      },
    },
    reporter,
    problems,
  );
  for (const [skuText, { count, origin }] of totals) {
    if (source.initial) builder.initialCount(stats, skuText, system, count, origin);
    else builder.observation(stats, source.atMs!, skuText, system, count, origin);
  }
}
