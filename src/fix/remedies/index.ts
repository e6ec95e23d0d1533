/**
 * The remedy library: every kind, in the documented order (changes to a link first, the
 * process kinds last), and the one parser for `--remedy` flags, the fault parser's own
 * machinery.
 *
 * @example
 * const parsed = parseRemedyFlag('retry:link=storefront->erp,attempts=5', incident);
 * if (parsed.spec) console.log(formatRemedyFlag(parsed.spec)); // retry:link=storefront->erp,attempts=5
 */
import type { ParamProblem } from '../../sim/faults/index.js';
import { formatKindFlag, kindParamsToJson, parseKindFlag } from '../../sim/faults/parse-spec.js';
import type { Incident } from '../../sim/model.js';
import type { RemedyKindDefinition, RemedySpec } from '../remedy-kind.js';
import type { World } from '../world.js';
import { approvalGateRemedy } from './approval-gate.js';
import { eventForRemedy } from './event-for.js';
import { fieldLengthRemedy } from './field-length.js';
import { linkRemedy } from './link.js';
import { pushCountsRemedy } from './push-counts.js';
import { retryRemedy } from './retry.js';
import { routeBackRemedy } from './route-back.js';

export { skuVelocities } from './event-for.js';

/** Every remedy kind, in the documented order. */
export const REMEDY_KINDS: readonly RemedyKindDefinition[] = [
  linkRemedy,
  eventForRemedy,
  retryRemedy,
  fieldLengthRemedy,
  approvalGateRemedy,
  pushCountsRemedy,
  routeBackRemedy,
];

/**
 * A kind's definition; an unknown kind is a bug (parsed remedies only name known kinds).
 *
 * @example
 * remedyKind('retry').answers; // ['webhook_drop', 'timeout', 'rate_limit', 'duplicate_delivery']
 */
export function remedyKind(kind: string): RemedyKindDefinition {
  const definition = REMEDY_KINDS.find((candidate) => candidate.kind === kind);
  if (!definition) throw new Error(`unknown remedy kind ${kind}`);
  return definition;
}

/**
 * Parses `kind:key=value,...` against the remedy library and the incident (declared systems,
 * links and their modes, SKUs), then the checks a kind makes against the incident. Every
 * problem is returned, paths relative to the remedy.
 */
export function parseRemedyFlag(text: string, incident: Incident): { spec?: RemedySpec; problems: ParamProblem[] } {
  const context = {
    systems: incident.systems.map((system) => system.name),
    links: incident.links.map((link) => link.name),
    linkModes: Object.fromEntries(incident.links.map((link) => [link.name, link.mode])),
    skus: new Set(incident.skus.map((sku) => sku.sku)),
  };
  const parsed = parseKindFlag(text, REMEDY_KINDS, context);
  if (!parsed.spec) return parsed;
  const problems = remedyKind(parsed.spec.kind).check?.(parsed.spec, incident) ?? [];
  return problems.length > 0 ? { problems } : parsed;
}

/**
 * A remedy as a `--remedy` value (defaults left out).
 *
 * @example
 * formatRemedyFlag({ kind: 'retry', params: { link: 'a->b', attempts: 3, backoff: 30000, keys: true } }); // 'retry:link=a->b'
 */
export function formatRemedyFlag(spec: RemedySpec): string {
  return formatKindFlag(spec, remedyKind(spec.kind));
}

/**
 * A remedy's parameters as JSON values, defaults left out.
 *
 * @example
 * remedyParamsToJson({ kind: 'retry', params: { link: 'a->b', attempts: 5, backoff: 300000, keys: true } }); // { link: 'a->b', attempts: 5, backoff: '5m' }
 */
export function remedyParamsToJson(spec: RemedySpec): Record<string, string | number | boolean | string[]> {
  return kindParamsToJson(spec, remedyKind(spec.kind));
}

/**
 * The world with `remedies` in place, applied in the order given.
 *
 * @example
 * const fixed = applyRemedies({ incident, faults }, [spec]);
 */
export function applyRemedies(world: World, remedies: readonly RemedySpec[]): World {
  let current = world;
  for (const remedy of remedies) current = remedyKind(remedy.kind).apply(remedy, current);
  return current;
}
