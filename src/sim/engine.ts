/**
 * The deterministic replay engine.
 *
 * A `Simulation` replays an incident's movements through its systems and links on a virtual
 * clock, with fault rules acting on the links and interventions changing systems directly,
 * and records the simulated counts at every observation. Events run in the order of
 * (time, phase, tie) of the spec's semantics section:
 *
 *   phase 0 deliveries   (tie: the order they were scheduled, i.e. sent)
 *   phase 1 movements    (tie: input order)
 *   phase 2 interventions (tie: the order the faults were given)
 *   phase 3 link cycles  (tie: the order links are declared), then `cycleHooks` (tie: order given)
 *   phase 4 observations (tie: input order)
 *
 * A message sent with zero latency is due at the current instant in phase 0, so it is
 * delivered before the next movement or cycle. Nothing here reads the wall clock, draws
 * unseeded randomness or iterates a hash map; the same inputs give the same run.
 *
 * @example
 * const sim = new Simulation(incident, { faults: incident.faults });
 * const result = await sim.run();
 * result.observed[0]; // simulated counts per system at the first observation
 */
import { weekdayAt } from './calendar.js';
import { EventQueue } from './event-queue.js';
import type { DeliveryOutcome, Intervention, LinkRule, RuleContext } from './faults/index.js';
import { faultKind } from './faults/index.js';
import { keyRecurrence } from './key-recurrence.js';
import { LinkMessage, type Message } from './message.js';
import type { FaultSpec, Incident, LinkDef, LogLine } from './model.js';
import { BATCH_CHANGE_TYPE, INTERVENTION_CHANGE_TYPE, MOVEMENT_TYPES } from './model.js';
import { MOVEMENT_ABSOLUTE, MOVEMENT_SYNC } from './movement-store.js';
import { sortPending } from './pending-order.js';
import { SystemState } from './state.js';
import { formatTime } from './time.js';
import type { TraceSink } from './trace.js';
import { InProcessTransport, type Transport } from './transport.js';

export interface SimulationOptions {
  /** The faults to apply (the caller decides: the file's, plus flags, plus a hypothesis). */
  faults?: readonly FaultSpec[];
  /** Seeds stochastic fault variants that give no `seed` of their own (default 1). */
  seed?: number;
  /** Defaults to the in-process transport. `clock` reads the engine's virtual time. */
  transport?: (state: SystemState, clock: { nowMs(): number }) => Transport;
  /**
   * Periodic work outside the incident's links (a connector under test's jobs), run at
   * `offsetMs + k * everyMs` inside the window, in phase 3 after the link cycles of the same
   * instant (so after movements, before observations), hooks in the order given; awaited.
   */
  cycleHooks?: readonly CycleHook[];
  /** Receives every event with its cause. Off by default: the hot path then skips it. */
  trace?: TraceSink;
  /** Record every count change of these SKUs (indices) for charts. */
  timelineSkus?: ReadonlySet<number>;
  /**
   * Called with each observation's simulated counts (every system) as it is taken; returning
   * false stops the run there (the search uses it to drop a hopeless hypothesis early).
   */
  onObservation?: (index: number, simulated: readonly number[]) => boolean;
  /** Record per link the send time of every message and the largest pending set (the search's probe). */
  recordLinkLoad?: boolean;
  /**
   * Keep the log lines the faults write (default true). The search's replays read counts
   * only: without the lines, a rule that fires thousands of times leaves no garbage behind.
   */
  keepLogs?: boolean;
  /**
   * Treat every movement's ref as one that may recur (a streamed replay starts before the
   * whole file is read, so `keyRecurrence` cannot know yet). Same counts, only slower: an
   * idempotent target remembers keys it will not see again.
   */
  allRefsMayRecur?: boolean;
}

export interface CycleHook {
  everyMs: number;
  offsetMs: number;
  run(atMs: number): void | Promise<void>;
}

export interface LinkLoad {
  /** Send time of every message sent on the link, in order. */
  sendTimes: number[];
  /** The SKU (index) of every message, in the same order. */
  skus: number[];
  /** The value of every message (a count for snapshots, a change for deltas), in the same order. */
  values: number[];
  /** The largest number of SKUs pending at one of its cycles (batch/poll). */
  maxPending: number;
  /** Positions (ascending) of the messages a rule lost as they were sent. */
  lostAtSend?: number[];
}

