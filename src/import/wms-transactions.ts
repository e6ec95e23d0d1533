/**
 * `wms-transactions`: a warehouse management system's transaction history, one row per
 * inventory transaction.
 *
 * Header `timestamp,sku,transaction_type,quantity,reference` (optional `user`, `location`;
 * other columns are ignored; any name can be remapped with `columns:`). Quantities are
 * written positive and the type gives the direction, as WMS histories do: `SHIP` takes
 * stock out, `RECEIVE` and `RETURN` put it in, `ADJUST` alone is signed, and `CYCLE_COUNT`
 * writes the counted total. Times without a zone are the warehouse's local time.
 */
import type { MovementType } from '../sim/model.js';
import { type ColumnSpec, resolveColumns, streamCsvRows } from './export-rows.js';
import { ExportTimeReader } from './export-time.js';
import { type Preset, type PresetRun, actorOf, cell, readRowNumber, readRowTime } from './preset.js';

/** Transaction type -> the movement it is and how its quantity reads. */
const TYPES: Readonly<Record<string, { type: MovementType; sign: 1 | -1 | 0; absolute: boolean }>> = {
  SHIP: { type: 'shipment', sign: -1, absolute: false },
  RECEIVE: { type: 'receipt', sign: 1, absolute: false },
  RETURN: { type: 'return', sign: 1, absolute: false },
  ADJUST: { type: 'adjustment', sign: 0, absolute: false },
  CYCLE_COUNT: { type: 'cycle_count', sign: 1, absolute: true },
};

const EXPECTED_TYPE = `one of ${Object.keys(TYPES).join(', ')}`;

/**
 * A Map rather than the object: looked up once per row by a string fresh from the parser, and
 * a name such as `constructor` or `__proto__` must not find what every object inherits.
 */
const TYPES_BY_NAME = new Map(Object.entries(TYPES));

const COLUMNS: readonly ColumnSpec[] = [
  { field: 'timestamp', names: ['timestamp'], required: true },
  { field: 'sku', names: ['sku'], required: true },
  { field: 'transaction_type', names: ['transaction_type'], required: true },
  { field: 'quantity', names: ['quantity'], required: true },
  { field: 'reference', names: ['reference'], required: false },
  { field: 'user', names: ['user'], required: false },
  { field: 'location', names: ['location'], required: false },
];

export const wmsTransactions: Preset = {
  name: 'wms-transactions',
  summary: 'a WMS transaction history CSV (SHIP, RECEIVE, ADJUST, CYCLE_COUNT, RETURN): movements',
  formats: ['csv'],
  options: ['system', 'timezone', 'columns', 'location'],
  system: { required: true },
  read: readWmsTransactions,
};

async function readWmsTransactions(run: PresetRun): Promise<void> {
  const { source, builder, stats, reporter, problems } = run;
  const system = source.system!;
  const times = new ExportTimeReader(source.zone, source.dateOrder);
  let at = -1;
  let sku = -1;
  let kind = -1;
  let quantity = -1;
  let reference: number | undefined;
  let user: number | undefined;
  let location: number | undefined;
  // Duplicate rows: exports run in time order, so a repeated row shares its instant with the
  // row it repeats; only the rows of the current instant are remembered.
  let groupAtMs = NaN;
  // The rows of the current instant after its first (rare: most instants have one row).
  const first = { line: 0, ref: '', sku: '', type: '', value: 0 };
  const others: (typeof first)[] = [];
  const actors = new Map<string, string>();

  await streamCsvRows(
    source.file,
    {
      header(header, line) {
        const { index, missing } = resolveColumns(header, COLUMNS, source.columns);
        for (const spec of missing) {
          reporter.report(line, undefined, '(header)', `a column ${source.columns.get(spec.field) ?? spec.field} (or a columns: mapping for ${spec.field})`, `the columns ${header.join(', ')}`);
        }
        if (source.location !== undefined && !index.has('location')) {
          reporter.report(line, undefined, '(header)', `a location column (the source names location ${JSON.stringify(source.location)})`, `the columns ${header.join(', ')}`);
          return false;
        }
        if (missing.length > 0) return false;
        at = index.get('timestamp')!;
        sku = index.get('sku')!;
        kind = index.get('transaction_type')!;
        quantity = index.get('quantity')!;
        reference = index.get('reference');
        user = index.get('user');
        location = index.get('location');
        return true;
      },
      row(cells, line) {
        stats.rows++;
        if (source.location !== undefined && cells[location!] !== source.location) {
          stats.skip('another location');
          return;
        }
        const before = reporter.count;
        const atMs = readRowTime(times, cells[at], reporter, line, at, 'timestamp');
        const skuText = cells[sku]!;
        if (skuText.length === 0) reporter.report(line, sku, 'sku', 'a SKU', 'nothing');
        const typeText = cells[kind]!;
        const meaning = TYPES_BY_NAME.get(typeText) ?? TYPES_BY_NAME.get(typeText.toUpperCase());
        if (meaning === undefined) reporter.report(line, kind, 'transaction_type', EXPECTED_TYPE, JSON.stringify(typeText));
        let value = NaN;
        if (meaning?.sign === 0) {
          value = readRowNumber(cells[quantity], reporter, line, quantity, 'quantity', -Infinity, 'a signed whole number (ADJUST carries its own sign)');
          if (value === 0) {
            reporter.report(line, quantity, 'quantity', 'a non-zero adjustment', '0');
            value = NaN;
          }
        } else if (meaning !== undefined) {
          const min = meaning.absolute ? 0 : 1;
          value = readRowNumber(cells[quantity], reporter, line, quantity, 'quantity', min, meaning.absolute ? 'the counted total, a whole number >= 0' : 'a positive whole number (the type gives the direction)');
          value *= meaning.sign;
        }
        if (reporter.count > before) return;
        const ref = cell(cells, reference) || undefined;
        const userName = cell(cells, user) || undefined;
        if (ref !== undefined) {
          if (atMs !== groupAtMs) {
            groupAtMs = atMs;
            others.length = 0;
            first.line = line;
            first.ref = ref;
            first.sku = skuText;
            first.type = typeText;
            first.value = value;
          } else {
            for (const earlier of [first, ...others]) {
              if (earlier.ref === ref && earlier.sku === skuText && earlier.type === typeText && earlier.value === value) {
                reporter.report(line, undefined, '', `each transaction once (line ${earlier.line} has the same time, SKU, type, quantity and reference)`, 'a duplicate row');
                return;
              }
            }
            others.push({ line, ref, sku: skuText, type: typeText, value });
          }
        }
        let actor: string | undefined;
        if (userName !== undefined) {
          // One actor string per user, not one per row (the builder looks its JSON up by it).
          actor = actors.get(userName);
          if (actor === undefined) {
            actor = actorOf(userName);
            actors.set(userName, actor);
          }
        }
        builder.movement(stats, atMs, system, skuText, meaning!.type, value, meaning!.absolute, ref, actor);
      },
    },
    reporter,
    problems,
  );
}
