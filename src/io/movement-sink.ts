/**
 * Movements: checks one raw record against the spec's movement table and appends it to a
 * columnar store with system and (provisional) SKU indices. This runs once per line of a
 * million-line export, so it is a straight sequence of checks that allocates nothing: the
 * row goes into typed arrays, its ref into the store's byte arena.
 */
import type { MovementType } from '../sim/model.js';
import { ABSOLUTE_MOVEMENT_TYPES, MOVEMENT_TYPES } from '../sim/model.js';
import { type ColumnAllocator, MOVEMENT_ABSOLUTE, MOVEMENT_SYNC, MOVEMENT_TYPE_CODE, MovementStoreBuilder } from '../sim/movement-store.js';
import { describeFound } from './problems.js';
import { readBoolean, readInteger, readText } from './field-values.js';
import type { LineParser, RecordReporter, RecordSink, WindowBounds } from './record-sink.js';
import { readTimeInWindow } from './record-sink.js';
import type { SkuInterner } from './sku-interner.js';

/** The fields of a movement, in the order of the `values` array a source fills. */
export const MOVEMENT_FIELDS = ['at', 'system', 'sku', 'type', 'qty', 'count', 'ref', 'actor', 'sync'] as const;
/** Positions of the fields in MOVEMENT_FIELDS (the sink and the fast line parser share them). */
export const AT = 0;
export const SYSTEM = 1;
export const SKU = 2;
export const TYPE = 3;
export const QTY = 4;
export const COUNT = 5;
export const REF = 6;
export const ACTOR = 7;
export const SYNC = 8;

const REQUIRED = ['at', 'system', 'sku', 'type'] as const;
const TEXT_FIELDS: ReadonlySet<string> = new Set(['system', 'sku', 'ref', 'actor']);
const TYPE_BY_NAME: ReadonlyMap<string, MovementType> = new Map(MOVEMENT_TYPES.map((type) => [type, type]));
const EXPECTED_TYPE = `one of ${MOVEMENT_TYPES.join(', ')}`;
const EXPECTED_ACTOR = 'integration, system, or user:<name>';

/** True for `integration`, `system` and `user:<name>` with a non-empty name. */
export function isValidActor(actor: string): boolean {
  return actor === 'integration' || actor === 'system' || (actor.length > 5 && actor.startsWith('user:'));
}

/**
 * Collects the valid movements of one section, in input order.
 *
 * @example
 * const sink = new MovementSink(new Map([['wms', 0]]), new SkuInterner(), { startMs: -Infinity, endMs: Infinity });
 * // a source then calls sink.accept(values, textual, reporter) once per record
 */
export class MovementSink implements RecordSink {
  readonly section = 'movements' as const;
  readonly textFields = TEXT_FIELDS;
  /** The valid movements so far; the loader calls `finish` on it once every record is in. */
  readonly movements: MovementStoreBuilder;
  /** Set by the loader: `MovementLineParser`, which appends to `movements` directly. */
  lineParser?: LineParser;
  /** Set by the loader: reads a large NDJSON file in two halves on two threads (movement-parts.ts). */
  readInParts?: RecordSink['readInParts'];
  /** Earliest and latest valid time seen, for the default window. */
  minMs = Infinity;
  maxMs = -Infinity;
  private readonly expectedSystem: string;

  constructor(
    private readonly systems: ReadonlyMap<string, number>,
    private readonly skus: SkuInterner,
    private readonly bounds: WindowBounds,
    allocate?: ColumnAllocator,
  ) {
    this.movements = new MovementStoreBuilder({ allocate });
    this.expectedSystem = `a declared system (${[...systems.keys()].join(', ') || 'none declared'})`;
  }

  fieldsFor(): readonly string[] {
    return MOVEMENT_FIELDS;
  }

  requiredFor(): readonly string[] {
    return REQUIRED;
  }

  /**
   * A side file of `bytes` is about to stream: room for as many rows as it can hold is made
   * at once (an NDJSON movement line is longer than 40 bytes, a CSV row than 16; more rows
   * still fit, by growing), so the columns are never copied to grow.
   */
  expectBytes(bytes: number, format: 'csv' | 'ndjson'): void {
    this.movements.reserve(Math.ceil(bytes / (format === 'csv' ? 16 : 40)) + 64, Math.ceil(bytes / 4) + 64);
  }

  accept(values: readonly unknown[], textual: boolean, reporter: RecordReporter): void {
    const before = reporter.count;
    const atMs = readTimeInWindow(values[AT], this.bounds, reporter, AT);

    let system = -1;
    const systemName = readText(values[SYSTEM], 'system', reporter, SYSTEM);
    if (systemName !== undefined) {
      system = this.systems.get(systemName) ?? -1;
      if (system < 0) reporter.report('system', this.expectedSystem, describeFound(systemName), SYSTEM);
    }

    const skuName = readText(values[SKU], 'sku', reporter, SKU);

    const typeValue = values[TYPE];
    const type = typeof typeValue === 'string' ? TYPE_BY_NAME.get(typeValue) : undefined;
    if (type === undefined) {
      reporter.report('type', EXPECTED_TYPE, typeValue === undefined ? 'nothing (it is required)' : describeFound(typeValue), TYPE);
    }

    // qty for deltas, count for absolute types; the other one must be left out so a file
    // never says two contradicting things about one movement. (Two plain branches rather
    // than a table: this runs per record and must not allocate.)
    let value = NaN;
    const absolute = type !== undefined && ABSOLUTE_MOVEMENT_TYPES.has(type);
    if (absolute) {
      value = readInteger(values[COUNT], 'count', textual, false, reporter, COUNT);
      if (values[QTY] !== undefined) {
        reporter.report('qty', `no qty on a ${type} movement (it sets an absolute count)`, describeFound(values[QTY]), QTY);
      }
    } else if (type !== undefined) {
      value = readInteger(values[QTY], 'qty', textual, true, reporter, QTY);
      if (values[COUNT] !== undefined) {
        reporter.report('count', `no count on a ${type} movement (it takes a qty delta)`, describeFound(values[COUNT]), COUNT);
      }
    }

    const refValue = values[REF];
    const ref = refValue === undefined ? undefined : readText(refValue, 'ref', reporter, REF);

    const actorValue = values[ACTOR];
    let actor: string | undefined;
    if (actorValue !== undefined) {
      actor = readText(actorValue, 'actor', reporter, ACTOR);
      if (actor !== undefined && !isValidActor(actor)) reporter.report('actor', EXPECTED_ACTOR, describeFound(actor), ACTOR);
    }

    const syncValue = values[SYNC];
    const sync = syncValue === undefined ? true : readBoolean(syncValue, 'sync', textual, reporter, SYNC);

    if (reporter.count !== before) return;
    // Every check passed, so the narrowings below hold.
    const flags = (absolute ? MOVEMENT_ABSOLUTE : 0) | (sync! ? MOVEMENT_SYNC : 0);
    this.movements.push(atMs, system, this.skus.intern(skuName!), MOVEMENT_TYPE_CODE.get(type!)!, value, flags, actor === undefined ? -1 : this.movements.actorCode(actor));
    if (ref !== undefined) this.movements.setRef(ref);
    this.noteTime(atMs);
  }

  /** Widens the span of valid times seen (the default window). */
  noteTime(atMs: number): void {
    if (atMs < this.minMs) this.minMs = atMs;
    if (atMs > this.maxMs) this.maxMs = atMs;
  }
}
