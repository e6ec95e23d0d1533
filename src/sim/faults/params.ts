/**
 * Fault parameters: one typed table per fault kind, and one parser for both sources.
 *
 * A fault arrives either from a file (YAML/JSON values: numbers, strings, lists, mappings)
 * or from `--fault kind:key=value,...` (every value a string, lists joined with `|`). Both
 * go through `parseFaultParams`, so a file and a flag accept exactly the same things and
 * report the same problems.
 */
import { WEEKDAYS, parseClock } from '../calendar.js';
import type { FaultParamValue } from '../model.js';
import { formatDuration, formatTime, parseDuration, parseTime } from '../time.js';

export type ParamType =
  | 'link'
  | 'system'
  | 'sku'
  | 'skus'
  | 'duration'
  | 'time'
  | 'window'
  | 'clock'
  | 'integer'
  | 'count'
  | 'positiveInteger'
  | 'load'
  | 'weekdays'
  | 'boolean'
  | 'ratio'
  | 'retry'
  | 'enum';

export interface ParamSpec {
  name: string;
  type: ParamType;
  /** For `enum`. */
  values?: readonly string[];
  /** Required unless listed in a `oneOf` group or given a default by the kind. */
  required?: boolean;
  doc: string;
}

/** What names a fault's parameters may refer to. */
export interface ParamContext {
  systems: readonly string[];
  links: readonly string[];
  /** When given, SKU parameters must name one of these. */
  skus?: ReadonlySet<string>;
}

/** A problem with one parameter, relative to the fault (the caller adds file and path prefix). */
export interface ParamProblem {
  path: string;
  expected: string;
  found: string;
}

const DESCRIBE: Record<ParamType, string> = {
  link: 'a declared link name like wms->erp',
  system: 'a declared system name',
  sku: 'a SKU',
  skus: 'a list of SKUs',
  duration: 'a duration like 500ms, 30s, 15m, 2h, 1d or PT15M',
  time: 'an ISO 8601 time with a zone, like 2026-03-02T09:00:00Z',
  window: 'a mapping {from, to} of zoned times (or FROM/TO on the command line)',
  clock: 'a local time of day HH:MM',
  integer: 'a non-zero integer',
  count: 'an integer count',
  positiveInteger: 'a positive integer',
  load: 'a load threshold N/duration, like 100/5m',
  weekdays: `a list of weekdays (${WEEKDAYS.join(', ')})`,
  boolean: 'true or false',
  ratio: 'a probability between 0 and 1, like 0.05',
  retry: 'a retry delay like 30s, or none',
  enum: 'one of',
};

/** Describes what a parameter accepts, for problem messages and `--help`. */
export function describeParam(spec: ParamSpec): string {
  return spec.type === 'enum' ? `one of ${spec.values!.join(', ')}` : DESCRIBE[spec.type];
}

function found(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}

function asList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.split('|').map((item) => item.trim());
  return undefined;
}

function asInteger(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) ? number : undefined;
}

