/**
 * `rate_limit`: the target accepts at most `limit` requests per `per` on the link and answers
 * the rest 429 (Shopify: a THROTTLED error). The sender logs it and retries after `retry`,
 * or drops the update. Real-world: a bulk re-sync that hits the API quota.
 */
import type { FaultKindDefinition } from './fault-kind.js';
import { LINK_PARAM, MessageFilter, SKUS_PARAM, WHEN_PARAM, param, requireLink } from './common.js';
import { RETRY_DEFAULTS, RETRY_PARAMS, RetryPolicy } from './retry-policy.js';

export const rateLimit: FaultKindDefinition = {
  kind: 'rate_limit',
  family: 'integration',
  summary: 'over-limit requests answered 429: retried later or lost',
  params: [
    LINK_PARAM,
    { name: 'limit', type: 'positiveInteger', required: true, doc: 'requests accepted per window' },
    { name: 'per', type: 'duration', required: true, doc: 'the sliding window' },
    ...RETRY_PARAMS,
    WHEN_PARAM,
    SKUS_PARAM,
  ],
  defaults: RETRY_DEFAULTS,
  build(spec, incident) {
    const link = requireLink(spec, incident);
    const limit = param<number>(spec, 'limit')!;
    const perMs = param<number>(spec, 'per')!;
    const filter = new MessageFilter(spec, incident);
    const policy = new RetryPolicy(spec);
    const linkName = incident.links[link]!.name;
    const accepted: number[] = [];
    let head = 0;
    return {
      rule: {
        link,
        onDeliver(message, context) {
          if (!filter.matches(message.sentMs, message.sku)) return 'pass';
          const horizon = context.nowMs - perMs;
          while (head < accepted.length && accepted[head]! <= horizon) head++;
          if (accepted.length - head < limit) {
            accepted.push(context.nowMs);
            return 'pass';
          }
          const retried = policy.retry(message, context);
          if (context.logging) {
            context.log({
              component: linkName,
              level: retried ? 'warn' : 'error',
              code: 'HTTP_429',
              sku: incident.skus[message.sku]!.sku,
              message: `request ${message.key} throttled (limit ${limit} per ${perMs / 1000}s); ${retried ? 'retrying' : 'dropped'}`,
            });
          }
          return 'refuse';
        },
      },
    };
  },
};
