/**
 * `key_collision`: idempotency keys cut to `length` characters (a column too narrow, a
 * hash prefix), so distinct messages share a key and an idempotent target drops the later
 * ones as "already seen". Nothing is logged: the target believes it deduplicated correctly.
 */
import type { FaultKindDefinition } from './fault-kind.js';
import { LINK_PARAM, MessageFilter, SKUS_PARAM, WHEN_PARAM, param, requireLink } from './common.js';

export const keyCollision: FaultKindDefinition = {
  kind: 'key_collision',
  family: 'integration',
  summary: 'idempotency keys truncated: distinct messages dedupe, later ones are lost',
  params: [
    LINK_PARAM,
    { name: 'length', type: 'positiveInteger', required: true, doc: 'keys are cut to their first `length` characters' },
    WHEN_PARAM,
    SKUS_PARAM,
  ],
  build(spec, incident) {
    const length = param<number>(spec, 'length')!;
    const filter = new MessageFilter(spec, incident);
    return {
      rule: {
        link: requireLink(spec, incident),
        onSend(message) {
          if (!filter.matches(message.sentMs, message.sku)) return;
          message.key = message.key.slice(0, length);
          message.keyMayRecur = true;
        },
      },
    };
  },
};