/** Parses one parameter value; returns the typed value or a problem. */
export function parseParam(
  spec: ParamSpec,
  value: unknown,
  context: ParamContext,
): { value: FaultParamValue } | { problem: Omit<ParamProblem, 'path'> } {
  const fail = (expected = describeParam(spec)) => ({ problem: { expected, found: found(value) } });
  switch (spec.type) {
    case 'link': {
      if (typeof value !== 'string') return fail();
      const name = value.replace(/\s*->\s*/, '->').trim();
      return context.links.includes(name) ? { value: name } : fail(`a declared link (${context.links.join(', ') || 'none declared'})`);
    }
    case 'system':
      return typeof value === 'string' && context.systems.includes(value)
        ? { value }
        : fail(`a declared system (${context.systems.join(', ')})`);
    case 'sku':
      if (typeof value !== 'string' || value.length === 0) return fail();
      if (context.skus && !context.skus.has(value)) return fail('a SKU that appears in the incident');
      return { value };
    case 'skus': {
      const list = asList(value);
      if (!list || list.length === 0 || list.some((item) => typeof item !== 'string' || item.length === 0)) return fail();
      const skus = list as string[];
      if (context.skus && skus.some((sku) => !context.skus!.has(sku))) return fail('SKUs that appear in the incident');
      return { value: skus };
    }
    case 'duration': {
      const ms = typeof value === 'string' ? parseDuration(value) : undefined;
      return ms === undefined ? fail() : { value: ms };
    }
    case 'time': {
      const ms = typeof value === 'string' ? parseTime(value) : undefined;
      return ms === undefined ? fail() : { value: ms };
    }
    case 'window': {
      let fromText: unknown;
      let toText: unknown;
      if (typeof value === 'string' && value.includes('/')) [fromText, toText] = value.split('/');
      else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const record = value as Record<string, unknown>;
        if (Object.keys(record).some((key) => key !== 'from' && key !== 'to')) return fail();
        fromText = record.from;
        toText = record.to;
      } else return fail();
      // A left-out or empty side is open: formatParam writes an open side of FROM/TO as empty.
      const bound = (text: unknown, open: number): number | undefined =>
        text === undefined || (typeof text === 'string' && text.trim() === '') ? open : typeof text === 'string' ? parseTime(text.trim()) : undefined;
      const fromMs = bound(fromText, -Infinity);
      const toMs = bound(toText, Infinity);
      if (fromMs === undefined || toMs === undefined || fromMs > toMs) return fail();
      return { value: { fromMs, toMs } };
    }
    case 'clock': {
      const minutes = typeof value === 'string' ? parseClock(value) : undefined;
      return minutes === undefined ? fail() : { value: value as string };
    }
    case 'integer': {
      const number = asInteger(value);
      return number === undefined || number === 0 ? fail() : { value: number };
    }
    case 'count': {
      const number = asInteger(value);
      return number === undefined ? fail() : { value: number };
    }
    case 'positiveInteger': {
      const number = asInteger(value);
      return number === undefined || number < 1 ? fail() : { value: number };
    }
    case 'load': {
      const match = typeof value === 'string' ? /^\s*(\d+)\s*(?:\/|per)\s*(\S+)\s*$/.exec(value) : null;
      const perMs = match ? parseDuration(match[2]!) : undefined;
      if (!match || perMs === undefined || perMs <= 0) return fail();
      return { value: { count: Number(match[1]), perMs } };
    }
    case 'weekdays': {
      const list = asList(value);
      const days = list?.map((item) => (typeof item === 'string' ? item.trim().toLowerCase().slice(0, 3) : item));
      if (!days || days.length === 0 || days.some((day) => !WEEKDAYS.includes(day as never))) return fail();
      return { value: [...new Set(days as string[])].sort((a, b) => WEEKDAYS.indexOf(a as never) - WEEKDAYS.indexOf(b as never)) };
    }
    case 'boolean':
      if (value === true || value === 'true') return { value: true };
      if (value === false || value === 'false') return { value: false };
      return fail();
    case 'ratio': {
      // A small number prints in exponent form (1e-7); read it as the decimal it is.
      const text = typeof value === 'number' ? decimalText(value) : typeof value === 'string' ? value.trim() : '';
      const match = /^(0|1)(?:\.(\d{1,9}))?$/.exec(text);
      if (!match) return fail();
      const digits = match[2] ?? '';
      const denominator = 10 ** digits.length;
      const numerator = Number(match[1]) * denominator + Number(digits || '0');
      if (numerator > denominator) return fail();
      return { value: { numerator, denominator } };
    }
    case 'retry': {
      if (value === 'none' || value === false || value === 'false') return { value: -1 };
      const ms = typeof value === 'string' ? parseDuration(value) : undefined;
      return ms === undefined ? fail() : { value: ms };
    }
    case 'enum':
      return typeof value === 'string' && spec.values!.includes(value) ? { value } : fail();
  }
}

/** Formats a typed parameter value back into `--fault` syntax (the inverse of parseParam). */
export function formatParam(spec: ParamSpec, value: FaultParamValue): string {
  switch (spec.type) {
    case 'duration':
      return formatDuration(value as number);
    case 'retry':
      return (value as number) < 0 ? 'none' : formatDuration(value as number);
    case 'time':
      return formatTime(value as number);
    case 'window': {
      const { fromMs, toMs } = value as { fromMs: number; toMs: number };
      return `${Number.isFinite(fromMs) ? formatTime(fromMs) : ''}/${Number.isFinite(toMs) ? formatTime(toMs) : ''}`;
    }
    case 'load': {
      const { count, perMs } = value as { count: number; perMs: number };
      return `${count}/${formatDuration(perMs)}`;
    }
    case 'skus':
    case 'weekdays':
      return (value as string[]).join('|');
    case 'ratio': {
      const { numerator, denominator } = value as { numerator: number; denominator: number };
      return ratioText(numerator, denominator);
    }
    default:
      return String(value);
  }
}

/** A number as plain decimal digits (never `1e-7`), up to the 9 decimals a ratio may have. */
function decimalText(value: number): string {
  const text = String(value);
  if (!/e/i.test(text) || !Number.isFinite(value)) return text;
  const fixed = value.toFixed(9).replace(/\.?0+$/, '');
  return Number(fixed) === value ? fixed : text;
}

/** numerator/denominator (a power of ten) as the exact decimal it was written as: 5/100 is `0.05`. */
function ratioText(numerator: number, denominator: number): string {
  if (denominator === 1) return String(numerator);
  const digits = String(denominator).length - 1;
  return `${Math.floor(numerator / denominator)}.${String(numerator % denominator).padStart(digits, '0')}`;
}

/** The JSON form of a parameter value in reports (`daily: "09:00"`, `delay: "2h"`). */
export function paramToJson(spec: ParamSpec, value: FaultParamValue): string | number | boolean | string[] {
  switch (spec.type) {
    case 'integer':
    case 'count':
    case 'positiveInteger':
    case 'boolean':
      return value as number | boolean;
    case 'skus':
    case 'weekdays':
      return value as string[];
    case 'ratio': {
      const { numerator, denominator } = value as { numerator: number; denominator: number };
      return numerator / denominator;
    }
    default:
      return formatParam(spec, value);
  }
}