export interface TimelinePoint {
  atMs: number;
  system: number;
  sku: number;
  count: number;
}

export interface SimulationResult {
  /** observed[i][system]: the simulated count at observation i (every system). */
  observed: number[][];
  /** Lines the faults made the middleware log (incident `logs` format), in time order. */
  logs: LogLine[];
  /** Count changes of the timeline SKUs, in event order (empty unless asked for). */
  timeline: TimelinePoint[];
  /** True when `onObservation` cut the run short at observation `observed.length - 1`. */
  stoppedEarly: boolean;
  /** Per link, when `recordLinkLoad` was asked for. */
  linkLoad?: LinkLoad[];
  stats: { movements: number; interventions: number; cycles: number; messages: number; deliveries: number; changes: number };
}

/** Per batch/poll link: which SKUs are pending and since when. */
interface PendingSet {
  /** NaN when not pending; else the time of the oldest unsent change. */
  since: Float64Array;
  /** Net change since last sent (delta links). */
  delta: Float64Array;
  /** The change that first made the SKU pending (for the trace). */
  cause: Int32Array;
  /** Pending SKUs, in the order they became pending. */
  list: number[];
}

interface PendingCopy {
  original: Message;
  freshKey: boolean;
}

const NOT_PENDING = Number.NaN;
/** A bound on the cycles one link may run in a window: a 1ms period over a year is still under it. */
const MAX_CYCLE_STEPS = 100_000;

export class Simulation {
  readonly incident: Incident;
  readonly state: SystemState;
  private readonly transport: Transport;
  private readonly trace: TraceSink | undefined;
  private readonly options: SimulationOptions;

  private readonly rulesByLink: LinkRule[][];
  private readonly interventions: Intervention[];
  private readonly outgoing: number[][];
  private readonly linkTypes: (Set<string> | undefined)[];
  private readonly linkSkus: (Set<number> | undefined)[];
  private readonly pending: (PendingSet | undefined)[];
  private readonly linkSeq: Int32Array;
  private readonly movementRefRecurs: Uint8Array;
  private readonly allRefsMayRecur: boolean;
  /** carriesRefs[system]: a ref can leave the system (it has an outgoing event link), so a movement's ref is decoded. */
  private readonly carriesRefs: Uint8Array;
  private readonly linkOnCycle: Uint8Array;
  /** The earliest next cycle over all links, and its link (-1 when none): kept, not rescanned per event. */
  private nextCycleAt = Infinity;
  private nextCycleLink = -1;
  private readonly nextCycleMs: Float64Array;
  private readonly cycleHooks: readonly CycleHook[];
  /** Next instant of each cycle hook (Infinity: none left). */
  private readonly nextHookMs: Float64Array;
  private readonly queue = new EventQueue<Message>();

  private nowMs: number;
  private movementIndex = 0;
  private interventionIndex = 0;
  private observationIndex = 0;
  private nextMessageId = 1;
  private nextChangeId = 1;
  private copies: PendingCopy[] = [];
  private started = false;
  /** Set once the run can go no further (window end reached, or stopped on a mismatch). */
  private halted = false;
  private finished = false;

  private readonly observed: number[][] = [];
  private readonly logs: LogLine[] = [];
  private readonly timeline: TimelinePoint[] = [];
  private stoppedEarly = false;
  private readonly linkLoad: LinkLoad[] | undefined;
  private readonly stats = { movements: 0, interventions: 0, cycles: 0, messages: 0, deliveries: 0, changes: 0 };
  private readonly context: RuleContext;

