/**
 * `split_shipment`: a fulfilment partner (3PL) ships part of an order and updates only its
 * own system; the hand-off never flows back. `qty` is a signed delta like a movement's
 * (`qty: -3` ships three units).
 */
import type { FaultKindDefinition } from './fault-kind.js';
import { param } from './common.js';
import { SYNCED_PARAM, TARGET_PARAMS, interventionsAt } from './intervention-common.js';

export const splitShipment: FaultKindDefinition = {
  kind: 'split_shipment',
  family: 'process',
  summary: 'a fulfilment partner ships and updates only its own system',
  params: [
    ...TARGET_PARAMS,
    { name: 'at', type: 'time', required: true, doc: 'when it shipped' },
    { name: 'qty', type: 'integer', required: true, doc: 'signed change, negative for units shipped' },
    SYNCED_PARAM,
  ],
  build(spec, incident) {
    return { interventions: interventionsAt(spec, incident, [param<number>(spec, 'at')!], param<number>(spec, 'qty')!, false, 'shipment') };
  },
};
