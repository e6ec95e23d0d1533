/**
 * A link message: what one link carries from its source system to its target for one SKU.
 *
 * The engine creates one per event-link change and one per pending SKU per batch/poll cycle;
 * fault rules may delay, drop, duplicate or re-key it on the way (`src/sim/faults`).
 */
import type { LinkCarries } from './model.js';

export interface Message {
  /** Unique per run, increasing in send order; also the tie-break of deliveries. */
  id: number;
  link: number;
  /** 1-based count of messages sent on this link so far (this one included); `nth` counts it. */
  linkSeq: number;
  sku: number;
  /** The SKU the target applies it to; truncation faults may point it elsewhere. */
  targetSku: number;
  carries: LinkCarries;
  /** The count (snapshot) or the change (delta). */
  value: number;
  /** Idempotency key without the link: `ref:sku`, or `#linkSeq:sku` when there is no ref. */
  key: string;
  /**
   * True when the same key can reach this link again (a ref shared by two movements, a cycle
   * of links, or a rule that copied, retried or re-keyed the message); an idempotent target
   * needs to remember only such keys.
   */
  keyMayRecur: boolean;
  /** The change type it carries (a movement type, or `batch`). */
  type: string;
  ref: string | undefined;
  sentMs: number;
  /** When it is (next) due at the target; a retry moves it. */
  deliverMs: number;
  /** Scheduling order, set by the event queue: ties at one instant go in this order. */
  queueSequence: number;
  /** Delivery attempt, 1 for the first; retries after a timeout or a 429 count up. */
  attempt: number;
  /** Id of the change that made it (the trace follows units through the chain). */
  causeChange: number;
  /** Set by a rule that lost it on the way; a lost message is never delivered. */
  lost: boolean;
  /** True for the copy a duplicate_delivery rule made. */
  duplicate: boolean;
}

/**
 * The engine's messages. The key is made when first read: a replay of a million messages
 * reads few of them (only an idempotent target that may see one again, a rule that logs or
 * re-keys, the trace), so most are never built. Reading it gives the same text as building
 * it at send time, since neither the ref, the link sequence nor the SKU changes afterwards.
 */
export class LinkMessage implements Message {
  private ownKey: string | undefined = undefined;

  constructor(
    public id: number,
    public link: number,
    public linkSeq: number,
    public sku: number,
    public targetSku: number,
    public carries: LinkCarries,
    public value: number,
    /** The SKU's name, for the key. */
    private readonly skuName: string,
    public keyMayRecur: boolean,
    public type: string,
    public ref: string | undefined,
    public sentMs: number,
    public deliverMs: number,
    public queueSequence: number,
    public attempt: number,
    public causeChange: number,
    public lost: boolean,
    public duplicate: boolean,
  ) {}

  get key(): string {
    return (this.ownKey ??= messageKey(this.ref, this.linkSeq, this.skuName));
  }

  set key(key: string) {
    this.ownKey = key;
  }

  /** A copy delivered beside this one (a duplicate_delivery rule's), under `id` and `key`. */
  copy(id: number, key: string): LinkMessage {
    const copy = new LinkMessage(id, this.link, this.linkSeq, this.sku, this.targetSku, this.carries, this.value, this.skuName, true, this.type, this.ref, this.sentMs, this.deliverMs, this.queueSequence, this.attempt, this.causeChange, this.lost, true);
    copy.key = key;
    return copy;
  }
}

/** The key a message has when it carries `ref` (or none) for `skuName` (spec, semantics 4). */
export function messageKey(ref: string | undefined, linkSeq: number, skuName: string): string {
  return ref === undefined ? `#${linkSeq}:${skuName}` : `${ref}:${skuName}`;
}
