/**
 * `netsuite-transactions`: a NetSuite saved search of inventory-affecting transactions,
 * exported as CSV (Transaction search, Main Line false, one row per item line).
 *
 * Columns, by NetSuite's default labels: `Date`, `Date Created`, `Type`, `Document Number`,
 * `Item`, `Quantity`, `Location`, `Created By` (`Entered By` in some accounts), `Memo`.
 * Dates follow the account's date preference (M/D/YYYY by default, D/M/YYYY with
 * `dateFormat`), `Date Created` adds the time as `3/7/2026 9:05 am`; both are in the
 * user's time zone preference, so the source's or the manifest's `timezone` reads them. A
 * row's time is its `Date Created` (when the record was entered), else its `Date` at local
 * midnight.
 *
 * Which rows are what:
 * - **inputs**: inventory records a person entered (`Created By` is not one of the
 *   source's `syncUsers`): an Inventory Adjustment or Inventory Worksheet line is an
 *   `adjustment` with its signed quantity, an Item Receipt a `receipt`, an Item Fulfillment
 *   or Cash Sale a `shipment`, an Inventory Transfer line a `transfer` (signed; with
 *   `location`, only that location's side), each with the person as its actor.
 * - **the sync's own effects**: the same records created by the integration's user or role
 *   (`syncUsers`). They are what the links delivered, evidence that a delivery happened,
 *   not a movement (replaying them as movements would count every change twice): each is
 *   kept as an `info` log line, code `SYNC_WRITE`.
 * - **observations**: none. A transaction says what changed, not what the count was; ERP
 *   counts come from an item search (Location On Hand / Location Available) read with the
 *   `counts` preset.
 * - **ignored**: the main line of a transaction (no Item), transactions that move no stock
 *   (Sales Order, Purchase Order, Transfer Order, Return Authorization, ...), zero quantities.
 */
import type { MovementType } from '../sim/model.js';
import { type ColumnSpec, resolveColumns, streamCsvRows } from './export-rows.js';
import { ExportTimeReader } from './export-time.js';
import { type Preset, type PresetRun, actorOf, cell, readRowNumber, readRowTime } from './preset.js';

/** Transaction type -> the movement it is; sign 0 keeps the quantity's own sign. */
const MOVING: Readonly<Record<string, { type: MovementType; sign: 1 | -1 | 0 }>> = {
  'Inventory Adjustment': { type: 'adjustment', sign: 0 },
  'Inventory Worksheet': { type: 'adjustment', sign: 0 },
  'Item Receipt': { type: 'receipt', sign: 1 },
  'Item Fulfillment': { type: 'shipment', sign: -1 },
  'Cash Sale': { type: 'shipment', sign: -1 },
  'Inventory Transfer': { type: 'transfer', sign: 0 },
};

/** Transactions that NetSuite keeps but that move no stock by themselves. */
const NON_POSTING = new Set(['Sales Order', 'Purchase Order', 'Transfer Order', 'Return Authorization', 'Estimate', 'Quote', 'Opportunity', 'Inventory Count']);

const COLUMNS: readonly ColumnSpec[] = [
  { field: 'date', names: ['Date'], required: true },
  { field: 'dateCreated', names: ['Date Created'], required: false },
  { field: 'type', names: ['Type'], required: true },
  { field: 'documentNumber', names: ['Document Number', 'Document Number/ID'], required: false },
  { field: 'item', names: ['Item'], required: true },
  { field: 'quantity', names: ['Quantity'], required: true },
  { field: 'location', names: ['Location'], required: false },
  { field: 'createdBy', names: ['Created By', 'Entered By', 'Created by'], required: false },
];

export const netsuiteTransactions: Preset = {
  name: 'netsuite-transactions',
  summary: 'a NetSuite saved search CSV of inventory transactions: inputs a person entered, the sync\'s own records as logs',
  formats: ['csv'],
  options: ['system', 'timezone', 'columns', 'location', 'syncUsers', 'dateFormat'],
  system: { required: true },
  read: readNetsuiteTransactions,
};

/** NetSuite writes a child item as `Parent : Child`; the SKU is the last part. */
function itemSku(text: string): string {
  const separator = text.lastIndexOf(' : ');
  return separator < 0 ? text : text.slice(separator + 3);
}

