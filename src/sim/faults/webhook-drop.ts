/**
 * `webhook_drop`: event messages lost on the way, under load (`above: N/D`) or every Nth
 * (`nth`), or at random (`rate` with `seed`). The sender logs the failed delivery.
 * Real-world: a storefront's webhook burst at a flash sale, answered 5xx and never retried.
 */
import type { FaultKindDefinition } from './fault-kind.js';
import { LINK_PARAM, LoadTrigger, MessageFilter, SKUS_PARAM, TRIGGER_CHOICE, TRIGGER_PARAMS, WHEN_PARAM, requireLink } from './common.js';

export const webhookDrop: FaultKindDefinition = {
  kind: 'webhook_drop',
  family: 'integration',
  summary: 'event messages lost under load, or every Nth',
  params: [LINK_PARAM, ...TRIGGER_PARAMS, WHEN_PARAM, SKUS_PARAM],
  exactlyOne: [TRIGGER_CHOICE],
  requires: { seed: 'rate' },
  linkModes: ['event'],
  build(spec, incident, index, runSeed) {
    const link = requireLink(spec, incident);
    const trigger = new LoadTrigger(spec, `webhook_drop#${index}`, runSeed);
    const filter = new MessageFilter(spec, incident);
    const linkName = incident.links[link]!.name;
    return {
      rule: {
        link,
        observeSend(message) {
          trigger.observe(message);
        },
        onSend(message, context) {
          if (message.lost || !filter.matches(message.sentMs, message.sku) || !trigger.fires(message, message.sentMs)) return;
          message.lost = true;
          if (context.logging) {
            context.log({
              component: linkName,
              level: 'error',
              code: 'WEBHOOK_DELIVERY_FAILED',
              sku: incident.skus[message.sku]!.sku,
              message: `webhook ${message.key} not delivered (${trigger.describe()})`,
            });
          }
        },
      },
    };
  },
};
