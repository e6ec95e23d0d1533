/**
 * `field_length`: a longer field on a link: the SKU or title field of a mapping (answers
 * `truncation`) or the idempotency-key column (`field: key`, answers `key_collision`). The
 * fault stays in place with its length raised to `length`; at or above the longest value the
 * cut changes nothing, below it the replay shows what still collides.
 */
import type { RemedyKindDefinition } from '../remedy-kind.js';
import { actsOnLink, mapFaults } from '../world.js';

export const fieldLengthRemedy: RemedyKindDefinition = {
  kind: 'field_length',
  side: 'integration',
  summary: 'a longer SKU, title or idempotency-key field on a link',
  answers: ['truncation', 'key_collision'],
  params: [
    { name: 'link', type: 'link', required: true, doc: 'the link whose field is widened' },
    { name: 'field', type: 'enum', values: ['sku', 'title', 'key'], doc: 'the field (default sku)' },
    { name: 'length', type: 'positiveInteger', required: true, doc: 'characters the field now holds' },
  ],
  defaults: { field: 'sku' },
  apply(spec, world) {
    const name = spec.params.link as string;
    const field = spec.params.field as string;
    const length = spec.params.length as number;
    return mapFaults(world, (fault) => {
      if (!actsOnLink(fault, name)) return fault;
      if (fault.kind === 'truncation' && (fault.params.field ?? 'sku') === field) {
        return { kind: fault.kind, params: { ...fault.params, maxLength: Math.max(length, fault.params.maxLength as number) } };
      }
      if (fault.kind === 'key_collision' && field === 'key') {
        return { kind: fault.kind, params: { ...fault.params, length: Math.max(length, fault.params.length as number) } };
      }
      return fault;
    });
  },
};
