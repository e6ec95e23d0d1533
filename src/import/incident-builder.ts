/**
 * Where the presets put what they read: movements and log lines go straight to their NDJSON
 * side files as they stream (a ten-million-row history is never held), observations are
 * merged in memory by time and SKU (an inventory export of one system and a spot check of
 * another at the same instant become one observation), and snapshot counts become the
 * incident's starting counts.
 *
 * Records are written in the incident format's own field names, so the result loads with
 * `loadIncident` like any hand-written incident.
 */
import type { LineFileWriter } from './line-file-writer.js';
import type { MovementType, SystemDef } from '../sim/model.js';
import { formatTime } from '../sim/time.js';

/** Where a record came from, for problems about it. */
export interface RecordOrigin {
  file: string;
  line?: number;
  column?: number;
}

/**
 * What one source yielded, for the summary.
 *
 * @example
 * const stats = new SourceStats();
 * stats.skip('another location');
 * stats.toJson().skipped; // { 'another location': 1 }
 */
export class SourceStats {
  rows = 0;
  movements = 0;
  observations = 0;
  initialCounts = 0;
  logs = 0;
  /** Reason -> rows left out for it (another location, outside the window, `not stocked`, ...). */
  readonly skipped = new Map<string, number>();

  skip(reason: string): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
  }

  toJson(): Record<string, unknown> {
    return {
      rows: this.rows,
      movements: this.movements,
      observations: this.observations,
      initialCounts: this.initialCounts,
      logs: this.logs,
      skipped: Object.fromEntries(this.skipped),
    };
  }
}

interface PendingObservation {
  atMs: number;
  sku: string;
  counts: (number | undefined)[];
  origins: (RecordOrigin | undefined)[];
}

/** A problem the builder found in a record (a conflicting count); the caller reports it. */
export interface BuilderConflict {
  origin: RecordOrigin;
  expected: string;
  found: string;
}

/**
 * @example
 * const builder = new IncidentBuilder(systems, { startMs: -Infinity, endMs: Infinity }, movementWriter, logWriter);
 * builder.movement(stats, Date.parse('2026-03-07T15:00:00Z'), 0, 'MUG-01', 'shipment', -2, false, 'SO-1', undefined);
 */
export class IncidentBuilder {
  /** `","system":"wms","sku":` per system: what follows the time. */
  private readonly systemJson: Uint8Array[];
  private readonly observations = new Map<string, PendingObservation>();
  /** SKU -> count per system, from snapshot sources; undefined where no snapshot said. */
  readonly initial = new Map<string, (number | undefined)[]>();
  /** Every SKU a movement names. */
  readonly movementSkus = new Set<string>();
  readonly conflicts: BuilderConflict[] = [];
  /**
   * SKUs that Shopify's exports name, with where each was first seen: each must also be named
   * by a movement, `initial` or `skus`, or it is likely a SKU written differently in the
   * storefront than in the warehouse.
   */
  readonly storefrontSkus = new Map<string, RecordOrigin>();
  movementCount = 0;
  logCount = 0;
  /** JSON text (UTF-8) of each SKU seen, so a ten-million-row export quotes each SKU once. */
  private readonly skuJson = new Map<string, Uint8Array>();
  /** `,"type":"shipment","qty":` and the like, per type, for relative and for absolute (`"count":`) movements. */
  private readonly qtyTypeJson = new Map<string, Uint8Array>();
  private readonly countTypeJson = new Map<string, Uint8Array>();
  /** `,"actor":"user:dana.w"` per actor seen. */
  private readonly actorJson = new Map<string, Uint8Array>();
  /** `formatTime` of the last hour written, cut before the minutes (ASCII): rows come in time order. */
  private hourPrefix: Uint8Array = new Uint8Array(0);
  private hourMs = NaN;

  constructor(
    readonly systems: readonly SystemDef[],
    /** The declared window; a record outside it is left out (and counted), an open side is infinite. */
    readonly window: { startMs: number; endMs: number },
    private readonly movementWriter: LineFileWriter,
    private readonly logWriter: LineFileWriter,
  ) {
    this.systemJson = systems.map((system) => Buffer.from(`","system":${JSON.stringify(system.name)},"sku":`, 'utf8'));
  }

