/**
 * Observations: the counts someone saw per system for one SKU at one time.
 *
 * In YAML, JSON and NDJSON an observation has a `counts` mapping (system -> count). A CSV
 * row cannot nest, so a CSV observation file has one column per system instead (named after
 * the system, or mapped with `columns`), and an empty cell means that system was not
 * observed.
 */
import type { ColumnAllocator } from '../sim/movement-store.js';
import { ObservationStoreBuilder } from '../sim/observation-store.js';
import { describeFound } from './problems.js';
import { readInteger, readText } from './field-values.js';
import type { RecordReporter, RecordSink, WindowBounds } from './record-sink.js';
import { readTimeInWindow } from './record-sink.js';
import type { SkuInterner } from './sku-interner.js';

const TYPED_FIELDS = ['at', 'sku', 'counts'] as const;
const REQUIRED = ['at', 'sku'] as const;
const TEXT_FIELDS: ReadonlySet<string> = new Set(['sku']);
const AT = 0;
const SKU = 1;
const COUNTS = 2;

/**
 * Collects the valid observations of one section, in input order, straight into the columns
 * of an `ObservationStoreBuilder` (no object per observation).
 *
 * @example
 * const sink = new ObservationSink(['wms', 'erp'], new SkuInterner(), { startMs: -Infinity, endMs: Infinity });
 * sink.fieldsFor(true); // ['at', 'sku', 'wms', 'erp'] (CSV: one column per system)
 */
export class ObservationSink implements RecordSink {
  readonly section = 'observations' as const;
  readonly textFields = TEXT_FIELDS;
  /** The valid observations so far; the loader calls `finish` on it once every record is in. */
  readonly observations: ObservationStoreBuilder;
  minMs = Infinity;
  maxMs = -Infinity;
  private readonly systemIndex: ReadonlyMap<string, number>;
  private readonly textualFields: readonly string[];
  private readonly expectedSystem: string;
  private readonly expectedCounts: string;

  constructor(
    private readonly systemNames: readonly string[],
    private readonly skus: SkuInterner,
    private readonly bounds: WindowBounds,
    allocate?: ColumnAllocator,
  ) {
    this.observations = new ObservationStoreBuilder(systemNames.length, { allocate });
    this.systemIndex = new Map(systemNames.map((name, index) => [name, index]));
    this.textualFields = ['at', 'sku', ...systemNames];
    this.expectedSystem = `a declared system (${systemNames.join(', ') || 'none declared'})`;
    this.expectedCounts = `a mapping of system to observed count, with at least one of ${systemNames.join(', ') || 'the declared systems'}`;
  }

  fieldsFor(textual: boolean): readonly string[] {
    return textual ? this.textualFields : TYPED_FIELDS;
  }

  requiredFor(): readonly string[] {
    return REQUIRED;
  }

  accept(values: readonly unknown[], textual: boolean, reporter: RecordReporter): void {
    const before = reporter.count;
    const atMs = readTimeInWindow(values[AT], this.bounds, reporter, AT);
    const skuName = readText(values[SKU], 'sku', reporter, SKU);
    const counts = textual ? this.countsFromColumns(values, reporter) : this.countsFromMapping(values[COUNTS], reporter);
    if (reporter.count !== before || counts === undefined) return;
    const builder = this.observations;
    builder.push(atMs, this.skus.intern(skuName!));
    for (let system = 0; system < counts.length; system++) {
      const count = counts[system];
      if (count !== undefined) builder.setCount(system, count);
    }
    if (atMs < this.minMs) this.minMs = atMs;
    if (atMs > this.maxMs) this.maxMs = atMs;
  }

  private countsFromMapping(value: unknown, reporter: RecordReporter): (number | undefined)[] | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      reporter.report('counts', this.expectedCounts, value === undefined ? 'nothing (it is required)' : describeFound(value), COUNTS);
      return undefined;
    }
    const counts = new Array<number | undefined>(this.systemNames.length).fill(undefined);
    let given = 0;
    for (const [name, count] of Object.entries(value as Record<string, unknown>)) {
      // `wms: null` (or `wms:` in YAML) is a system left out: not observed.
      if (count === null) continue;
      given++;
      const system = this.systemIndex.get(name);
      if (system === undefined) {
        reporter.report(`counts.${name}`, this.expectedSystem, `undeclared system ${JSON.stringify(name)}`, COUNTS);
        continue;
      }
      const number = readInteger(count, `counts.${name}`, false, false, reporter, COUNTS);
      if (number === number) counts[system] = number;
    }
    if (given === 0) {
      reporter.report('counts', this.expectedCounts, 'an empty mapping', COUNTS);
    }
    return counts;
  }

  private countsFromColumns(values: readonly unknown[], reporter: RecordReporter): (number | undefined)[] {
    const counts = new Array<number | undefined>(this.systemNames.length).fill(undefined);
    let given = 0;
    for (let system = 0; system < this.systemNames.length; system++) {
      const value = values[COUNTS + system];
      if (value === undefined) continue;
      given++;
      const number = readInteger(value, `counts.${this.systemNames[system]}`, true, false, reporter, COUNTS + system);
      if (number === number) counts[system] = number;
    }
    if (given === 0) {
      reporter.report('counts', `a count in at least one system column (${this.systemNames.join(', ')})`, 'every system column empty');
    }
    return counts;
  }
}
