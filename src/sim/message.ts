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

/** The key a message has when it carries `ref` (or none) for `skuName` (spec, semantics 4). */
export function messageKey(ref: string | undefined, linkSeq: number, skuName: string): string {
  return ref === undefined ? `#${linkSeq}:${skuName}` : `${ref}:${skuName}`;
}
