/**
 * `truncation`: the link cuts a field (`sku` or `title`) to its first `maxLength` characters
 * and the target matches the cut value exactly against its items (a SKU without a title is
 * matched by its SKU). No match: the target rejects the message and logs it. Another item
 * matches: the update lands on the wrong SKU. Real-world: a 20-character item field in an
 * ERP import, long variant SKUs that share a prefix.
 */
import type { FaultKindDefinition } from './fault-kind.js';
import { LINK_PARAM, MessageFilter, SKUS_PARAM, WHEN_PARAM, param, requireLink } from './common.js';

export const truncation: FaultKindDefinition = {
  kind: 'truncation',
  family: 'integration',
  summary: 'a field cut to a length: unmatched items rejected, colliding items updated instead',
  params: [
    LINK_PARAM,
    { name: 'field', type: 'enum', values: ['sku', 'title'], doc: 'the field that is cut (default sku)' },
    { name: 'maxLength', type: 'positiveInteger', required: true, doc: 'characters kept' },
    WHEN_PARAM,
    SKUS_PARAM,
  ],
  defaults: { field: 'sku' },
  build(spec, incident) {
    const link = requireLink(spec, incident);
    const field = param<string>(spec, 'field') ?? 'sku';
    const maxLength = param<number>(spec, 'maxLength')!;
    const filter = new MessageFilter(spec, incident);
    const linkName = incident.links[link]!.name;
    const valueOf = (index: number): string => {
      const item = incident.skus[index]!;
      return field === 'title' ? (item.title ?? item.sku) : item.sku;
    };
    // The first item (in SKU order) holding each exact value is the one a lookup finds.
    const byValue = new Map<string, number>();
    for (let index = 0; index < incident.skus.length; index++) {
      const value = valueOf(index);
      if (!byValue.has(value)) byValue.set(value, index);
    }
    const target = incident.skus.map((_, index) => byValue.get(valueOf(index).slice(0, maxLength)) ?? -1);
    return {
      rule: {
        link,
        onDeliver(message, context) {
          if (!filter.matches(message.sentMs, message.sku)) return 'pass';
          const mapped = target[message.sku]!;
          if (mapped >= 0) {
            message.targetSku = mapped;
            return 'pass';
          }
          const cut = valueOf(message.sku).slice(0, maxLength);
          if (context.logging) {
            context.log({
              component: linkName,
              level: 'error',
              code: 'ITEM_NOT_FOUND',
              sku: incident.skus[message.sku]!.sku,
              message: `no item with ${field} ${JSON.stringify(cut)} (cut to ${maxLength} characters); update rejected`,
            });
          }
          return 'refuse';
        },
      },
    };
  },
};
