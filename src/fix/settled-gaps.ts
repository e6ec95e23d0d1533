/**
 * The gap between systems at each observation once the messages already on their way at
 * that instant have landed: a webhook sent two seconds before a spot check is not drift, and
 * neither is what that webhook relays at once over further event links. Only messages that
 * land within their link's declared latency, or within `SETTLE_MS` of their send if that is
 * longer, count as on their way: a message a fault delays longer (a batch lagging by
 * minutes, a retry after a long backoff) is drift, and so is a change waiting for its batch
 * cycle or a message that never lands.
 *
 * It reads the run's trace (every send and delivery with its cause) and, per observation,
 * follows the messages in flight and what their deliveries relay, within the chain's total
 * declared latency.
 *
 * @example
 * const collector = new SettledGaps(incident);
 * await new Simulation(incident, { faults, trace: collector.sink }).run();
 * collector.gaps(); // one gap per observation
 */
import type { Incident } from '../sim/model.js';
import { linkIndex } from '../sim/model.js';
import { parseTime } from '../sim/time.js';
import type { TraceEvent, TraceSink } from '../sim/trace.js';

/**
 * A message landing within this long of its send is on its way, whatever its link declares:
 * a spot check cannot tell a count that lands within the minute from one already right (a
 * retry 30 s after a failed webhook is a fix working, not drift).
 */
export const SETTLE_MS = 60_000;

interface Sent {
  link: number;
  sentMs: number;
  cause: number;
}

/** A delivery, kept for the settling scan. */
interface Delivered {
  atMs: number;
  message: number;
  system: number;
  sku: string;
  change: number;
  delta: number;
}

interface Observed {
  atMs: number;
  sku: string;
  counts: number[];
  /** Messages on their way at the observation (landing within their link's latency). */
  inFlight: number[];
  /** Position in the event log at the observation. */
  position: number;
}

type Logged = { kind: 'delivered'; value: Delivered } | { kind: 'sent'; message: number; atMs: number; cause: number; link: number };

export class SettledGaps {
  readonly sink: TraceSink;
  private readonly sent = new Map<number, Sent>();
  /** Messages sent and not delivered yet that should land within their link's latency. */
  private readonly onTheirWay = new Map<number, number>();
  private readonly log: Logged[] = [];
  private readonly observed: Observed[] = [];
  private readonly horizonMs: number;
  private readonly systemIndex: Map<string, number>;

  constructor(private readonly incident: Incident) {
    this.horizonMs = incident.links.reduce((sum, link) => sum + Math.max(SETTLE_MS, link.latencyMs), 0);
    this.systemIndex = new Map(incident.systems.map((system, index) => [system.name, index]));
    this.sink = (event) => this.take(event);
  }

  private take(event: TraceEvent): void {
    switch (event.event) {
      case 'send': {
        const link = linkIndex(this.incident, event.link);
        const atMs = parseTime(event.at)!;
        const deliverMs = parseTime(event.deliverAt)!;
        this.sent.set(event.message, { link, sentMs: atMs, cause: event.cause });
        if (deliverMs - atMs <= this.settleMs(link)) this.onTheirWay.set(event.message, deliverMs);
        this.log.push({ kind: 'sent', message: event.message, atMs, cause: event.cause, link });
        break;
      }
      case 'lost':
        this.onTheirWay.delete(event.message);
        break;
      case 'deliver': {
        this.onTheirWay.delete(event.message);
        const link = this.incident.links[this.sent.get(event.message)?.link ?? -1];
        if (!link) break;
        this.log.push({
          kind: 'delivered',
          value: { atMs: parseTime(event.at)!, message: event.message, system: link.to, sku: event.to, change: event.change ?? 0, delta: event.after - event.before },
        });
        break;
      }
      case 'observe': {
        const counts = this.incident.systems.map((system) => event.simulated[system.name]!);
        this.observed.push({ atMs: parseTime(event.at)!, sku: event.sku, counts, inFlight: [...this.onTheirWay.keys()], position: this.log.length });
        break;
      }
      default:
        break;
    }
  }

  private settleMs(link: number): number {
    return Math.max(SETTLE_MS, this.incident.links[link]!.latencyMs);
  }

  /** Per observation, the largest settled count minus the smallest over every system. */
  gaps(): number[] {
    return this.observed.map((observation) => {
      const counts = [...observation.counts];
      const settling = new Set(observation.inFlight);
      const changes = new Set<number>();
      const untilMs = observation.atMs + this.horizonMs;
      for (let position = observation.position; position < this.log.length && settling.size > 0; position++) {
        const entry = this.log[position]!;
        if (entry.kind === 'sent') {
          if (entry.atMs > untilMs) break;
          // What a landing delivery relays at once over an event link is on its way too.
          const link = this.incident.links[entry.link]!;
          if (changes.has(entry.cause) && link.mode === 'event') settling.add(entry.message);
          continue;
        }
        const delivered = entry.value;
        if (delivered.atMs > untilMs) break;
        if (!settling.has(delivered.message)) continue;
        const sent = this.sent.get(delivered.message)!;
        if (delivered.atMs - sent.sentMs > this.settleMs(sent.link)) continue;
        settling.delete(delivered.message);
        if (delivered.change) changes.add(delivered.change);
        if (delivered.sku === observation.sku) counts[delivered.system] = counts[delivered.system]! + delivered.delta;
      }
      return Math.max(...counts) - Math.min(...counts);
    });
  }
}
