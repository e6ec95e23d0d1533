/**
 * Log lines: middleware, API and webhook logs kept as evidence for Gate 3 and `diagnose`.
 * The replay does not consume them, so a log line outside the window is kept, not refused.
 */
import { LogStoreBuilder } from '../sim/log-store.js';
import type { LogLevel } from '../sim/model.js';
import type { ColumnAllocator } from '../sim/movement-store.js';
import { describeFound } from './problems.js';
import { readText, readTime } from './field-values.js';
import type { RecordReporter, RecordSink } from './record-sink.js';

export const LOG_FIELDS = ['at', 'component', 'level', 'code', 'sku', 'message'] as const;
const REQUIRED = ['at', 'component', 'level'] as const;
const TEXT_FIELDS: ReadonlySet<string> = new Set(['component', 'code', 'sku', 'message']);
const LEVELS: ReadonlySet<string> = new Set<LogLevel>(['error', 'warn', 'info']);
const AT = 0;
const COMPONENT = 1;
const LEVEL = 2;
const CODE = 3;
const SKU = 4;
const MESSAGE = 5;

/** `wms -> erp` and `wms->erp` name the same link; logs from other tools space it either way. */
export function normalizeLinkName(name: string): string {
  return name.includes('->') ? name.replace(/\s*->\s*/, '->').trim() : name;
}

/**
 * Collects the valid log lines of one section, in input order, straight into the columns of
 * a `LogStoreBuilder` (texts interned: no object per line).
 *
 * @example
 * const sink = new LogSink(new Set(['wms', 'erp', 'wms->erp']));
 */
export class LogSink implements RecordSink {
  readonly section = 'logs' as const;
  readonly textFields = TEXT_FIELDS;
  /** The valid lines so far; the loader calls `finish` on it once every record is in. */
  readonly logs: LogStoreBuilder;
  private readonly expectedComponent: string;

  /** `components`: the declared system names and link names a log line may name. */
  constructor(
    private readonly components: ReadonlySet<string>,
    allocate?: ColumnAllocator,
  ) {
    this.logs = new LogStoreBuilder({ allocate });
    this.expectedComponent = `a declared system or link name (${[...components].join(', ') || 'none declared'})`;
  }

  fieldsFor(): readonly string[] {
    return LOG_FIELDS;
  }

  requiredFor(): readonly string[] {
    return REQUIRED;
  }

  accept(values: readonly unknown[], _textual: boolean, reporter: RecordReporter): void {
    const before = reporter.count;
    const atMs = readTime(values[AT], 'at', reporter, AT);
    const rawComponent = readText(values[COMPONENT], 'component', reporter, COMPONENT);
    const component = rawComponent === undefined ? undefined : normalizeLinkName(rawComponent);
    if (component !== undefined && !this.components.has(component)) {
      reporter.report('component', this.expectedComponent, describeFound(rawComponent), COMPONENT);
    }
    const level = values[LEVEL];
    if (typeof level !== 'string' || !LEVELS.has(level)) {
      reporter.report('level', 'one of error, warn, info', level === undefined ? 'nothing (it is required)' : describeFound(level), LEVEL);
    }
    const code = values[CODE] === undefined ? undefined : readText(values[CODE], 'code', reporter, CODE);
    const sku = values[SKU] === undefined ? undefined : readText(values[SKU], 'sku', reporter, SKU);
    const message = values[MESSAGE] === undefined ? undefined : readText(values[MESSAGE], 'message', reporter, MESSAGE);
    if (reporter.count !== before) return;
    this.logs.push(atMs, component!, level as LogLevel, code, sku, message);
  }
}
