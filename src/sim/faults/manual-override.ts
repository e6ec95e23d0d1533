/**
 * `manual_override`: a person sets or adjusts a count directly in a system's admin (a support
 * agent "fixing" the storefront), once `at` a time or `daily` at a local time. The change
 * bypasses the sync chain: it marks nothing pending, but later snapshots from that system
 * carry it, and a later snapshot into that system overwrites it.
 */
import type { FaultKindDefinition } from './fault-kind.js';
import { WHEN_PARAM } from './common.js';
import { SYNCED_PARAM, TARGET_PARAMS, VALUE_PARAMS, instantsOf, interventionsAt, valueOf } from './intervention-common.js';

export const manualOverride: FaultKindDefinition = {
  kind: 'manual_override',
  family: 'process',
  summary: 'a person sets or adjusts a count directly; the change bypasses the sync chain',
  params: [
    ...TARGET_PARAMS,
    { name: 'at', type: 'time', doc: 'when it happened' },
    { name: 'daily', type: 'clock', doc: 'every day at this local time (HH:MM, incident timezone)' },
    ...VALUE_PARAMS,
    { ...WHEN_PARAM, doc: 'with daily: only the days in this window' },
    SYNCED_PARAM,
  ],
  exactlyOne: [
    ['at', 'daily'],
    ['count', 'delta'],
  ],
  requires: { when: 'daily' },
  build(spec, incident) {
    const { value, absolute } = valueOf(spec);
    return { interventions: interventionsAt(spec, incident, instantsOf(spec, incident), value, absolute, absolute ? 'manual_set' : 'adjustment') };
  },
};
