/**
 * `unpropagated_adjustment`: a cycle count or correction entered in one system and never
 * pushed on (entered in a screen that does not raise the sync event). The other systems keep
 * the old figure until something else makes the SKU move.
 */
import type { FaultKindDefinition } from './fault-kind.js';
import { SYNCED_PARAM, TARGET_PARAMS, VALUE_PARAMS, instantsOf, interventionsAt, valueOf } from './intervention-common.js';

export const unpropagatedAdjustment: FaultKindDefinition = {
  kind: 'unpropagated_adjustment',
  family: 'process',
  summary: 'a cycle count or correction entered in one system and never pushed on',
  params: [...TARGET_PARAMS, { name: 'at', type: 'time', required: true, doc: 'when it was entered' }, ...VALUE_PARAMS, SYNCED_PARAM],
  exactlyOne: [['count', 'delta']],
  build(spec, incident) {
    const { value, absolute } = valueOf(spec);
    return { interventions: interventionsAt(spec, incident, instantsOf(spec, incident), value, absolute, absolute ? 'cycle_count' : 'adjustment') };
  },
};