  constructor(incident: Incident, options: SimulationOptions = {}) {
    this.incident = incident;
    this.options = options;
    this.trace = options.trace;
    this.state = new SystemState(incident.systems.length, incident.skus.length, incident.initial);
    this.transport = options.transport ? options.transport(this.state, { nowMs: () => this.nowMs }) : new InProcessTransport(incident, this.state);
    this.cycleHooks = options.cycleHooks ?? [];
    this.nextHookMs = new Float64Array(this.cycleHooks.length).fill(Infinity);
    this.nowMs = incident.window.startMs;

    this.rulesByLink = incident.links.map(() => []);
    const interventions: Intervention[] = [];
    (options.faults ?? []).forEach((spec, index) => {
      const definition = faultKind(spec.kind);
      if (!definition) throw new Error(`unknown fault kind ${spec.kind}`);
      const built = definition.build(spec, incident, index, options.seed ?? 1);
      if (built.rule) this.rulesByLink[built.rule.link]!.push(built.rule);
      if (built.interventions) interventions.push(...built.interventions);
    });
    // Stable sort: interventions at one instant keep the order their faults were given.
    this.interventions = interventions
      .filter((intervention) => intervention.atMs >= incident.window.startMs && intervention.atMs <= incident.window.endMs)
      .sort((a, b) => a.atMs - b.atMs);

    this.outgoing = incident.systems.map((_, system) =>
      incident.links.flatMap((link, index) => (link.from === system ? [index] : [])),
    );
    this.linkTypes = incident.links.map((link) => (link.types ? new Set(link.types) : undefined));
    this.linkSkus = incident.links.map((link) => (link.skus ? new Set(link.skus) : undefined));
    const skuCount = incident.skus.length;
    this.pending = incident.links.map((link) =>
      link.mode === 'event'
        ? undefined
        : { since: new Float64Array(skuCount).fill(NOT_PENDING), delta: new Float64Array(skuCount), cause: new Int32Array(skuCount), list: [] },
    );
    this.linkSeq = new Int32Array(incident.links.length);
    this.carriesRefs = new Uint8Array(incident.systems.length);
    for (const link of incident.links) if (link.mode === 'event') this.carriesRefs[link.from] = 1;
    ({ movementRefRecurs: this.movementRefRecurs, linkOnCycle: this.linkOnCycle } = keyRecurrence(incident));
    this.allRefsMayRecur = options.allRefsMayRecur === true;
    this.nextCycleMs = new Float64Array(incident.links.length).fill(Infinity);
    this.linkLoad = options.recordLinkLoad ? incident.links.map(() => ({ sendTimes: [], skus: [], values: [], maxPending: 0 })) : undefined;

    const timelineSkus = options.timelineSkus;
    if (timelineSkus && timelineSkus.size > 0) {
      this.state.onChange((change) => {
        if (timelineSkus.has(change.sku)) this.timeline.push({ atMs: this.nowMs, system: change.system, sku: change.sku, count: change.after });
      });
    }

    const simulation = this;
    this.context = {
      incident,
      get nowMs() {
        return simulation.nowMs;
      },
      log: (line) => this.log(line),
      logging: options.keepLogs !== false || options.trace !== undefined,
      duplicate: (message, { freshKey }) => {
        this.copies.push({ original: message, freshKey });
      },
      retry: (message, atMs) => {
        message.keyMayRecur = true;
        message.attempt += 1;
        message.deliverMs = atMs;
        this.queue.push(message);
      },
    };
  }

  /** Runs to the end of the window and returns the result. */
  async run(): Promise<SimulationResult> {
    await this.runUntil(this.incident.window.endMs);
    return this.finish();
  }

