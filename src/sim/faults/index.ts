/**
 * The fault library: every kind, in the fixed order the Gate 2 search uses to break ties
 * between equally small explanations (simpler, more common integration failures first, then
 * the process kinds), and the one parser for faults from files and from `--fault`.
 *
 * @example
 * const parsed = parseFaultFlag('cadence:link=wms->erp,pausedOn=sat|sun', context);
 * if (parsed.spec) console.log(parsed.spec.params.pausedOn); // ['sat', 'sun']
 */
import type { FaultParamValue, FaultSpec, LinkMode } from '../model.js';
import { batchCapacity } from './batch-capacity.js';
import { batchLag } from './batch-lag.js';
import { cadence } from './cadence.js';
import { duplicateDelivery } from './duplicate-delivery.js';
import type { FaultFamily, FaultKindDefinition } from './fault-kind.js';
import { keyCollision } from './key-collision.js';
import { manualOverride } from './manual-override.js';
import type { ParamContext, ParamProblem } from './params.js';
import { describeParam, formatParam, paramToJson, parseParam } from './params.js';
import { rateLimit } from './rate-limit.js';
import { splitShipment } from './split-shipment.js';
import { timeout } from './timeout.js';
import { truncation } from './truncation.js';
import { unpropagatedAdjustment } from './unpropagated-adjustment.js';
import { webhookDrop } from './webhook-drop.js';

export type { BuiltFault, DeliveryOutcome, FaultFamily, FaultKindDefinition, Intervention, LinkRule, RuleContext } from './fault-kind.js';
export type { ParamContext, ParamProblem, ParamSpec } from './params.js';

/** Every fault kind, in the documented tie-break order. */
export const FAULT_KINDS: readonly FaultKindDefinition[] = [
  cadence,
  batchCapacity,
  batchLag,
  webhookDrop,
  duplicateDelivery,
  timeout,
  rateLimit,
  keyCollision,
  truncation,
  manualOverride,
  unpropagatedAdjustment,
  splitShipment,
];

const BY_KIND = new Map(FAULT_KINDS.map((definition) => [definition.kind, definition]));

export function faultKind(kind: string): FaultKindDefinition | undefined {
  return BY_KIND.get(kind);
}

export function familyOf(kind: string): FaultFamily {
  const definition = BY_KIND.get(kind);
  if (!definition) throw new Error(`unknown fault kind ${kind}`);
  return definition.family;
}

/** Position of a kind in the tie-break order. */
export function kindOrder(kind: string): number {
  return FAULT_KINDS.findIndex((definition) => definition.kind === kind);
}

/** What a parameter context needs to check link modes as well as names. */
export interface FaultContext extends ParamContext {
  linkModes?: Readonly<Record<string, LinkMode>>;
}

/**
 * Parses a fault from a mapping (a file's fault entry, or a `--fault` flag's key/values):
 * checks the kind, every parameter, required ones, exclusive groups and link modes. Paths in
 * the problems are relative to the fault (`kind`, `link`, ...).
 */
