/**
 * `duplicate_delivery`: a message delivered twice (at-least-once redelivery). An idempotent
 * target ignores the copy, because it carries the same key; with `keyless: true` the copy
 * carries a fresh key (an idempotency-key failure), so even an idempotent target applies it
 * twice. Real-world: a middleware retry after a lost acknowledgement, with keys regenerated.
 */
import type { FaultKindDefinition } from './fault-kind.js';
import { LINK_PARAM, LoadTrigger, MessageFilter, SKUS_PARAM, TRIGGER_CHOICE, TRIGGER_PARAMS, WHEN_PARAM, param, requireLink } from './common.js';

export const duplicateDelivery: FaultKindDefinition = {
  kind: 'duplicate_delivery',
  family: 'integration',
  summary: 'messages redelivered: applied twice unless the target is idempotent (always twice with keyless)',
  params: [
    LINK_PARAM,
    ...TRIGGER_PARAMS,
    { name: 'keyless', type: 'boolean', doc: 'the copy carries a fresh key, so idempotency cannot catch it (default false)' },
    WHEN_PARAM,
    SKUS_PARAM,
  ],
  defaults: { keyless: false },
  exactlyOne: [TRIGGER_CHOICE],
  requires: { seed: 'rate' },
  build(spec, incident, index, runSeed) {
    const link = requireLink(spec, incident);
    const trigger = new LoadTrigger(spec, `duplicate_delivery#${index}`, runSeed);
    const filter = new MessageFilter(spec, incident);
    const freshKey = param<boolean>(spec, 'keyless') ?? false;
    return {
      rule: {
        link,
        observeSend(message) {
          trigger.observe(message);
        },
        onSend(message, context) {
          if (message.lost || !filter.matches(message.sentMs, message.sku) || !trigger.fires(message, message.sentMs)) return;
          context.duplicate(message, { freshKey });
        },
      },
    };
  },
};