  /**
   * Processes every event at or before `untilMs` (bounded by the window end); `serve` calls
   * it as its virtual clock advances. Awaits only when the transport answers with a promise.
   */
  async runUntil(untilMs: number): Promise<void> {
    if (this.halted) return;
    if (!this.started) await this.start();
    const incident = this.incident;
    const movementCount = incident.movements.length;
    const movementTimes = incident.movements.atMs;
    const observations = incident.observations;
    const interventions = this.interventions;
    const limitMs = Math.min(untilMs, incident.window.endMs);

    for (;;) {
      // Pick the next event by (time, phase); within a phase each source is already ordered.
      let atMs = this.queue.peekTime();
      let phase = 0;
      const movementMs = this.movementIndex < movementCount ? movementTimes[this.movementIndex]! : Infinity;
      if (movementMs < atMs) {
        atMs = movementMs;
        phase = 1;
      }
      const interventionMs = this.interventionIndex < interventions.length ? interventions[this.interventionIndex]!.atMs : Infinity;
      if (interventionMs < atMs) {
        atMs = interventionMs;
        phase = 2;
      }
      const cycleLink = this.nextCycleLink;
      if (this.nextCycleAt < atMs) {
        atMs = this.nextCycleAt;
        phase = 3;
      }
      // Cycle hooks come after the link cycles of the same instant (strict <: an earlier source wins a tie).
      let hook = -1;
      let hookMs = Infinity;
      for (let index = 0; index < this.nextHookMs.length; index++) {
        if (this.nextHookMs[index]! < hookMs) {
          hookMs = this.nextHookMs[index]!;
          hook = index;
        }
      }
      if (hookMs < atMs) {
        atMs = hookMs;
        phase = 5;
      }
      const observationMs = this.observationIndex < observations.length ? observations.atMs[this.observationIndex]! : Infinity;
      if (observationMs < atMs) {
        atMs = observationMs;
        phase = 4;
      }
      if (atMs > limitMs || atMs === Infinity) break;
      this.nowMs = atMs;

      switch (phase) {
        case 0: {
          const result = this.deliver(this.queue.pop()!);
          if (result) await result;
          break;
        }
        case 1: {
          // Movements in a row, while nothing else falls due before the next one: a movement
          // goes after a delivery due at its instant, before anything else due then.
          const othersMs = Math.min(interventionMs, this.nextCycleAt, hookMs, observationMs, limitMs);
          let index = this.movementIndex;
          for (;;) {
            this.applyMovement(index++);
            this.movementIndex = index;
            if (index >= movementCount) break;
            const nextMs = movementTimes[index]!;
            if (nextMs > othersMs || nextMs >= this.queue.peekTime()) break;
            this.nowMs = nextMs;
          }
          break;
        }
        case 2:
          this.applyIntervention(interventions[this.interventionIndex++]!);
          break;
        case 3:
          this.runCycle(cycleLink);
          break;
        case 5: {
          const definition = this.cycleHooks[hook]!;
          this.nextHookMs[hook] = hookInstantAtOrAfter(definition, atMs + 1);
          await definition.run(atMs);
          break;
        }
        case 4:
          if (!this.observe(this.observationIndex++)) {
            this.stoppedEarly = true;
            this.halted = true;
            return;
          }
          break;
      }
    }
    this.nowMs = Math.max(this.nowMs, limitMs);
  }

  /** The result so far; after `run` it is the whole run's. Stops the transport once. */
  async finish(): Promise<SimulationResult> {
    if (!this.finished) {
      this.finished = true;
      this.halted = true;
      await this.transport.stop?.();
    }
    return {
      observed: this.observed,
      logs: this.logs,
      timeline: this.timeline,
      stoppedEarly: this.stoppedEarly,
      ...(this.linkLoad ? { linkLoad: this.linkLoad } : {}),
      stats: { ...this.stats },
    };
  }

  /** The virtual time of the last event processed (or the window start). */
  get currentMs(): number {
    return this.nowMs;
  }

  private async start(): Promise<void> {
    this.started = true;
    await this.transport.start?.();
    for (let link = 0; link < this.incident.links.length; link++) {
      if (this.incident.links[link]!.mode !== 'event') this.nextCycleMs[link] = this.cycleAtOrAfter(link, this.incident.window.startMs);
    }
    this.updateNextCycle();
    this.cycleHooks.forEach((hook, index) => {
      this.nextHookMs[index] = hookInstantAtOrAfter(hook, this.incident.window.startMs);
    });
  }

  // ---- movements, interventions, observations ------------------------------------------

