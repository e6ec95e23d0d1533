/**
 * The seam between the engine and the fault library.
 *
 * A fault kind is a file in this folder exporting a `FaultKindDefinition`: its parameters
 * and a `build` that turns a parsed `FaultSpec` into either a `LinkRule` (integration
 * family: acts on one link's cadence, capacity and messages) or a list of `Intervention`s
 * (process family: extra changes at one system that enter no link). The engine knows only
 * these two shapes; the comparison and the verdict never inject anything.
 */
import type { ParsableKind } from './parse-spec.js';
import type { Weekday } from '../calendar.js';
import type { Message } from '../message.js';
import type { FaultSpec, Incident, LogLine } from '../model.js';

export type FaultFamily = 'integration' | 'process';

/** What a rule may do from its hooks. */
export interface RuleContext {
  readonly incident: Incident;
  /** The virtual time of the event being processed. */
  readonly nowMs: number;
  /** Writes a line into the run's logs (in the incident `logs` format) and trace. */
  log(line: Omit<LogLine, 'atMs'>): void;
  /**
   * False when the run keeps no log lines (the search's replays, without a trace): a rule
   * then need not build them. A line given to `log` anyway is dropped.
   */
  readonly logging: boolean;
  /** Schedules a copy of `message` for delivery right after it (same delivery time). */
  duplicate(message: Message, options: { freshKey: boolean }): void;
  /** Schedules another delivery attempt of `message` at `atMs` (a retry after a timeout or a 429). */
  retry(message: Message, atMs: number): void;
}

/** The outcome a rule gives a delivery attempt. */
export type DeliveryOutcome =
  /** Let it through to the next rule and then the target. */
  | 'pass'
  /** Apply it to the target now, and stop asking further rules (a timeout that had applied). */
  | 'apply'
  /** Do not apply it now (rejected, lost, or retried later through `context.retry`). */
  | 'refuse';

/** An integration rule on one link. Every hook is optional. */
export interface LinkRule {
  readonly link: number;
  /** Cadence: replaces the link's period inside `activeMs`, and skips paused weekdays. */
  readonly cadence?: { everyMs?: number; pausedOn?: ReadonlySet<Weekday>; activeMs?: { fromMs: number; toMs: number } };
  /** Capacity: at most this many SKUs per cycle inside `activeMs`. */
  readonly capacity?: { perCycle: number; activeMs?: { fromMs: number; toMs: number } };
  /** Sees every message sent on the link, lost or not, before any rule acts (load counters). */
  observeSend?(message: Message, context: RuleContext): void;
  /** Acts on a message as it is sent: set `lost`, move `deliverMs`, change `key`, duplicate. */
  onSend?(message: Message, context: RuleContext): void;
  /** Acts on the messages of one batch/poll cycle as a whole (after each went through onSend). */
  onCycle?(messages: readonly Message[], context: RuleContext): void;
  /** Decides a delivery attempt at the target. */
  onDeliver?(message: Message, context: RuleContext): DeliveryOutcome;
}

/** A human action: at `atMs`, set or add to one system's count; it enters no link. */
export interface Intervention {
  atMs: number;
  system: number;
  sku: number;
  /** The count set (`absolute`) or the change added. */
  value: number;
  absolute: boolean;
  /** The fault kind it came from, for the trace and reports. */
  kind: string;
  /**
   * True when the change enters its system's outgoing links like a movement of `type` (a
   * process gap closed: the action is routed through the sync chain); false or left out, it
   * enters no link.
   */
  sync?: boolean;
  /** The change type a synced intervention carries into the links (a movement type). */
  type?: string;
}

export interface BuiltFault {
  rule?: LinkRule;
  interventions?: Intervention[];
}

/** A fault kind: what the parser needs of it (parse-spec.ts), plus its family, summary and builder. */
export interface FaultKindDefinition extends ParsableKind {
  family: FaultFamily;
  /** One line: the real-world failure it models. */
  summary: string;
  /**
   * `index` is the fault's position in the run's list; `runSeed` seeds stochastic variants
   * that give no `seed` of their own.
   */
  build(spec: FaultSpec, incident: Incident, index: number, runSeed: number): BuiltFault;
}