  /** True when `atMs` lies inside the declared window (both ends included). */
  inWindow(atMs: number): boolean {
    return atMs >= this.window.startMs && atMs <= this.window.endMs;
  }

  /** Writes one movement; false (and counted as skipped) when it lies outside the window. */
  movement(
    stats: SourceStats,
    atMs: number,
    system: number,
    sku: string,
    type: MovementType,
    value: number,
    absolute: boolean,
    ref: string | undefined,
    actor: string | undefined,
  ): boolean {
    if (!this.inWindow(atMs)) {
      stats.skip('outside the window');
      return false;
    }
    // Written as bytes by hand rather than JSON.stringify of an object: this runs once per
    // export row, and every piece but the time, quantity and ref repeats (kept encoded).
    let skuJson = this.skuJson.get(sku);
    if (skuJson === undefined) {
      skuJson = Buffer.from(JSON.stringify(sku), 'utf8');
      this.skuJson.set(sku, skuJson);
      this.movementSkus.add(sku);
    }
    const typeJsons = absolute ? this.countTypeJson : this.qtyTypeJson;
    let typeJson = typeJsons.get(type);
    if (typeJson === undefined) {
      typeJson = Buffer.from(`,"type":${JSON.stringify(type)},${absolute ? '"count"' : '"qty"'}:`, 'utf8');
      typeJsons.set(type, typeJson);
    }
    let actorJson: Uint8Array | undefined;
    if (actor !== undefined) {
      actorJson = this.actorJson.get(actor);
      if (actorJson === undefined) {
        actorJson = Buffer.from(`,"actor":${JSON.stringify(actor)}`, 'utf8');
        this.actorJson.set(actor, actorJson);
      }
    }
    const writer = this.movementWriter;
    const systemJson = this.systemJson[system]!;
    // The longest the line can be: the constant pieces, a time and a number (under 30 bytes
    // each), the ref (at most 6 bytes a UTF-16 unit once escaped) and the braces.
    writer.reserve(96 + systemJson.length + skuJson.length + typeJson.length + (actorJson?.length ?? 0) + (ref === undefined ? 0 : ref.length * 6));
    writer.bytes(AT_OPEN);
    this.writeTime(writer, atMs);
    writer.bytes(systemJson);
    writer.bytes(skuJson);
    writer.bytes(typeJson);
    writer.integer(value);
    if (ref !== undefined) {
      writer.bytes(REF_KEY);
      if (isPlainAscii(ref)) {
        writer.byte(QUOTE);
        writer.ascii(ref);
        writer.byte(QUOTE);
      } else writer.text(JSON.stringify(ref));
    }
    if (actorJson !== undefined) writer.bytes(actorJson);
    writer.byte(CLOSE_BRACE);
    writer.endLine();
    this.movementCount++;
    stats.movements++;
    return true;
  }

  /**
   * Writes `formatTime(atMs)`, reusing the bytes of the date and hour of the previous call
   * when they are the same (rows come in time order), for whole seconds in years 1970 to 9999.
   */
  private writeTime(writer: LineFileWriter, atMs: number): void {
    const inHourMs = atMs % 3_600_000;
    if (inHourMs % 1000 !== 0 || atMs < 0 || atMs > LAST_FOUR_DIGIT_YEAR_MS) {
      writer.ascii(formatTime(atMs));
      return;
    }
    const hourMs = atMs - inHourMs;
    if (hourMs !== this.hourMs) {
      this.hourMs = hourMs;
      this.hourPrefix = Buffer.from(formatTime(hourMs).slice(0, 14), 'latin1');
    }
    writer.bytes(this.hourPrefix);
    const seconds = inHourMs / 1000;
    const minutes = Math.floor(seconds / 60);
    writer.twoDigits(minutes);
    writer.byte(58 /* : */);
    writer.twoDigits(seconds - minutes * 60);
    writer.byte(90 /* Z */);
  }

