/**
 * The shape of the declared sync chain as Gate 1 needs it: which systems feed a system
 * (directly or further up), and how long the declared links may take to carry a change into
 * it (the sum, along the slowest path, of each link's period and latency).
 *
 * @example
 * upstreamOf(incident, storefront); // Set { wms, erp, storefront }
 * catchUpMs(incident, storefront);  // 1d + 5s for a daily wms->erp batch and a 5 s event link
 */
import type { Incident, LinkDef } from '../sim/model.js';
import { formatDuration } from '../sim/time.js';

/**
 * `system` and every system whose changes can reach it through the declared links.
 *
 * @example
 * upstreamOf(incident, erp); // Set { erp, wms }
 */
export function upstreamOf(incident: Incident, system: number): Set<number> {
  const found = new Set<number>([system]);
  const stack = [system];
  while (stack.length > 0) {
    const target = stack.pop()!;
    for (const link of incident.links) {
      if (link.to !== target || found.has(link.from)) continue;
      found.add(link.from);
      stack.push(link.from);
    }
  }
  return found;
}

/**
 * True when a change can reach `system` through a link that carries deltas: a rule that
 * repeats messages there (a redelivery, a retry after a timeout that had applied) applies
 * the same movement more than once. A chain of snapshots cannot: the target only ever
 * copies a count the source had.
 *
 * @example
 * deltaReaches(incident, storefront); // true behind an event link that carries deltas
 */
export function deltaReaches(incident: Incident, system: number): boolean {
  const upstream = upstreamOf(incident, system);
  return incident.links.some((link) => link.carries === 'delta' && upstream.has(link.to));
}

/**
 * The links into `system`, in declaration order.
 *
 * @example
 * linksInto(incident, erp).map((link) => link.name); // ['wms->erp']
 */
export function linksInto(incident: Incident, system: number): LinkDef[] {
  return incident.links.filter((link) => link.to === system);
}

/**
 * Whether a link carrying snapshots sets `system`'s counts (and so overwrites, at its next
 * send, any difference the system had).
 *
 * @example
 * snapshotFed(incident, erp); // true behind a wms->erp batch of snapshots
 */
export function snapshotFed(incident: Incident, system: number): boolean {
  return incident.links.some((link) => link.to === system && link.carries === 'snapshot');
}

/**
 * The longest a change may take to reach `system` through the declared links (0 for a system nothing feeds).
 *
 * @example
 * catchUpMs(incident, erp); // 86_400_000 behind a daily batch with no latency
 */
export function catchUpMs(incident: Incident, system: number): number {
  return slowestPath(incident, system, new Set([system]));
}

function slowestPath(incident: Incident, system: number, visiting: Set<number>): number {
  let slowest = 0;
  for (const link of incident.links) {
    if (link.to !== system || visiting.has(link.from)) continue;
    visiting.add(link.from);
    const stepMs = (link.everyMs ?? 0) + link.latencyMs;
    slowest = Math.max(slowest, stepMs + slowestPath(incident, link.from, visiting));
    visiting.delete(link.from);
  }
  return slowest;
}

const PERIOD_WORDS: Record<number, string> = {
  86_400_000: 'daily',
  604_800_000: 'weekly',
  3_600_000: 'hourly',
};

const UNIT_WORDS: readonly (readonly [number, string])[] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

/** "6-hour", "15-minute"; a period that is no whole number of one unit stays compact ("1h30m"). */
function periodWords(everyMs: number): string {
  const named = PERIOD_WORDS[everyMs];
  if (named) return named;
  for (const [sizeMs, unit] of UNIT_WORDS) {
    if (everyMs >= sizeMs && everyMs % sizeMs === 0) return `${everyMs / sizeMs}-${unit}`;
  }
  return formatDuration(everyMs);
}

/**
 * A link in words.
 *
 * @example
 * describeLink(link); // "daily batch wms->erp", "30-minute poll erp->storefront", "event link erp->storefront"
 */
export function describeLink(link: LinkDef): string {
  if (link.mode === 'event') return `event link ${link.name}`;
  return `${periodWords(link.everyMs ?? 0)} ${link.mode} ${link.name}`;
}
