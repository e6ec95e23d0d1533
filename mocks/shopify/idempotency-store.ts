/**
 * The `@idempotent(key:)` contract of one store: the first request with a key runs and its
 * result is kept; a retry with the same key and the same parameters gets that result back and
 * applies nothing; the same key with other parameters gets `IDEMPOTENCY_KEY_PARAMETER_MISMATCH`
 * (Shopify: "Idempotent requests", and the 2026-01 changelog on inventory idempotency).
 *
 * A key is recorded in `SystemState.claimKey` only when its request applied, so the state's
 * key set means what it means for the in-process transport: "this target applied that key".
 * A request that failed with user errors keeps its result here, and a retry sees the failure
 * again, as "returns the result of the original operation" says.
 *
 * @example
 * const outcome = store.run('adjust', 'key-1', input, () => mutations.adjust(input, version));
 * store.run('adjust', 'key-1', input, ...); // the same outcome; nothing applied twice
 */
import type { MockContext } from '../context.js';
import type { MutationOutcome } from './inventory-mutations.js';
import { idempotencyMismatch } from './inventory-mutations.js';
import { canonicalJson } from '../shared/canonical-json.js';

/** Keys remembered per store before the oldest are forgotten (keeps memory bounded). */
const MAX_KEYS = 1_000_000;

export class IdempotencyStore {
  private readonly results = new Map<string, { fingerprint: string; outcome: MutationOutcome }>();

  constructor(
    private readonly context: MockContext,
    private readonly system: number,
  ) {}

  run(operation: string, key: string, parameters: unknown, execute: () => MutationOutcome): MutationOutcome {
    const fingerprint = `${operation}:${canonicalJson(parameters)}`;
    const stored = this.results.get(key);
    if (stored) return stored.fingerprint === fingerprint ? stored.outcome : idempotencyMismatch();
    const outcome = execute();
    if (outcome.userErrors.length === 0) this.context.state.claimKey(this.system, key);
    if (this.results.size >= MAX_KEYS) this.results.delete(this.results.keys().next().value!);
    this.results.set(key, { fingerprint, outcome });
    return outcome;
  }
}
