/**
 * `batch_lag`: a batch or poll job that takes longer than it should, so a cycle's messages
 * arrive late: a fixed `delay`, and/or `perRecord` per message in the cycle (a job whose
 * run time grows with its size). Real-world: an ERP import queue that backs up at peak. The
 * queue is first in, first out: a cycle's message for a SKU never lands before the one an
 * earlier cycle sent for it.
 */
import type { FaultKindDefinition } from './fault-kind.js';
import { LINK_PARAM, MessageFilter, SKUS_PARAM, WHEN_PARAM, param, requireLink } from './common.js';

export const batchLag: FaultKindDefinition = {
  kind: 'batch_lag',
  family: 'integration',
  summary: "a cycle's messages arrive later than the link's latency (fixed, or growing with the batch size)",
  params: [
    LINK_PARAM,
    { name: 'delay', type: 'duration', doc: 'extra delay of every message of a cycle' },
    { name: 'perRecord', type: 'duration', doc: 'extra delay per message in the cycle (the whole cycle lands together)' },
    WHEN_PARAM,
    SKUS_PARAM,
  ],
  atLeastOne: [['delay', 'perRecord']],
  linkModes: ['batch', 'poll'],
  build(spec, incident) {
    const link = requireLink(spec, incident);
    const delayMs = param<number>(spec, 'delay') ?? 0;
    const perRecordMs = param<number>(spec, 'perRecord') ?? 0;
    const filter = new MessageFilter(spec, incident);
    // Per SKU, when the last message this rule saw lands. A later cycle queues behind an
    // earlier, slower one instead of overtaking it: otherwise a stale snapshot would land last
    // and overwrite a newer one, breaking "messages on one link are delivered in the order sent".
    const landsMs = new Float64Array(incident.skus.length).fill(-Infinity);
    return {
      rule: {
        link,
        onCycle(messages) {
          const size = messages.reduce((count, message) => count + (message.lost ? 0 : 1), 0);
          const extraMs = delayMs + perRecordMs * size;
          for (const message of messages) {
            if (message.lost) continue;
            if (filter.matches(message.sentMs, message.sku)) message.deliverMs += extraMs;
            message.deliverMs = Math.max(message.deliverMs, landsMs[message.sku]!);
            landsMs[message.sku] = message.deliverMs;
          }
        },
      },
    };
  },
};