async function readNetsuiteTransactions(run: PresetRun): Promise<void> {
  const { source, builder, stats, reporter, problems, systems } = run;
  const system = source.system!;
  const component = systems[system]!.name;
  const times = new ExportTimeReader(source.zone, source.dateOrder);
  let index = new Map<string, number>();
  let groupAtMs = NaN;
  const group = new Map<string, number>();

  await streamCsvRows(
    source.file,
    {
      header(header, line) {
        const resolved = resolveColumns(header, COLUMNS, source.columns);
        for (const spec of resolved.missing) {
          reporter.report(line, undefined, '(header)', `a column ${source.columns.get(spec.field) ?? spec.names[0]} (add it to the saved search's results, or map it with columns:)`, `the columns ${header.join(', ')}`);
        }
        if (source.location !== undefined && !resolved.index.has('location')) {
          reporter.report(line, undefined, '(header)', `a Location column (the source names location ${JSON.stringify(source.location)})`, `the columns ${header.join(', ')}`);
          return false;
        }
        if (source.syncUsers.size > 0 && !resolved.index.has('createdBy')) {
          reporter.report(line, undefined, '(header)', 'a Created By column (the source names syncUsers)', `the columns ${header.join(', ')}`);
          return false;
        }
        index = resolved.index;
        return resolved.missing.length === 0;
      },
      row(cells, line) {
        stats.rows++;
        const item = cells[index.get('item')!]!;
        if (item.length === 0) {
          stats.skip('main line (no item)');
          return;
        }
        const typeColumn = index.get('type')!;
        const typeText = cells[typeColumn]!;
        // Own keys only: a type such as `constructor` must not find what every object inherits.
        const meaning = Object.hasOwn(MOVING, typeText) ? MOVING[typeText] : undefined;
        if (meaning === undefined) {
          stats.skip(NON_POSTING.has(typeText) ? 'moves no stock' : `type not read (${typeText || 'empty'})`);
          return;
        }
        if (source.location !== undefined && cell(cells, index.get('location')) !== source.location) {
          stats.skip('another location');
          return;
        }
        const before = reporter.count;
        const createdColumn = index.get('dateCreated');
        const created = cell(cells, createdColumn);
        const atMs = created
          ? readRowTime(times, created, reporter, line, createdColumn!, 'Date Created')
          : readRowTime(times, cells[index.get('date')!], reporter, line, index.get('date')!, 'Date');
        const quantityColumn = index.get('quantity')!;
        const quantity = readRowNumber(cells[quantityColumn], reporter, line, quantityColumn, 'Quantity', -Infinity, 'a whole number');
        if (reporter.count > before) return;
        if (quantity === 0) {
          stats.skip('zero quantity');
          return;
        }
        const value = meaning.sign === 0 ? quantity : meaning.sign * Math.abs(quantity);
        const sku = itemSku(item);
        const ref = cell(cells, index.get('documentNumber')) || undefined;
        const createdBy = cell(cells, index.get('createdBy')) || undefined;
        const key = `${sku}\u0000${typeText}\u0000${value}\u0000${ref ?? ''}\u0000${cell(cells, index.get('location')) ?? ''}`;
        if (atMs !== groupAtMs) {
          groupAtMs = atMs;
          group.clear();
        }
        const earlier = group.get(key);
        if (earlier !== undefined && ref !== undefined) {
          reporter.report(line, undefined, '', `each transaction line once (line ${earlier} has the same time, type, document, item, quantity and location)`, 'a duplicate row');
          return;
        }
        group.set(key, line);
        if (createdBy !== undefined && source.syncUsers.has(createdBy)) {
          if (!builder.inWindow(atMs)) {
            stats.skip('outside the window');
            return;
          }
          builder.log(stats, atMs, component, 'info', 'SYNC_WRITE', sku, `${typeText}${ref ? ` ${ref}` : ''} by ${createdBy}: ${value > 0 ? '+' : ''}${value} (a delivery of the sync, not a movement)`);
          return;
        }
        builder.movement(stats, atMs, system, sku, meaning.type, value, false, ref, createdBy === undefined ? undefined : actorOf(createdBy));
      },
    },
    reporter,
    problems,
  );
}
