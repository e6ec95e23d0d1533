/**
 * Which idempotency keys can reach a link more than once. An idempotent target must remember
 * a key only if it could see it again; remembering every key of a million messages would cost
 * the hot path a hash-set insert per delivery for nothing.
 *
 * A key can recur when two movements carry the same ref for the same SKU, when the link lies
 * on a cycle of event links that brings a change back to it (a -> b -> c -> a, which the
 * relay rule does not stop), or when a rule copies, retries or re-keys a message (the rules
 * set `keyMayRecur` themselves). Computed once per incident and cached.
 */
import type { Incident } from './model.js';

export interface KeyRecurrence {
  /** movementRefRecurs[i]: movement i's (ref, SKU) pair occurs on another movement too. */
  movementRefRecurs: Uint8Array;
  /** linkOnCycle[l]: a change delivered over link l can come back to l's source. */
  linkOnCycle: Uint8Array;
}

const cache = new WeakMap<Incident, KeyRecurrence>();

export function keyRecurrence(incident: Incident): KeyRecurrence {
  const known = cache.get(incident);
  if (known) return known;
  // Keyed by the ref alone (no string built per movement): the SKU of its first movement, and
  // only for the rare ref that spans several SKUs a set of them.
  const firstSku = new Map<string, number>();
  const moreSkus = new Map<string, Map<number, number>>();
  const movements = incident.movements;
  const movementRefRecurs = new Uint8Array(movements.length);
  let repeats = false;
  // A ref reaches a link only from a system with an outgoing event link (a batch or poll
  // message carries none): other movements' refs never become keys.
  const carriesRefs = new Uint8Array(incident.systems.length);
  for (const link of incident.links) if (link.mode === 'event') carriesRefs[link.from] = 1;
  // Refs are decoded from the store only for those systems.
  let anyCarrier = false;
  for (let system = 0; system < carriesRefs.length; system++) if (carriesRefs[system] === 1) anyCarrier = true;
  const systemOf = movements.system;
  const skuOf = movements.sku;
  for (let index = 0; anyCarrier && index < movements.length; index++) {
    if (carriesRefs[systemOf[index]!] === 0) continue;
    const ref = movements.refAt(index);
    if (ref === undefined) continue;
    const movementSku = skuOf[index]!;
    const sku = firstSku.get(ref);
    if (sku === undefined) firstSku.set(ref, movementSku);
    else {
      const counts = moreSkus.get(ref) ?? new Map<number, number>([[sku, 1]]);
      counts.set(movementSku, (counts.get(movementSku) ?? 0) + 1);
      moreSkus.set(ref, counts);
      repeats ||= counts.get(movementSku)! > 1;
    }
  }
  if (repeats) {
    for (let index = 0; index < movements.length; index++) {
      if (carriesRefs[systemOf[index]!] === 0) continue;
      const ref = movements.refAt(index);
      if (ref !== undefined && (moreSkus.get(ref)?.get(skuOf[index]!) ?? 1) > 1) movementRefRecurs[index] = 1;
    }
  }
  // A ref travels only over event links (a batch or poll message carries none), so only a
  // cycle of event links can bring the same key back.
  const eventLinks = incident.links.filter((link) => link.mode === 'event');
  const reachable = (from: number, target: number): boolean => {
    const seen = new Set<number>([from]);
    const stack = [from];
    while (stack.length > 0) {
      const system = stack.pop()!;
      if (system === target) return true;
      for (const link of eventLinks) {
        if (link.from === system && !seen.has(link.to)) {
          seen.add(link.to);
          stack.push(link.to);
        }
      }
    }
    return false;
  };
  // A change arriving at b over a->b goes on to every c != a; if a is reachable from c, it returns.
  const linkOnCycle = new Uint8Array(incident.links.length);
  incident.links.forEach((link, index) => {
    if (link.mode !== 'event') return;
    const onward = eventLinks.filter((next) => next.from === link.to && next.to !== link.from);
    if (onward.some((next) => reachable(next.to, link.from))) linkOnCycle[index] = 1;
  });
  const result = { movementRefRecurs, linkOnCycle };
  cache.set(incident, result);
  return result;
}
