/**
 * `timeout`: requests on a link time out under load. The sender logs the timeout. With
 * `applied: true` (the default) the target had applied the request and only the answer was
 * lost, so a retry is a second delivery of the same key: a duplicate on a target that is not
 * idempotent. With `applied: false` the request had not applied: a retry delivers it late,
 * and without one it is lost. `nth` and `rate` judge first attempts; `above` judges every
 * attempt by the load at that moment.
 */
import type { FaultKindDefinition } from './fault-kind.js';
import { LINK_PARAM, LoadTrigger, MessageFilter, SKUS_PARAM, TRIGGER_CHOICE, TRIGGER_PARAMS, WHEN_PARAM, param, requireLink } from './common.js';
import { RETRY_DEFAULTS, RETRY_PARAMS, RetryPolicy } from './retry-policy.js';

export const timeout: FaultKindDefinition = {
  kind: 'timeout',
  family: 'integration',
  summary: 'requests time out under load: retried (a duplicate if it had applied) or lost',
  params: [
    LINK_PARAM,
    ...TRIGGER_PARAMS,
    ...RETRY_PARAMS,
    { name: 'applied', type: 'boolean', doc: 'whether a timed-out request had applied at the target (default true)' },
    WHEN_PARAM,
    SKUS_PARAM,
  ],
  defaults: { ...RETRY_DEFAULTS, applied: true },
  exactlyOne: [TRIGGER_CHOICE],
  requires: { seed: 'rate' },
  build(spec, incident, index, runSeed) {
    const link = requireLink(spec, incident);
    const trigger = new LoadTrigger(spec, `timeout#${index}`, runSeed);
    const filter = new MessageFilter(spec, incident);
    const policy = new RetryPolicy(spec);
    const applied = param<boolean>(spec, 'applied') ?? true;
    const byLoad = spec.params.above !== undefined;
    const linkName = incident.links[link]!.name;
    return {
      rule: {
        link,
        observeSend(message) {
          trigger.observe(message);
        },
        onDeliver(message, context) {
          if (!filter.matches(message.sentMs, message.sku)) return 'pass';
          if (message.attempt > 1 && !byLoad) return 'pass';
          if (!trigger.fires(message, context.nowMs)) return 'pass';
          // A retry counts the message's next attempt up; the line names the one that timed out.
          const attempt = message.attempt;
          const retried = policy.retry(message, context);
          if (context.logging) {
            context.log({
              component: linkName,
              level: 'error',
              code: 'TIMEOUT',
              sku: incident.skus[message.sku]!.sku,
              message: `request ${message.key} timed out (attempt ${attempt}, ${trigger.describe()}); ${retried ? 'retrying' : 'giving up'}`,
            });
          }
          return applied ? 'apply' : 'refuse';
        },
      },
    };
  },
};