  private applyMovement(index: number): void {
    const movements = this.incident.movements;
    const system = movements.system[index]!;
    const sku = movements.sku[index]!;
    const flags = movements.flags[index]!;
    const type = MOVEMENT_TYPES[movements.typeIndex[index]!]!;
    this.stats.movements++;
    const before = this.state.count(system, sku);
    const change = (flags & MOVEMENT_ABSOLUTE) !== 0 ? this.state.set(system, sku, movements.value[index]!) : this.state.add(system, sku, movements.value[index]!);
    const changeId = change !== 0 ? this.nextChangeId++ : 0;
    if (change !== 0) this.stats.changes++;
    const sync = (flags & MOVEMENT_SYNC) !== 0;
    if (this.trace) {
      const ref = movements.refAt(index);
      const actor = movements.actorAt(index);
      this.trace({
        at: formatTime(this.nowMs),
        event: 'movement',
        ...(changeId ? { change: changeId } : {}),
        system: this.incident.systems[system]!.name,
        sku: this.incident.skus[sku]!.sku,
        type,
        ...(ref !== undefined ? { ref } : {}),
        ...(actor !== undefined ? { actor } : {}),
        before,
        after: before + change,
        sync,
      });
    }
    if (change === 0 || !sync) return;
    // Only an event link carries a ref on: elsewhere the ref is never decoded from the store.
    const ref = this.carriesRefs[system] === 1 ? movements.refAt(index) : undefined;
    this.propagate(system, sku, change, type, ref, this.allRefsMayRecur || this.movementRefRecurs[index] === 1, -1, changeId);
  }

  private applyIntervention(intervention: Intervention): void {
    this.stats.interventions++;
    const before = this.state.count(intervention.system, intervention.sku);
    const change = intervention.absolute
      ? this.state.set(intervention.system, intervention.sku, intervention.value)
      : this.state.add(intervention.system, intervention.sku, intervention.value);
    if (change !== 0) this.stats.changes++;
    const changeId = change !== 0 ? this.nextChangeId++ : 0;
    // An intervention enters no link and marks nothing pending (spec, semantics 7), unless a
    // remedy routed it through the sync chain: then it propagates like the movement it became.
    if (this.trace) {
      this.trace({
        at: formatTime(this.nowMs),
        event: 'intervention',
        ...(changeId ? { change: changeId } : {}),
        kind: intervention.kind,
        system: this.incident.systems[intervention.system]!.name,
        sku: this.incident.skus[intervention.sku]!.sku,
        before,
        after: before + change,
        ...(intervention.sync ? { sync: true } : {}),
      });
    }
    if (change !== 0 && intervention.sync) {
      this.propagate(intervention.system, intervention.sku, change, intervention.type ?? INTERVENTION_CHANGE_TYPE, undefined, false, -1, changeId);
    }
  }

  /** Records observation `index`; false when the observer asks the run to stop there. */
  private observe(index: number): boolean {
    const observations = this.incident.observations;
    const sku = observations.sku[index]!;
    const systems = this.incident.systems.length;
    const simulated = new Array<number>(systems);
    for (let system = 0; system < systems; system++) simulated[system] = this.state.count(system, sku);
    this.observed.push(simulated);
    if (this.trace) {
      const simulatedByName: Record<string, number> = {};
      const observedByName: Record<string, number> = {};
      this.incident.systems.forEach((system, position) => {
        simulatedByName[system.name] = simulated[position]!;
        const seen = observations.count(index, position);
        if (seen !== undefined) observedByName[system.name] = seen;
      });
      this.trace({ at: formatTime(this.nowMs), event: 'observe', sku: this.incident.skus[sku]!.sku, simulated: simulatedByName, observed: observedByName });
    }
    return this.options.onObservation ? this.options.onObservation(index, simulated) : true;
  }

  // ---- links ----------------------------------------------------------------------------

  /**
   * A change at `system` enters every outgoing link except the one back to `origin` (the
   * system the causing message came from; -1 for a movement), filtered by the link's types.
   */
  private propagate(system: number, sku: number, change: number, type: string, ref: string | undefined, refRecurs: boolean, origin: number, changeId: number): void {
    const links = this.outgoing[system]!;
    for (let position = 0; position < links.length; position++) {
      const linkIndex = links[position]!;
      const link = this.incident.links[linkIndex]!;
      if (link.to === origin) continue;
      const types = this.linkTypes[linkIndex];
      if (types !== undefined && !types.has(type)) continue;
      const skus = this.linkSkus[linkIndex];
      if (skus !== undefined && !skus.has(sku)) continue;
      const pending = this.pending[linkIndex];
      if (pending === undefined) {
        const value = link.carries === 'snapshot' ? this.state.count(system, sku) : change;
        const message = this.createMessage(linkIndex, link, sku, value, type, ref, changeId, ref !== undefined && (refRecurs || this.linkOnCycle[linkIndex] === 1));
        this.sendOne(linkIndex, message);
      } else {
        if (Number.isNaN(pending.since[sku]!)) {
          pending.since[sku] = this.nowMs;
          pending.delta[sku] = 0;
          pending.cause[sku] = changeId;
          pending.list.push(sku);
        }
        pending.delta[sku] = pending.delta[sku]! + change;
      }
    }
  }