export function parseFaultSpec(raw: unknown, context: FaultContext): { spec?: FaultSpec; problems: ParamProblem[] } {
  const problems: ParamProblem[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [{ path: '', expected: 'a mapping with a kind and its parameters', found: raw === null ? 'null' : typeof raw }] };
  }
  const record = raw as Record<string, unknown>;
  const definition = typeof record.kind === 'string' ? BY_KIND.get(record.kind) : undefined;
  if (!definition) {
    problems.push({
      path: 'kind',
      expected: `one of ${FAULT_KINDS.map((kind) => kind.kind).join(', ')}`,
      found: record.kind === undefined ? 'nothing' : JSON.stringify(record.kind),
    });
    return { problems };
  }
  const params: Record<string, FaultParamValue> = {};
  for (const [name, value] of Object.entries(record)) {
    if (name === 'kind') continue;
    const spec = definition.params.find((candidate) => candidate.name === name);
    if (!spec) {
      problems.push({
        path: name,
        expected: `a parameter of ${definition.kind} (${definition.params.map((candidate) => candidate.name).join(', ')})`,
        found: `unknown parameter ${JSON.stringify(name)}`,
      });
      continue;
    }
    const parsed = parseParam(spec, value, context);
    if ('problem' in parsed) problems.push({ path: name, ...parsed.problem });
    else params[name] = parsed.value;
  }
  for (const spec of definition.params) {
    if (spec.required && record[spec.name] === undefined) {
      problems.push({ path: spec.name, expected: describeParam(spec), found: 'nothing (it is required)' });
    }
  }
  for (const group of definition.exactlyOne ?? []) {
    const given = group.filter((name) => record[name] !== undefined);
    if (given.length !== 1) {
      problems.push({
        path: group.join('|'),
        expected: `exactly one of ${group.join(', ')}`,
        found: given.length === 0 ? 'none' : given.join(' and '),
      });
    }
  }
  for (const group of definition.atLeastOne ?? []) {
    if (!group.some((name) => record[name] !== undefined)) {
      problems.push({ path: group.join('|'), expected: `at least one of ${group.join(', ')}`, found: 'none' });
    }
  }
  for (const [name, needed] of Object.entries(definition.requires ?? {})) {
    if (record[name] !== undefined && record[needed] === undefined) {
      problems.push({ path: name, expected: `${name} only together with ${needed}`, found: `${name} without ${needed}` });
    }
  }
  const link = params.link;
  if (definition.linkModes && typeof link === 'string' && context.linkModes?.[link]) {
    const mode = context.linkModes[link]!;
    if (!definition.linkModes.includes(mode)) {
      const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');
      const modes = definition.linkModes.join(' or ');
      problems.push({ path: 'link', expected: `${article(modes)} ${modes} link`, found: `${link}, ${article(mode)} ${mode} link` });
    }
  }
  if (problems.length > 0) return { problems };
  return { spec: { kind: definition.kind, params: { ...definition.defaults, ...params } }, problems };
}

/**
 * Parses `--fault kind:key=value,key=value` (list values joined with `|`). A value may itself
 * contain `=` or `:` (times do); keys are split at the first `=` of each comma-separated part.
 */
export function parseFaultFlag(text: string, context: FaultContext): { spec?: FaultSpec; problems: ParamProblem[] } {
  const colon = text.indexOf(':');
  const kind = (colon < 0 ? text : text.slice(0, colon)).trim();
  const raw: Record<string, unknown> = { kind };
  const problems: ParamProblem[] = [];
  if (colon >= 0 && text.slice(colon + 1).trim() !== '') {
    for (const part of splitParts(text.slice(colon + 1))) {
      const equals = part.indexOf('=');
      if (equals <= 0) {
        problems.push({ path: part, expected: 'key=value', found: JSON.stringify(part) });
        continue;
      }
      raw[part.slice(0, equals).trim()] = part.slice(equals + 1).trim();
    }
  }
  if (problems.length > 0) return { problems };
  return parseFaultSpec(raw, context);
}

/** Splits on commas that start a new `key=` (so `skus=A,B` stays readable as an error). */
function splitParts(text: string): string[] {
  return text
    .split(/,(?=\s*[A-Za-z][A-Za-z0-9]*\s*=)/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Formats a fault as a `--fault` value, parameters in the kind's declared order. */
export function formatFaultFlag(spec: FaultSpec): string {
  const definition = BY_KIND.get(spec.kind)!;
  const parts: string[] = [];
  for (const param of definition.params) {
    const value = spec.params[param.name];
    if (value === undefined) continue;
    if (definition.defaults && JSON.stringify(definition.defaults[param.name]) === JSON.stringify(value)) continue;
    parts.push(`${param.name}=${formatParam(param, value)}`);
  }
  return parts.length ? `${spec.kind}:${parts.join(',')}` : spec.kind;
}

/** The parameters of a fault as JSON values (gates.md's `params`), declared order. */
export function faultParamsToJson(spec: FaultSpec): Record<string, string | number | boolean | string[]> {
  const definition = BY_KIND.get(spec.kind)!;
  const json: Record<string, string | number | boolean | string[]> = {};
  for (const param of definition.params) {
    const value = spec.params[param.name];
    if (value === undefined) continue;
    if (definition.defaults && JSON.stringify(definition.defaults[param.name]) === JSON.stringify(value)) continue;
    json[param.name] = paramToJson(param, value);
  }
  return json;
}
