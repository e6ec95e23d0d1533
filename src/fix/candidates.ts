/**
 * Which remedies to try for an explanation: the faults are grouped by what one remedy would
 * answer (a rule on one link, the actions in one system, or the declared links themselves),
 * each group gets the library's remedies for it with parameters read from the incident, and
 * groups are combined in pairs (and all together, from each group's best) where the
 * explanation has more than one.
 *
 * @example
 * const groups = faultGroups(incident, explanation.map((fault) => fault.spec));
 * const plans = singlePlans(groups).concat(pairPlans(groups));
 */
import type { FaultSpec, Incident, LinkDef } from '../sim/model.js';
import { linkIndex } from '../sim/model.js';
import { DECLARED_LINKS, type RemedySpec } from './remedy-kind.js';
import { formatRemedyFlag, remedyKind, skuVelocities } from './remedies/index.js';

/** Faults one remedy would answer together. */
export interface FaultGroup {
  /** `kind@link`, `kind@system`, or `declared_links`. */
  key: string;
  kind: string;
  /** Indices into the world's faults (empty for the declared links). */
  faults: number[];
  /** The library's remedies for it, most conservative first. */
  candidates: RemedySpec[];
}

/** A set of remedies tried together; `groups` are the keys it answers. */
export interface RemedyPlan {
  remedies: RemedySpec[];
  groups: string[];
}

/** At most this many pairs of candidates per pair of groups. */
const MAX_PAIRS_PER_GROUP_PAIR = 36;
/** At most this many velocity thresholds tried for event_for. */
const MAX_THRESHOLDS = 3;
/** A batch a remedy shortens goes no faster than this. */
const SHORTEST_BATCH_MS = 900_000;

const spec = (kind: string, params: RemedySpec['params']): RemedySpec => ({ kind, params: { ...remedyKind(kind).defaults, ...params } });

/** Velocity thresholds that each put a different set of SKUs on the event link (fastest first). */
function thresholds(incident: Incident): number[] {
  const values = [...new Set(skuVelocities(incident).filter((velocity) => velocity > 0).map((velocity) => Math.ceil(velocity) - 1))];
  return values.sort((a, b) => b - a).slice(0, MAX_THRESHOLDS);
}

/** Remedies that change a batch or poll job's cadence or make it event-driven. */
function cadenceRemedies(incident: Incident, link: LinkDef, options: { every?: number; capacity?: number }): RemedySpec[] {
  const remedies: RemedySpec[] = [];
  if (options.capacity !== undefined) remedies.push(spec('link', { link: link.name, capacity: options.capacity }));
  if (options.every !== undefined) remedies.push(spec('link', { link: link.name, every: options.every }));
  remedies.push(spec('link', { link: link.name, mode: 'event' }));
  for (const above of thresholds(incident)) remedies.push(spec('event_for', { link: link.name, above }));
  return remedies;
}

/**
 * Retries: the usual three, 30 s apart; and, when the failure comes with load, five spaced by
 * the load window, so the last ones land after the burst has passed.
 */
function retries(fault: FaultSpec, link: string): RemedySpec[] {
  const remedies = [spec('retry', { link })];
  const load = fault.params.above as { count: number; perMs: number } | undefined;
  const windowMs = load?.perMs ?? (fault.params.per as number | undefined);
  if (windowMs !== undefined && windowMs > 30_000) remedies.push(spec('retry', { link, attempts: 5, backoff: windowMs }));
  return remedies;
}

/** The longest value of a field over the incident's SKUs. */
function longest(incident: Incident, field: string): number {
  let length = 1;
  for (const item of incident.skus) length = Math.max(length, (field === 'title' ? (item.title ?? item.sku) : item.sku).length);
  return length;
}

function candidatesFor(incident: Incident, fault: FaultSpec): RemedySpec[] {
  const name = typeof fault.params.link === 'string' ? fault.params.link : undefined;
  const link = name === undefined ? undefined : incident.links[linkIndex(incident, name)];
  const system = typeof fault.params.system === 'string' ? fault.params.system : undefined;
  switch (fault.kind) {
    case 'cadence':
      return cadenceRemedies(incident, link!, { every: link!.everyMs! });
    case 'batch_capacity':
      return cadenceRemedies(incident, link!, { capacity: incident.skus.length });
    case 'batch_lag':
      return cadenceRemedies(incident, link!, {});
    case 'webhook_drop':
      return [...retries(fault, name!), spec('link', { link: name!, mode: 'batch', every: SHORTEST_BATCH_MS })];
    case 'duplicate_delivery':
    case 'timeout':
      return [...retries(fault, name!), spec('link', { link: name!, idempotent: true })];
    case 'rate_limit':
      return [...retries(fault, name!), ...(link!.mode === 'event' ? [spec('link', { link: name!, mode: 'batch', every: SHORTEST_BATCH_MS })] : [])];
    case 'key_collision':
      return [spec('field_length', { link: name!, field: 'key', length: 255 })];
    case 'truncation': {
      const field = (fault.params.field as string | undefined) ?? 'sku';
      return [spec('field_length', { link: name!, field, length: longest(incident, field) })];
    }
    case 'manual_override':
      return [spec('approval_gate', { system: system! }), spec('approval_gate', { system: system!, action: 'route' })];
    case 'unpropagated_adjustment': {
      const index = incident.systems.findIndex((candidate) => candidate.name === system);
      return incident.links.some((candidate) => candidate.from === index) ? [spec('push_counts', { system: system! })] : [];
    }
    case 'split_shipment':
      return [spec('route_back', { system: system! })];
    default:
      return [];
  }
}