  /** `keyMayRecur`: the same key can reach this link again (see key-recurrence.ts). */
  private createMessage(linkIndex: number, link: LinkDef, sku: number, value: number, type: string, ref: string | undefined, cause: number, keyMayRecur: boolean): LinkMessage {
    const linkSeq = ++this.linkSeq[linkIndex]!;
    this.stats.messages++;
    if (this.linkLoad) {
      const load = this.linkLoad[linkIndex]!;
      load.sendTimes.push(this.nowMs);
      load.skus.push(sku);
      load.values.push(value);
    }
    const nowMs = this.nowMs;
    return new LinkMessage(this.nextMessageId++, linkIndex, linkSeq, sku, sku, link.carries, value, this.incident.skus[sku]!.sku, keyMayRecur, type, ref, nowMs, nowMs + link.latencyMs, 0, 1, cause, false, false);
  }

  /** Runs the messages of one batch/poll cycle through the link's rules, then schedules what survives. */
  private sendAll(linkIndex: number, messages: LinkMessage[]): void {
    const rules = this.rulesByLink[linkIndex]!;
    if (rules.length > 0) {
      for (const message of messages) this.throughRules(rules, message);
      for (const rule of rules) rule.onCycle?.(messages, this.context);
    }
    for (const message of messages) this.schedule(linkIndex, message);
    // Emptied only when used: setting an array's length is a runtime call, even to 0 from 0.
    if (this.copies.length > 0) this.copies.length = 0;
  }

  /** Runs one event message through the link's rules, then schedules it unless lost (no list made for it). */
  private sendOne(linkIndex: number, message: LinkMessage): void {
    const rules = this.rulesByLink[linkIndex]!;
    if (rules.length > 0) this.throughRules(rules, message);
    this.schedule(linkIndex, message);
    if (this.copies.length > 0) this.copies.length = 0;
  }

  private throughRules(rules: readonly LinkRule[], message: LinkMessage): void {
    for (const rule of rules) rule.observeSend?.(message, this.context);
    for (const rule of rules) rule.onSend?.(message, this.context);
  }

  private schedule(linkIndex: number, message: LinkMessage): void {
    this.traceSend(message);
    if (message.lost) {
      if (this.linkLoad) (this.linkLoad[linkIndex]!.lostAtSend ??= []).push(message.linkSeq - 1);
      return;
    }
    this.queue.push(message);
    if (this.copies.length > 0) this.scheduleCopies(message);
  }

  private scheduleCopies(original: LinkMessage): void {
    for (const copy of this.copies) {
      if (copy.original !== original) continue;
      const id = this.nextMessageId++;
      const duplicate = original.copy(id, copy.freshKey ? `${original.key}~${id}` : original.key);
      original.keyMayRecur = true;
      this.traceSend(duplicate);
      this.queue.push(duplicate);
    }
  }

  private traceSend(message: Message): void {
    if (!this.trace) return;
    const link = this.incident.links[message.link]!.name;
    const sku = this.incident.skus[message.sku]!.sku;
    const at = formatTime(this.nowMs);
    this.trace({
      at,
      event: 'send',
      message: message.id,
      cause: message.causeChange,
      link,
      sku,
      carries: message.carries,
      value: message.value,
      key: message.key,
      deliverAt: formatTime(message.deliverMs),
      ...(message.duplicate ? { duplicate: true } : {}),
    });
    if (message.lost) this.trace({ at, event: 'lost', message: message.id, link, sku });
  }

