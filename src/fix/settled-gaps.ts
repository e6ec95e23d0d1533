/**
 * The gap between systems at each observation once the messages already on their way at
 * that instant have landed: a webhook sent two seconds before a spot check is not drift, and
 * neither is what that webhook relays at once over further event links. Only messages that
 * land within their link's declared latency, or within `SETTLE_MS` of their send if that is
 * longer, count as on their way: a message a fault delays longer (a batch lagging by
 * minutes, a retry after a long backoff) is drift, and so is a change waiting for its batch
 * cycle or a message that never lands.
 *
 * It reads the run's trace as it is written (every send and delivery with its cause) and,
 * per observation, follows the messages on their way and what their deliveries relay, within
 * the chain's total settling time; nothing of the trace is kept beyond that.
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

/** A message on its way: when and on which link it was sent. */
interface OnItsWay {
  link: number;
  sentMs: number;
}

/** One observation being settled: what is still on its way for it, and its counts so far. */
interface Session {
  index: number;
  sku: string;
  untilMs: number;
  counts: number[];
  settling: Set<number>;
  /** Changes made by its settling deliveries: what they relay at once is on its way too. */
  changes: Set<number>;
}

/** Sends between two sweeps of messages that can no longer land in time (refused for good). */
const SWEEP_EVERY = 4096;

export class SettledGaps {
  readonly sink: TraceSink;
  private readonly onTheirWay = new Map<number, OnItsWay>();
  private readonly open: Session[] = [];
  private readonly settled: number[] = [];
  private readonly horizonMs: number;
  private sends = 0;

  constructor(private readonly incident: Incident) {
    this.horizonMs = incident.links.reduce((sum, link) => sum + Math.max(SETTLE_MS, link.latencyMs), 0);
    this.sink = (event) => this.take(event);
  }

  private settleMs(link: number): number {
    return Math.max(SETTLE_MS, this.incident.links[link]!.latencyMs);
  }

  private take(event: TraceEvent): void {
    if (event.event !== 'send' && event.event !== 'lost' && event.event !== 'deliver' && event.event !== 'observe') return;
    const atMs = parseTime(event.at)!;
    this.close(atMs);
    switch (event.event) {
      case 'send': {
        const link = linkIndex(this.incident, event.link);
        if (parseTime(event.deliverAt)! - atMs > this.settleMs(link)) break;
        this.onTheirWay.set(event.message, { link, sentMs: atMs });
        // What a settling delivery relays at once over an event link is on its way too.
        if (this.incident.links[link]!.mode === 'event') {
          for (const session of this.open) if (session.changes.has(event.cause)) session.settling.add(event.message);
        }
        if (++this.sends % SWEEP_EVERY === 0) this.sweep(atMs);
        break;
      }
      case 'lost':
        this.onTheirWay.delete(event.message);
        for (const session of this.open) session.settling.delete(event.message);
        break;
      case 'deliver': {
        const sent = this.onTheirWay.get(event.message);
        if (!sent) break;
        this.onTheirWay.delete(event.message);
        const late = atMs - sent.sentMs > this.settleMs(sent.link);
        const system = this.incident.links[sent.link]!.to;
        for (const session of this.open) {
          if (!session.settling.delete(event.message) || late) continue;
          if (event.change) session.changes.add(event.change);
          if (event.to === session.sku) session.counts[system] = session.counts[system]! + event.after - event.before;
        }
        break;
      }
      case 'observe': {
        const counts = this.incident.systems.map((system) => event.simulated[system.name]!);
        this.open.push({ index: this.settled.length, sku: event.sku, untilMs: atMs + this.horizonMs, counts, settling: new Set(this.onTheirWay.keys()), changes: new Set() });
        this.settled.push(Number.NaN);
        break;
      }
    }
  }

  /** Settles the sessions with nothing left on its way, or past their horizon at `nowMs`. */
  private close(nowMs: number): void {
    for (let position = this.open.length - 1; position >= 0; position--) {
      const session = this.open[position]!;
      if (session.settling.size > 0 && nowMs <= session.untilMs) continue;
      this.settled[session.index] = Math.max(...session.counts) - Math.min(...session.counts);
      this.open.splice(position, 1);
    }
  }

  /** Forgets messages that can no longer land in time (refused for good). */
  private sweep(nowMs: number): void {
    for (const [message, sent] of this.onTheirWay) if (nowMs - sent.sentMs > this.settleMs(sent.link)) this.onTheirWay.delete(message);
  }

  /** Per observation, the largest settled count minus the smallest over every system. */
  gaps(): number[] {
    this.close(Infinity);
    return [...this.settled];
  }
}