/** The remedies for a design that drifts by itself: every batch or poll link, sped up or made event-driven. */
function declaredLinkCandidates(incident: Incident): RemedySpec[] {
  const remedies: RemedySpec[] = [];
  for (const link of incident.links) {
    if (link.mode === 'event') continue;
    const faster = Math.max(SHORTEST_BATCH_MS, Math.floor(link.everyMs! / 4));
    if (faster < link.everyMs!) remedies.push(spec('link', { link: link.name, every: faster }));
    remedies.push(...cadenceRemedies(incident, link, {}));
  }
  return remedies;
}

/**
 * The explanation's faults grouped by what one remedy answers, in the explanation's order;
 * with no fault at all (the declared links reproduce the drift), the one group of the design.
 *
 * @example
 * faultGroups(incident, []).map((group) => group.key); // ['declared_links']
 */
export function faultGroups(incident: Incident, faults: readonly FaultSpec[]): FaultGroup[] {
  if (faults.length === 0) return [{ key: DECLARED_LINKS, kind: DECLARED_LINKS, faults: [], candidates: dedupe(declaredLinkCandidates(incident)) }];
  const groups: FaultGroup[] = [];
  faults.forEach((fault, index) => {
    const target = typeof fault.params.link === 'string' ? fault.params.link : String(fault.params.system);
    const key = `${fault.kind}@${target}`;
    const known = groups.find((group) => group.key === key);
    if (known) known.faults.push(index);
    else groups.push({ key, kind: fault.kind, faults: [index], candidates: dedupe(candidatesFor(incident, fault)) });
  });
  return groups;
}

function dedupe(remedies: RemedySpec[]): RemedySpec[] {
  const seen = new Set<string>();
  return remedies.filter((remedy) => {
    const flag = formatRemedyFlag(remedy);
    if (seen.has(flag)) return false;
    seen.add(flag);
    return true;
  });
}

/**
 * Every candidate alone.
 *
 * @example
 * singlePlans(faultGroups(incident, faults)).length; // one per candidate remedy
 */
export function singlePlans(groups: readonly FaultGroup[]): RemedyPlan[] {
  return groups.flatMap((group) => group.candidates.map((remedy) => ({ remedies: [remedy], groups: [group.key] })));
}

/**
 * For every pair of groups, their candidates two by two (process side first: it goes first).
 *
 * @example
 * pairPlans(groups)[0]?.remedies.map((remedy) => remedy.kind); // ['approval_gate', 'link']
 */
export function pairPlans(groups: readonly FaultGroup[]): RemedyPlan[] {
  const plans: RemedyPlan[] = [];
  for (let first = 0; first < groups.length; first++) {
    for (let second = first + 1; second < groups.length; second++) {
      const pairs: RemedyPlan[] = [];
      for (const a of groups[first]!.candidates) {
        for (const b of groups[second]!.candidates) pairs.push({ remedies: processFirst([a, b]), groups: [groups[first]!.key, groups[second]!.key] });
      }
      plans.push(...pairs.slice(0, MAX_PAIRS_PER_GROUP_PAIR));
    }
  }
  return plans;
}

/**
 * Process-side remedies before integration ones, otherwise as given.
 *
 * @example
 * processFirst([linkRemedy, gateRemedy]); // [gateRemedy, linkRemedy]
 */
export function processFirst(remedies: readonly RemedySpec[]): RemedySpec[] {
  const side = (remedy: RemedySpec) => (remedyKind(remedy.kind).side === 'process' ? 0 : 1);
  return [...remedies].map((remedy, index) => ({ remedy, index })).sort((a, b) => side(a.remedy) - side(b.remedy) || a.index - b.index).map(({ remedy }) => remedy);
}

/**
 * The plan's remedies as `--remedy` flags.
 *
 * @example
 * planFlags({ remedies: [retry], groups: [] }); // ['retry:link=storefront->erp']
 */
export function planFlags(plan: RemedyPlan): string[] {
  return plan.remedies.map(formatRemedyFlag);
}
