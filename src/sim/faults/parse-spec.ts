/**
 * The one parser for "a kind and its typed parameters", shared by the fault library and the
 * remedy library (`src/fix`): a mapping from a file, or a `kind:key=value,...` flag, checked
 * against a table of kinds (every parameter, required ones, exclusive groups, link modes).
 *
 * @example
 * const parsed = parseKindFlag('retry:link=wms->erp,attempts=3', REMEDY_KINDS, context, 'remedy');
 * if (parsed.spec) console.log(parsed.spec.params.attempts); // 3
 */
import type { FaultParamValue, FaultSpec, LinkMode } from '../model.js';
import type { ParamContext, ParamProblem, ParamSpec } from './params.js';
import { describeParam, formatParam, paramToJson, parseParam } from './params.js';

/** What the parser needs to know of a kind (a fault kind or a remedy kind). */
export interface ParsableKind {
  kind: string;
  params: readonly ParamSpec[];
  /** Values used when a parameter is left out. */
  defaults?: Readonly<Record<string, FaultParamValue>>;
  /** Each group: exactly one of these parameters must be given. */
  exactlyOne?: readonly (readonly string[])[];
  /** Each group: at least one of these parameters must be given. */
  atLeastOne?: readonly (readonly string[])[];
  /** Parameters that only make sense with another. */
  requires?: Readonly<Record<string, string>>;
  /** The link modes the kind's `link` parameter may name. */
  linkModes?: readonly LinkMode[];
}

/** What a parameter context needs to check link modes as well as names. */
export interface KindContext extends ParamContext {
  linkModes?: Readonly<Record<string, LinkMode>>;
}

/**
 * Parses a mapping `{kind, ...params}` against `kinds`. Paths in the problems are relative to
 * the entry (`kind`, `link`, ...); `noun` names what a kind is in messages ("fault", "remedy").
 */
export function parseKindSpec(raw: unknown, kinds: readonly ParsableKind[], context: KindContext): { spec?: FaultSpec; problems: ParamProblem[] } {
  const problems: ParamProblem[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [{ path: '', expected: 'a mapping with a kind and its parameters', found: raw === null ? 'null' : typeof raw }] };
  }
  const record = raw as Record<string, unknown>;
  const definition = typeof record.kind === 'string' ? kinds.find((candidate) => candidate.kind === record.kind) : undefined;
  if (!definition) {
    problems.push({
      path: 'kind',
      expected: `one of ${kinds.map((kind) => kind.kind).join(', ')}`,
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
 * Parses `kind:key=value,key=value` (list values joined with `|`) against `kinds`. A value
 * may itself contain `=` or `:` (times do); keys are split at the first `=` of each part.
 */
export function parseKindFlag(text: string, kinds: readonly ParsableKind[], context: KindContext): { spec?: FaultSpec; problems: ParamProblem[] } {
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
  return parseKindSpec(raw, kinds, context);
}

/** Splits on commas that start a new `key=` (so `skus=A,B` stays readable as an error). */
function splitParts(text: string): string[] {
  return text
    .split(/,(?=\s*[A-Za-z][A-Za-z0-9]*\s*=)/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/**
 * Formats a spec as a `kind:key=value,...` flag, parameters in the kind's order, defaults left out.
 *
 * @example
 * formatKindFlag({ kind: 'cadence', params: { link: 'wms->erp', pausedOn: ['sat', 'sun'] } }, cadence); // 'cadence:link=wms->erp,pausedOn=sat|sun'
 */
export function formatKindFlag(spec: FaultSpec, definition: ParsableKind): string {
  const parts: string[] = [];
  for (const param of definition.params) {
    const value = spec.params[param.name];
    if (value === undefined) continue;
    if (definition.defaults && JSON.stringify(definition.defaults[param.name]) === JSON.stringify(value)) continue;
    parts.push(`${param.name}=${formatParam(param, value)}`);
  }
  return parts.length ? `${spec.kind}:${parts.join(',')}` : spec.kind;
}

/**
 * A spec's parameters as JSON values, in the kind's order, defaults left out.
 *
 * @example
 * kindParamsToJson({ kind: 'batch_lag', params: { link: 'wms->erp', delay: 7200000 } }, batchLag); // { link: 'wms->erp', delay: '2h' }
 */
export function kindParamsToJson(spec: FaultSpec, definition: ParsableKind): Record<string, string | number | boolean | string[]> {
  const json: Record<string, string | number | boolean | string[]> = {};
  for (const param of definition.params) {
    const value = spec.params[param.name];
    if (value === undefined) continue;
    if (definition.defaults && JSON.stringify(definition.defaults[param.name]) === JSON.stringify(value)) continue;
    json[param.name] = paramToJson(param, value);
  }
  return json;
}
