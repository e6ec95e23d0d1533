/**
 * How a delivered link message reaches its target system.
 *
 * The engine hands every delivery that its rules let through to a `Transport`. The
 * in-process transport (here) applies it to `SystemState` directly: the fast path the search
 * uses. The http transport (`src/adapters/http-transport.ts`) sends the same message through
 * `fetch` to the mocked APIs in `mocks/`, which apply it to the same `SystemState`; a
 * property test holds the two to identical results.
 */
import type { Message } from './message.js';
import type { Incident } from './model.js';
import type { SystemState } from './state.js';

export interface DeliveryResult {
  /** False when an idempotent target ignored a key it had applied before. */
  applied: boolean;
  /** The change the delivery made at the target (0 when none). */
  change: number;
}

export interface Transport {
  /**
   * Applies `message` at its link's target (to `message.targetSku`). May return a promise
   * (http); the engine awaits only then, so the in-process path stays synchronous.
   */
  deliver(message: Message): DeliveryResult | Promise<DeliveryResult>;
  /** Called once before the run starts, and once after it ends. */
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
}

/** The key an idempotent target records: scoped by link, since a key is `link + ref + sku`. */
export function scopedKey(incident: Incident, message: Message): string {
  return `${incident.links[message.link]!.name}|${message.key}`;
}

/** Applies messages directly to `SystemState`. */
export class InProcessTransport implements Transport {
  constructor(
    private readonly incident: Incident,
    private readonly state: SystemState,
  ) {}

  deliver(message: Message): DeliveryResult {
    const link = this.incident.links[message.link]!;
    // Only a key that can come again needs remembering (key-recurrence.ts); the result is the same.
    if (link.idempotent && message.keyMayRecur) {
      if (!this.state.claimKey(link.to, scopedKey(this.incident, message))) return { applied: false, change: 0 };
    }
    const change =
      message.carries === 'snapshot'
        ? this.state.set(link.to, message.targetSku, message.value)
        : this.state.add(link.to, message.targetSku, message.value);
    return { applied: true, change };
  }
}