  private deliver(message: Message): void | Promise<void> {
    // A rule that schedules a retry counts `message.attempt` up for it; the trace names this one.
    const attempt = message.attempt;
    const rules = this.rulesByLink[message.link]!;
    let outcome: DeliveryOutcome = 'pass';
    for (let position = 0; position < rules.length && outcome === 'pass'; position++) {
      const rule = rules[position]!;
      if (rule.onDeliver) outcome = rule.onDeliver(message, this.context);
    }
    if (outcome === 'refuse') {
      if (this.trace) {
        this.trace({
          at: formatTime(this.nowMs),
          event: 'refused',
          message: message.id,
          link: this.incident.links[message.link]!.name,
          sku: this.incident.skus[message.sku]!.sku,
          attempt,
        });
      }
      return;
    }
    const link = this.incident.links[message.link]!;
    const before = this.trace ? this.state.count(link.to, message.targetSku) : 0;
    const result = this.transport.deliver(message);
    if (result instanceof Promise) return result.then((settled) => this.afterDelivery(message, attempt, link, settled.applied, settled.change, before));
    this.afterDelivery(message, attempt, link, result.applied, result.change, before);
  }

  private afterDelivery(message: Message, attempt: number, link: LinkDef, applied: boolean, change: number, before: number): void {
    this.stats.deliveries++;
    const changeId = change !== 0 ? this.nextChangeId++ : 0;
    if (this.trace) {
      this.trace({
        at: formatTime(this.nowMs),
        event: 'deliver',
        message: message.id,
        link: link.name,
        sku: this.incident.skus[message.sku]!.sku,
        to: this.incident.skus[message.targetSku]!.sku,
        attempt,
        applied,
        ...(changeId ? { change: changeId } : {}),
        before,
        after: before + change,
      });
    }
    if (change === 0) return;
    this.stats.changes++;
    // A batch or poll message's change has type `batch` and no ref (spec, semantics 2).
    const event = link.mode === 'event';
    // A change relayed over an event link keeps its ref, and the chance that its key recurs.
    this.propagate(link.to, message.targetSku, change, event ? message.type : BATCH_CHANGE_TYPE, event ? message.ref : undefined, event && message.keyMayRecur, link.from, changeId);
  }

  // ---- cycles ---------------------------------------------------------------------------

  private runCycle(linkIndex: number): void {
    const link = this.incident.links[linkIndex]!;
    const pending = this.pending[linkIndex]!;
    const nowMs = this.nowMs;
    this.nextCycleMs[linkIndex] = this.cycleAtOrAfter(linkIndex, nowMs + 1);
    this.updateNextCycle();
    this.stats.cycles++;
    if (this.isPaused(linkIndex, nowMs)) {
      if (this.trace) this.trace({ at: formatTime(nowMs), event: 'cycle', link: link.name, pending: pending.list.length, sent: 0, skipped: 'paused' });
      return;
    }
    const list = pending.list;
    if (list.length === 0) {
      if (this.trace) this.trace({ at: formatTime(nowMs), event: 'cycle', link: link.name, pending: 0, sent: 0 });
      return;
    }
    if (this.linkLoad) this.linkLoad[linkIndex]!.maxPending = Math.max(this.linkLoad[linkIndex]!.maxPending, list.length);
    const since = pending.since;
    // A delta link sends nothing for a net-zero SKU; it leaves the pending set and takes no capacity.
    if (link.carries === 'delta') {
      let kept = 0;
      for (let position = 0; position < list.length; position++) {
        const sku = list[position]!;
        if (pending.delta[sku] === 0) since[sku] = NOT_PENDING;
        else list[kept++] = sku;
      }
      list.length = kept;
    }
    // Oldest unsent change first; ties by SKU in code-point order (SKU indices are in that order).
    sortPending(list, since);
    const capacity = this.capacityAt(linkIndex, nowMs);
    const sending = capacity < list.length ? list.splice(0, capacity) : list.splice(0, list.length);
    const messages: LinkMessage[] = new Array(sending.length);
    for (let position = 0; position < sending.length; position++) {
      const sku = sending[position]!;
      const value = link.carries === 'snapshot' ? this.state.count(link.from, sku) : pending.delta[sku]!;
      messages[position] = this.createMessage(linkIndex, link, sku, value, BATCH_CHANGE_TYPE, undefined, pending.cause[sku]!, false);
      since[sku] = NOT_PENDING;
      pending.delta[sku] = 0;
    }
    if (this.trace) this.trace({ at: formatTime(nowMs), event: 'cycle', link: link.name, pending: list.length + sending.length, sent: sending.length });
    if (messages.length > 0) this.sendAll(linkIndex, messages);
  }

