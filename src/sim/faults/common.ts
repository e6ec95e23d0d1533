/**
 * Pieces shared by the fault kinds: the `when`/`skus` filters, the load triggers
 * (`above: N/D`, `nth: N`, and the stochastic `rate` with `seed`), and parameter access.
 */
import type { Message } from '../message.js';
import type { FaultParamValue, FaultSpec, Incident } from '../model.js';
import { linkIndex, skuIndex } from '../model.js';
import { Rng } from '../rng.js';
import type { ParamSpec } from './params.js';

export const WHEN_PARAM: ParamSpec = {
  name: 'when',
  type: 'window',
  doc: 'only messages sent (or cycles run) in this window; a scenario device, never used by the Gate 2 search',
};
export const SKUS_PARAM: ParamSpec = {
  name: 'skus',
  type: 'skus',
  doc: 'only messages for these SKUs; a scenario device, never used by the Gate 2 search',
};
export const LINK_PARAM: ParamSpec = { name: 'link', type: 'link', required: true, doc: 'the link it acts on (from->to)' };

export const TRIGGER_PARAMS: readonly ParamSpec[] = [
  { name: 'above', type: 'load', doc: 'fires for a message when more than N messages were sent on the link in the last D (this one and lost ones included)' },
  { name: 'nth', type: 'positiveInteger', doc: 'fires for the Nth, 2Nth, ... message sent on the link' },
  { name: 'rate', type: 'ratio', doc: 'stochastic variant: fires for each message with this probability' },
  { name: 'seed', type: 'positiveInteger', doc: "seed of the stochastic variant (default: the run's --seed, 1 unless given)" },
];
export const TRIGGER_CHOICE = ['above', 'nth', 'rate'] as const;

/** A parameter value, typed by the caller (the parser has checked it against the kind's table). */
export function param<T extends FaultParamValue>(spec: FaultSpec, name: string): T | undefined {
  return spec.params[name] as T | undefined;
}

export function requireLink(spec: FaultSpec, incident: Incident): number {
  const index = linkIndex(incident, param<string>(spec, 'link')!);
  if (index < 0) throw new Error(`fault ${spec.kind}: unknown link ${String(spec.params.link)}`);
  return index;
}

/** The `when` and `skus` filters of a link rule, as a predicate over messages. */
export class MessageFilter {
  private readonly fromMs: number;
  private readonly toMs: number;
  private readonly skus: Set<number> | undefined;

  constructor(spec: FaultSpec, incident: Incident) {
    const when = param<{ fromMs: number; toMs: number }>(spec, 'when');
    this.fromMs = when?.fromMs ?? -Infinity;
    this.toMs = when?.toMs ?? Infinity;
    const skus = param<string[]>(spec, 'skus');
    this.skus = skus ? new Set(skus.map((sku) => skuIndex(incident, sku)).filter((index) => index >= 0)) : undefined;
  }

  /** True when the rule applies to a message sent at `sentMs` for `sku`. */
  matches(sentMs: number, sku: number): boolean {
    return sentMs >= this.fromMs && sentMs <= this.toMs && (this.skus === undefined || this.skus.has(sku));
  }

  /** The active window, for cadence and capacity rules. */
  get activeMs(): { fromMs: number; toMs: number } | undefined {
    return Number.isFinite(this.fromMs) || Number.isFinite(this.toMs) ? { fromMs: this.fromMs, toMs: this.toMs } : undefined;
  }
}

/**
 * The trigger of a load-dependent rule. `observe` must see every message sent on the link
 * (so `above` counts lost ones too); `fires` then answers for the message just observed.
 */
export class LoadTrigger {
  private readonly above: { count: number; perMs: number } | undefined;
  private readonly nth: number | undefined;
  private readonly rate: { numerator: number; denominator: number } | undefined;
  private readonly rng: Rng | undefined;
  /** Send times inside the current `above` window, as a queue over a growing array. */
  private readonly times: number[] = [];
  private head = 0;

  constructor(spec: FaultSpec, label: string, runSeed: number) {
    this.above = param(spec, 'above');
    this.nth = param(spec, 'nth');
    this.rate = param(spec, 'rate');
    this.rng = this.rate ? Rng.forComponent(param<number>(spec, 'seed') ?? runSeed, label) : undefined;
  }

  observe(message: Message): void {
    if (!this.above) return;
    this.times.push(message.sentMs);
  }

  /** Number of messages sent in (nowMs - D, nowMs]; the engine's time never goes back. */
  private inWindow(nowMs: number): number {
    const times = this.times;
    const horizon = nowMs - this.above!.perMs;
    while (this.head < times.length && times[this.head]! <= horizon) this.head++;
    if (this.head > 4096 && this.head * 2 > times.length) {
      times.splice(0, this.head);
      this.head = 0;
    }
    return times.length - this.head;
  }

  /** Whether the rule fires for `message` at `nowMs` (its send time, or its delivery time). */
  fires(message: Message, nowMs: number): boolean {
    if (this.above) return this.inWindow(nowMs) > this.above.count;
    if (this.nth !== undefined) return message.linkSeq % this.nth === 0;
    if (this.rate && this.rng) return this.rng.chance(this.rate.numerator, this.rate.denominator);
    return false;
  }

  /** The threshold in words, for log lines. */
  describe(): string {
    if (this.above) return `more than ${this.above.count} messages in ${this.above.perMs / 1000}s`;
    if (this.nth !== undefined) return `every message whose number on the link is a multiple of ${this.nth}`;
    if (this.rate) return `probability ${this.rate.numerator}/${this.rate.denominator}`;
    return 'never';
  }
}
