/**
 * The typed, resolved form of an incident or scenario file, as the engine consumes it.
 *
 * The loader (`src/io`) turns a YAML/JSON file (and its CSV/NDJSON side files) into an
 * `Incident`. Every time is an integer number of milliseconds since the Unix epoch (UTC),
 * every duration an integer number of milliseconds, and systems and SKUs are referred to by
 * their index in `systems` and `skus` so that the engine's hot path works on dense arrays.
 *
 * `skus` is sorted in code-point order, so comparing two SKU indices compares the SKU
 * strings in code-point order (the tie rule of link capacity relies on it).
 */
import type { LogStore } from './log-store.js';
import type { MovementStore } from './movement-store.js';
import type { ObservationStore } from './observation-store.js';

/** The kinds of system the spec knows; `storefront` is accepted as an alias of `shopify`. */
export const SYSTEM_KINDS = ['wms', 'erp', 'shopify', '3pl'] as const;
export type SystemKind = (typeof SYSTEM_KINDS)[number];

export const MOVEMENT_TYPES = [
  'receipt',
  'shipment',
  'order',
  'cancel',
  'return',
  'adjustment',
  'transfer',
  'cycle_count',
  'manual_set',
] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

/** Movement types that set an absolute count rather than adding a delta. */
export const ABSOLUTE_MOVEMENT_TYPES: ReadonlySet<MovementType> = new Set(['cycle_count', 'manual_set']);

/** The type a change carries when a batch or poll message caused it (spec, semantics 2). */
export const BATCH_CHANGE_TYPE = 'batch';
/** The type of a change caused by an intervention fault; it enters no link anyway. */
export const INTERVENTION_CHANGE_TYPE = 'intervention';

export const LINK_MODES = ['event', 'batch', 'poll'] as const;
export type LinkMode = (typeof LINK_MODES)[number];

export const LINK_CARRIES = ['snapshot', 'delta'] as const;
export type LinkCarries = (typeof LINK_CARRIES)[number];

export interface SystemDef {
  name: string;
  kind: SystemKind;
}

export interface SkuDef {
  sku: string;
  /** Product title; truncation faults on `title` match against it (a SKU without one uses the SKU). */
  title?: string;
}

export interface LinkDef {
  /** `from->to`, as the spec names links. */
  name: string;
  from: number;
  to: number;
  mode: LinkMode;
  /** Batch/poll only: the cycle period. */
  everyMs?: number;
  /** Batch/poll only: cycles run at instants t with (t - offsetMs) a multiple of everyMs. */
  offsetMs: number;
  carries: LinkCarries;
  latencyMs: number;
  /** Batch/poll only: at most this many SKUs per cycle; undefined is unlimited. */
  capacity?: number;
  /** Only changes whose type is listed enter the link; undefined is every type. */
  types?: string[];
  /**
   * Only changes of these SKUs (indices) enter the link; undefined is every SKU. Files do not
   * declare it: `drift-sim fix` sets it when a remedy splits a link by SKU velocity.
   */
  skus?: readonly number[];
  idempotent: boolean;
}

export interface Movement {
  atMs: number;
  /** Index into `Incident.systems`. */
  system: number;
  /** Index into `Incident.skus`. */
  sku: number;
  type: MovementType;
  /** The signed delta (`qty`) or, for absolute types, the count set (`count`). */
  value: number;
  /** True for `cycle_count` and `manual_set`: `value` is the count set. */
  absolute: boolean;
  ref?: string;
  actor?: string;
  /** False: recorded as bypassing the sync chain; it changes its system only. */
  sync: boolean;
}

export interface Observation {
  atMs: number;
  sku: number;
  /** Observed count per system index; a system left out was not observed (undefined). */
  counts: (number | undefined)[];
}

export type LogLevel = 'error' | 'warn' | 'info';

export interface LogLine {
  atMs: number;
  /** A link name (`wms->erp`) or a system name. */
  component: string;
  level: LogLevel;
  code?: string;
  sku?: string;
  message?: string;
}

/** A fault as written in a file or on the command line, with its parameters parsed and typed. */
export interface FaultSpec {
  kind: string;
  params: Record<string, FaultParamValue>;
}

export type FaultParamValue =
  | number
  | string
  | boolean
  | string[]
  | { count: number; perMs: number }
  | { fromMs: number; toMs: number }
  | { numerator: number; denominator: number };

export interface Incident {
  version: 1;
  name: string;
  description?: string;
  /** The file it was loaded from, for messages and rerun commands. */
  sourcePath?: string;
  window: { startMs: number; endMs: number };
  timezone: string;
  systems: SystemDef[];
  /** Index into `systems` of the system of record. */
  recordOf: number;
  /** Sorted in code-point order of `sku`. */
  skus: SkuDef[];
  /** initial[system][sku]: the count at window start. */
  initial: number[][];
  links: LinkDef[];
  /** Sorted by time; ties keep input order. Columns for the hot paths, `for...of` for `Movement` objects. */
  movements: MovementStore;
  /** Sorted by time; ties keep input order. Columns for the hot paths (`count(i, system)`), `for...of` for `Observation` objects. */
  observations: ObservationStore;
  /** Sorted by time; ties keep input order. Columns with interned texts, `for...of` for `LogLine` objects. */
  logs: LogStore;
  faults: FaultSpec[];
  /** Largest absolute difference still counted as a match. */
  tolerance: number;
  expect?: { gate2?: { answer: 'yes' | 'no'; problem: 'integration' | 'process' | 'both' | 'unexplained' } };
}

/** Looks up a system index by name; -1 when absent. */
export function systemIndex(incident: Incident, name: string): number {
  return incident.systems.findIndex((system) => system.name === name);
}

/** Looks up a link index by its `from->to` name; -1 when absent. */
export function linkIndex(incident: Incident, name: string): number {
  return incident.links.findIndex((link) => link.name === name);
}

/** Looks up a SKU index by binary search over the code-point-sorted table; -1 when absent. */
export function skuIndex(incident: Incident, sku: string): number {
  let low = 0;
  let high = incident.skus.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const candidate = incident.skus[middle]!.sku;
    if (candidate === sku) return middle;
    if (compareCodePoints(candidate, sku) < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** Compares strings by code point (not UTF-16 unit, not locale), as the spec's tie rules ask. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.codePointAt(index)!;
    const y = b.codePointAt(index)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) index++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Index of the first movement after `ms` in the time-sorted store (binary search). */
export function firstMovementAfter(movements: MovementStore, ms: number): number {
  return movements.firstAfter(ms);
}

/** A log line as the file format's record (times as ISO UTC, absent fields left out). */
export function logLineRecord(line: LogLine, formatTime: (ms: number) => string): Record<string, string> {
  return {
    at: formatTime(line.atMs),
    component: line.component,
    level: line.level,
    ...(line.code !== undefined ? { code: line.code } : {}),
    ...(line.sku !== undefined ? { sku: line.sku } : {}),
    ...(line.message !== undefined ? { message: line.message } : {}),
  };
}