  /** The earliest next cycle; ties go to the link declared first (spec, semantics 5). */
  private updateNextCycle(): void {
    let at = Infinity;
    let link = -1;
    for (let index = 0; index < this.nextCycleMs.length; index++) {
      if (this.nextCycleMs[index]! < at) {
        at = this.nextCycleMs[index]!;
        link = index;
      }
    }
    this.nextCycleAt = at;
    this.nextCycleLink = link;
  }

  private isPaused(linkIndex: number, atMs: number): boolean {
    for (const rule of this.rulesByLink[linkIndex]!) {
      const cadence = rule.cadence;
      if (!cadence?.pausedOn || !within(cadence.activeMs, atMs)) continue;
      if (cadence.pausedOn.has(weekdayAt(atMs, this.incident.timezone))) return true;
    }
    return false;
  }

  private capacityAt(linkIndex: number, atMs: number): number {
    let capacity = this.incident.links[linkIndex]!.capacity ?? Infinity;
    for (const rule of this.rulesByLink[linkIndex]!) {
      if (rule.capacity && within(rule.capacity.activeMs, atMs)) capacity = Math.min(capacity, rule.capacity.perCycle);
    }
    return capacity;
  }

  /** The period in force at `atMs`: the last cadence rule active then with `every`, else the declared one. */
  private periodAt(linkIndex: number, atMs: number): number {
    let every = this.incident.links[linkIndex]!.everyMs!;
    for (const rule of this.rulesByLink[linkIndex]!) {
      if (rule.cadence?.everyMs !== undefined && within(rule.cadence.activeMs, atMs)) every = rule.cadence.everyMs;
    }
    return every;
  }

  /**
   * The first cycle instant >= fromMs: t with (t - offset) a multiple of the period in force
   * at t. Where a cadence rule's window starts or ends before the next instant of the current
   * period, the search restarts from that boundary under the other period.
   */
  private cycleAtOrAfter(linkIndex: number, fromMs: number): number {
    const link = this.incident.links[linkIndex]!;
    const boundaries: number[] = [];
    for (const rule of this.rulesByLink[linkIndex]!) {
      const active = rule.cadence?.everyMs !== undefined ? rule.cadence.activeMs : undefined;
      if (active) boundaries.push(active.fromMs, active.toMs + 1);
    }
    let startMs = fromMs;
    for (let step = 0; step < MAX_CYCLE_STEPS; step++) {
      const every = this.periodAt(linkIndex, startMs);
      const candidate = link.offsetMs + Math.ceil((startMs - link.offsetMs) / every) * every;
      let boundary = Infinity;
      for (const edge of boundaries) if (edge > startMs && edge <= candidate && edge < boundary) boundary = edge;
      if (boundary === Infinity) return candidate;
      startMs = boundary;
    }
    throw new Error(`link ${link.name}: no cycle found after ${MAX_CYCLE_STEPS} steps`);
  }

  private log(line: Omit<LogLine, 'atMs'>): void {
    if (this.options.keepLogs === false && !this.trace) return;
    const entry: LogLine = { atMs: this.nowMs, ...line };
    this.logs.push(entry);
    if (this.trace) this.trace({ at: formatTime(this.nowMs), event: 'log', log: line });
  }
}

function hookInstantAtOrAfter(hook: CycleHook, fromMs: number): number {
  if (!(hook.everyMs > 0)) throw new Error(`cycle hook: period must be positive, got ${hook.everyMs}`);
  return hook.offsetMs + Math.ceil((fromMs - hook.offsetMs) / hook.everyMs) * hook.everyMs;
}

function within(activeMs: { fromMs: number; toMs: number } | undefined, atMs: number): boolean {
  return activeMs === undefined || (atMs >= activeMs.fromMs && atMs <= activeMs.toMs);
}