  /**
   * Adds one system's count of a SKU at an instant. Counts of the same instant and SKU from
   * several sources merge into one observation; two different counts of the same system
   * are a conflict. False when outside the window or in conflict.
   */
  observation(stats: SourceStats, atMs: number, sku: string, system: number, count: number, origin: RecordOrigin): boolean {
    if (!this.inWindow(atMs)) {
      stats.skip('outside the window');
      return false;
    }
    const key = `${atMs} ${sku}`;
    let pending = this.observations.get(key);
    if (pending === undefined) {
      pending = { atMs, sku, counts: new Array(this.systems.length).fill(undefined), origins: new Array(this.systems.length).fill(undefined) };
      this.observations.set(key, pending);
    }
    const earlier = pending.counts[system];
    if (earlier !== undefined) {
      if (earlier !== count) {
        const first = pending.origins[system]!;
        this.conflicts.push({
          origin,
          expected: `one ${this.systems[system]!.name} count of ${sku} at ${formatTime(atMs)} (${describeOrigin(first)} says ${earlier})`,
          found: String(count),
        });
        return false;
      }
      // The same count twice (a webhook retried, an export overlapping another) says nothing new.
      stats.skip('repeats an observation');
      return false;
    }
    pending.counts[system] = count;
    pending.origins[system] = origin;
    stats.observations++;
    return true;
  }

  /** Sets one system's starting count of a SKU (a snapshot at the window's start). */
  initialCount(stats: SourceStats, sku: string, system: number, count: number, origin: RecordOrigin): boolean {
    let counts = this.initial.get(sku);
    if (counts === undefined) {
      counts = new Array(this.systems.length).fill(undefined);
      this.initial.set(sku, counts);
    }
    const earlier = counts[system];
    if (earlier !== undefined && earlier !== count) {
      this.conflicts.push({ origin, expected: `one starting ${this.systems[system]!.name} count of ${sku} (another snapshot says ${earlier})`, found: String(count) });
      return false;
    }
    counts[system] = count;
    stats.initialCounts++;
    return true;
  }

  /** Writes one log line (log lines may lie outside the window: they are evidence, not inputs). */
  log(stats: SourceStats, atMs: number, component: string, level: 'error' | 'warn' | 'info', code?: string, sku?: string, message?: string): void {
    let line = `{"at":"${formatTime(atMs)}","component":${JSON.stringify(component)},"level":"${level}"`;
    if (code !== undefined) line += `,"code":${JSON.stringify(code)}`;
    if (sku !== undefined) line += `,"sku":${JSON.stringify(sku)}`;
    if (message !== undefined) line += `,"message":${JSON.stringify(message)}`;
    this.logWriter.write(`${line}}`);
    this.logCount++;
    stats.logs++;
  }

  /** The SKUs observations name. */
  observedSkus(): Set<string> {
    const skus = new Set<string>();
    for (const pending of this.observations.values()) skus.add(pending.sku);
    return skus;
  }

  get observationCount(): number {
    return this.observations.size;
  }

  /** The merged observations as NDJSON lines, by time and then SKU in code-point order. */
  *observationLines(): Generator<string> {
    const sorted = [...this.observations.values()].sort((a, b) => a.atMs - b.atMs || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    for (const pending of sorted) {
      const counts: Record<string, number> = {};
      pending.counts.forEach((count, system) => {
        if (count !== undefined) counts[this.systems[system]!.name] = count;
      });
      yield JSON.stringify({ at: formatTime(pending.atMs), sku: pending.sku, counts });
    }
  }
}

const AT_OPEN = Buffer.from('{"at":"', 'latin1');
const REF_KEY = Buffer.from(',"ref":', 'latin1');
const QUOTE = 34;
const CLOSE_BRACE = 125;
/** 9999-12-31T23:59:59.999Z: later times have more year digits than the minute prefix allows for. */
const LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999;

/** True when JSON.stringify writes the string as it is between quotes: printable ASCII without a quote or a backslash. */
function isPlainAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 32 || code > 126 || code === 34 || code === 92) return false;
  }
  return true;
}

function describeOrigin(origin: RecordOrigin): string {
  return [origin.file, origin.line].filter((part) => part !== undefined).join(':');
}
