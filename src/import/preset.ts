/**
 * What every preset shares: the source as the manifest resolved it, the contract a preset
 * meets, and the small readers of a row's cells that every preset needs (a time, a SKU, a
 * whole number), each reporting a problem at the cell's line and column.
 */
import type { ProblemList } from '../io/problem-list.js';
import { describeFound } from '../io/problems.js';
import type { SystemDef, SystemKind } from '../sim/model.js';
import type { ExportFile, RowReporter } from './export-rows.js';
import { parseWholeNumber } from './export-rows.js';
import type { DateOrder, ExportTimeReader } from './export-time.js';
import { EXPECTED_EXPORT_TIME } from './export-time.js';
import type { IncidentBuilder, SourceStats } from './incident-builder.js';

export type ExportFormat = 'csv' | 'ndjson';

/** One entry of the manifest's `sources`, checked and resolved. */
export interface ImportSource {
  /** Its index in `sources`. */
  index: number;
  preset: string;
  file: ExportFile;
  format: ExportFormat;
  /** The declared system the records belong to (index), when the preset takes one. */
  system?: number;
  /** The zone local times are read in: the source's `timezone`, else the manifest's; none: zone-less times are problems. */
  zone?: string;
  dateOrder: DateOrder;
  /** Field -> the export's header (CSV) or key (NDJSON), replacing the preset's known names. */
  columns: ReadonlyMap<string, string>;
  /** Only rows of this location (Shopify inventory, NetSuite, WMS). */
  location?: string;
  /** Shopify webhooks: only deliveries of this location id. */
  locationId?: string;
  /** A snapshot's instant (Shopify inventory, counts). */
  atMs?: number;
  /** Shopify inventory: which quantity column is the count. */
  quantity: 'available' | 'on_hand';
  /** A snapshot of the starting counts rather than observations. */
  initial: boolean;
  /** NetSuite: the users or roles the integration writes as; their records are the sync's effects. */
  syncUsers: ReadonlySet<string>;
  /** Shopify webhooks: inventory item id -> SKU, written in the manifest. */
  items?: ReadonlyMap<string, string>;
  /** Shopify webhooks: a CSV of inventory item ids and SKUs to read the map from. */
  itemsFile?: ExportFile;
  /** How problems name the source: `sources[2] (shopify-orders)`. */
  where: string;
}

/** What a preset reads into. */
export interface PresetRun {
  source: ImportSource;
  builder: IncidentBuilder;
  stats: SourceStats;
  reporter: RowReporter;
  problems: ProblemList;
  systems: readonly SystemDef[];
  /** Declared link and system names (what a log line's component may name). */
  components: ReadonlySet<string>;
}

/** A vendor export format. */
export interface Preset {
  name: string;
  /** One line for `--help` and the template. */
  summary: string;
  formats: readonly ExportFormat[];
  /** The source keys it takes besides preset, file and format. */
  options: readonly string[];
  /** Whether `system` is required, and which kinds it may name (undefined: any). */
  system: { required: boolean; kinds?: readonly SystemKind[] };
  read(run: PresetRun): Promise<void>;
}

/**
 * Reads a time cell; NaN after reporting when it is not a time (or has no zone and none is given).
 *
 * @example
 * const atMs = readRowTime(times, cells[0], reporter, line, 0, 'timestamp');
 * if (atMs !== atMs) return; // reported
 */
export function readRowTime(
  times: ExportTimeReader,
  text: string | undefined,
  reporter: RowReporter,
  line: number,
  column: number,
  field: string,
): number {
  if (text === undefined || text.length === 0) {
    reporter.report(line, column, field, EXPECTED_EXPORT_TIME, 'nothing');
    return NaN;
  }
  const ms = times.read(text);
  if (ms === ms) return ms;
  if (times.zoneless) {
    reporter.report(line, column, field, 'a time with a zone, or a timezone on the source or the manifest to read local times in', `a time without a zone (${JSON.stringify(text)})`);
  } else reporter.report(line, column, field, EXPECTED_EXPORT_TIME, describeFound(text));
  return NaN;
}

/**
 * Reads a whole-number cell; NaN after reporting. `min` bounds it below (inclusive).
 *
 * @example
 * readRowNumber('3', reporter, 7, 3, 'quantity', 1, 'a positive whole number'); // 3
 */
export function readRowNumber(text: string | undefined, reporter: RowReporter, line: number, column: number, field: string, min: number, expected: string): number {
  const value = text === undefined ? NaN : parseWholeNumber(text);
  if (!(value >= min)) {
    reporter.report(line, column, field, expected, text === undefined || text === '' ? 'nothing' : describeFound(text));
    return NaN;
  }
  return value;
}

/**
 * A person's name from an export as the format's actor: `user:<name>` (integration and system stay as they are).
 *
 * @example
 * actorOf('Dana Whitfield'); // 'user:Dana Whitfield'
 */
export function actorOf(name: string): string {
  if (name === 'integration' || name === 'system' || name.startsWith('user:')) return name;
  return `user:${name}`;
}

/**
 * The cell at `column`, or undefined for a column the file does not have.
 *
 * @example
 * cell(['a', 'b'], 1); // 'b'
 * cell(['a', 'b'], undefined); // undefined
 */
export function cell(cells: readonly string[], column: number | undefined): string | undefined {
  return column === undefined ? undefined : cells[column];
}
