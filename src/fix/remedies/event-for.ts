/**
 * `event_for`: event-driven sync for the SKUs that move faster than `above` units a day, the
 * batch (or poll) for the rest. The link is split in two: the declared one keeps its cadence
 * and its faults for the slow SKUs; an event link (`from->to@event`, same carries, latency
 * and idempotency) carries every change of the fast SKUs at once. Answers a batch window a
 * business has outgrown, and the cadence, capacity and lag rules of a batch job, for the SKUs
 * that matter most, at a fraction of the messages of an all-event link.
 *
 * A SKU's velocity is the units its recorded movements moved (the sum of |qty|; a count set
 * counts as one), in any system, per day of the window.
 */
import type { Incident } from '../../sim/model.js';
import { linkIndex } from '../../sim/model.js';
import { DECLARED_LINKS, type RemedyKindDefinition } from '../remedy-kind.js';
import { withAddedLink, withLink } from '../world.js';

const DAY_MS = 86_400_000;

/**
 * Units moved per day by each SKU's recorded movements (index: SKU).
 *
 * @example
 * skuVelocities(incident); // [60.5, 3.25]: units a day of the first and second SKU
 */
export function skuVelocities(incident: Incident): number[] {
  const units = new Array<number>(incident.skus.length).fill(0);
  for (const movement of incident.movements) units[movement.sku] = units[movement.sku]! + (movement.absolute ? 1 : Math.abs(movement.value));
  const days = Math.max(1, incident.window.endMs - incident.window.startMs) / DAY_MS;
  return units.map((total) => total / days);
}

export const eventForRemedy: RemedyKindDefinition = {
  kind: 'event_for',
  side: 'integration',
  summary: 'event-driven sync for the SKUs above a velocity, the batch for the rest',
  answers: ['cadence', 'batch_capacity', 'batch_lag', DECLARED_LINKS],
  params: [
    { name: 'link', type: 'link', required: true, doc: 'the batch or poll link to split' },
    { name: 'above', type: 'count', required: true, doc: 'SKUs moving more than this many units a day go event-driven' },
  ],
  linkModes: ['batch', 'poll'],
  check(spec) {
    return typeof spec.params.above === 'number' && spec.params.above < 0 ? [{ path: 'above', expected: 'a count of units a day, 0 or more', found: String(spec.params.above) }] : [];
  },
  apply(spec, world) {
    const name = spec.params.link as string;
    const above = spec.params.above as number;
    const velocities = skuVelocities(world.incident);
    const fast: number[] = [];
    const slow: number[] = [];
    velocities.forEach((velocity, sku) => (velocity > above ? fast : slow).push(sku));
    const declared = world.incident.links[linkIndex(world.incident, name)]!;
    const batch = withLink(world, name, (link) => ({ ...link, skus: slow }));
    const { everyMs: _every, capacity: _capacity, ...rest } = declared;
    return withAddedLink(batch, { ...rest, name: `${name}@event`, mode: 'event', offsetMs: 0, skus: fast });
  },
};
