/**
 * A world to replay: an incident (its systems, links, movements, observations) and the faults
 * acting in it. `drift-sim fix` starts from the world as it is (the incident with Gate 2's
 * explanation in place) and lets each remedy change it: a remedy rewrites links, faults, or
 * both, and the engine replays the result like any other run.
 *
 * @example
 * const world: World = { incident, faults: result.explanation.map((fault) => fault.spec) };
 */
import type { FaultSpec, Incident, LinkDef } from '../sim/model.js';
import { linkIndex } from '../sim/model.js';

export interface World {
  incident: Incident;
  faults: FaultSpec[];
}

/**
 * True when `spec` acts on the link named `name` (a rule's `link` parameter).
 *
 * @example
 * actsOnLink({ kind: 'cadence', params: { link: 'wms->erp' } }, 'wms->erp'); // true
 */
export function actsOnLink(spec: FaultSpec, name: string): boolean {
  return spec.params.link === name;
}

/**
 * True when `spec` acts in the system named `name` (an intervention's `system`).
 *
 * @example
 * actsInSystem({ kind: 'manual_override', params: { system: 'storefront' } }, 'storefront'); // true
 */
export function actsInSystem(spec: FaultSpec, name: string): boolean {
  return spec.params.system === name;
}

/**
 * The world with the link named `name` replaced by `change(link)`; the incident is a spread
 * copy, its movements untouched.
 *
 * @example
 * withLink(world, 'wms->erp', (link) => ({ ...link, capacity: 50 }));
 */
export function withLink(world: World, name: string, change: (link: LinkDef) => LinkDef): World {
  const index = linkIndex(world.incident, name);
  if (index < 0) throw new Error(`remedy: unknown link ${name}`);
  const links = world.incident.links.map((link, position) => (position === index ? change(link) : link));
  return { ...world, incident: { ...world.incident, links } };
}

/**
 * The world with one more link, declared last (so its cycles come after the others' at one
 * instant).
 *
 * @example
 * withAddedLink(world, { ...link, name: 'partner->wms', from: 3, to: 0 });
 */
export function withAddedLink(world: World, link: LinkDef): World {
  return { ...world, incident: { ...world.incident, links: [...world.incident.links, link] } };
}

/**
 * The world with every fault mapped (`undefined`: the remedy removed it).
 *
 * @example
 * mapFaults(world, (fault) => (fault.kind === 'manual_override' ? undefined : fault));
 */
export function mapFaults(world: World, change: (spec: FaultSpec) => FaultSpec | undefined): World {
  const faults: FaultSpec[] = [];
  for (const spec of world.faults) {
    const changed = change(spec);
    if (changed) faults.push(changed);
  }
  return { ...world, faults };
}
