/**
 * `retry`: the sender retries a failed request up to `attempts` times, `backoff` apart, with
 * idempotency keys (`keys: true`: every attempt carries the original key and the target
 * ignores a key it has applied) or without.
 *
 * What it does to the faults on its link:
 * - `webhook_drop`: a lost webhook becomes a failed attempt that is retried: it is replayed as
 *   a `timeout` that had not applied, with the same trigger, so it lands `backoff` later
 *   (or is lost once every attempt failed under the same load);
 * - `timeout` and `rate_limit`: retried after `backoff`, `attempts` times;
 * - with keys, the target becomes idempotent, so a retry of a request that had applied (a
 *   timeout's lost answer) is ignored, and a redelivery (`duplicate_delivery`, also one that
 *   regenerated its key) carries the original key and is ignored too.
 * Without keys a retry of an applied request applies twice on a target that is not
 * idempotent: the replay shows the remedy making things worse, as it would.
 */
import type { FaultSpec } from '../../sim/model.js';
import type { RemedyKindDefinition } from '../remedy-kind.js';
import { actsOnLink, mapFaults, withLink } from '../world.js';

const TRIGGERS = ['above', 'nth', 'rate', 'seed', 'when', 'skus'] as const;

export const retryRemedy: RemedyKindDefinition = {
  kind: 'retry',
  side: 'integration',
  summary: 'retry failed requests on a link, with or without idempotency keys',
  answers: ['webhook_drop', 'timeout', 'rate_limit', 'duplicate_delivery'],
  params: [
    { name: 'link', type: 'link', required: true, doc: 'the link whose sender retries' },
    { name: 'attempts', type: 'positiveInteger', doc: 'retries at most (default 3)' },
    { name: 'backoff', type: 'duration', doc: 'wait between attempts (default 30s)' },
    { name: 'keys', type: 'boolean', doc: 'every attempt carries the original idempotency key and the target dedupes on it (default true)' },
  ],
  defaults: { attempts: 3, backoff: 30_000, keys: true },
  apply(spec, world) {
    const name = spec.params.link as string;
    const attempts = spec.params.attempts as number;
    const backoffMs = spec.params.backoff as number;
    const keys = spec.params.keys as boolean;
    const retried = keys ? withLink(world, name, (link) => ({ ...link, idempotent: true })) : world;
    return mapFaults(retried, (fault) => {
      if (!actsOnLink(fault, name)) return fault;
      switch (fault.kind) {
        case 'webhook_drop': {
          const params: FaultSpec['params'] = { link: name, applied: false, retry: backoffMs, maxRetries: attempts };
          for (const key of TRIGGERS) if (fault.params[key] !== undefined) params[key] = fault.params[key]!;
          return { kind: 'timeout', params };
        }
        case 'timeout':
        case 'rate_limit':
          return { kind: fault.kind, params: { ...fault.params, retry: backoffMs, maxRetries: attempts } };
        case 'duplicate_delivery':
          return keys ? { kind: fault.kind, params: { ...fault.params, keyless: false } } : fault;
        default:
          return fault;
      }
    });
  },
};
