/**
 * `batch_capacity`: the job carries fewer SKUs per cycle than documented (a page size, an
 * API quota per run). When volume outpaces cadence a backlog builds up, oldest change first,
 * and drains when things go quiet.
 */
import type { FaultKindDefinition } from './fault-kind.js';
import { LINK_PARAM, MessageFilter, WHEN_PARAM, param, requireLink } from './common.js';

export const batchCapacity: FaultKindDefinition = {
  kind: 'batch_capacity',
  family: 'integration',
  summary: 'fewer SKUs per cycle than declared: a backlog when volume outpaces cadence',
  params: [
    LINK_PARAM,
    { name: 'capacity', type: 'positiveInteger', required: true, doc: 'at most this many SKUs per cycle' },
    WHEN_PARAM,
  ],
  linkModes: ['batch', 'poll'],
  build(spec, incident) {
    const activeMs = new MessageFilter(spec, incident).activeMs;
    return {
      rule: {
        link: requireLink(spec, incident),
        capacity: { perCycle: param<number>(spec, 'capacity')!, ...(activeMs ? { activeMs } : {}) },
      },
    };
  },
};
