/**
 * `cadence`: the link really runs on another schedule than documented: another period
 * (`every`), and/or not at all on some weekdays (`pausedOn`, in the incident's timezone),
 * changes staying pending for the next cycle that runs. Real-world: a weekend batch window
 * switched off, a "15-minute" sync that is hourly.
 */
import type { Weekday } from '../calendar.js';
import type { FaultKindDefinition } from './fault-kind.js';
import { LINK_PARAM, MessageFilter, WHEN_PARAM, param, requireLink } from './common.js';

export const cadence: FaultKindDefinition = {
  kind: 'cadence',
  family: 'integration',
  summary: 'the link runs on another period than declared, or pauses on some weekdays',
  params: [
    LINK_PARAM,
    { name: 'every', type: 'duration', doc: 'the real period (cycles at multiples of it since the epoch, plus the link offset)' },
    { name: 'pausedOn', type: 'weekdays', doc: 'weekdays on which no cycle runs (in the incident timezone)' },
    WHEN_PARAM,
  ],
  atLeastOne: [['every', 'pausedOn']],
  linkModes: ['batch', 'poll'],
  build(spec, incident) {
    const everyMs = param<number>(spec, 'every');
    const pausedOn = param<string[]>(spec, 'pausedOn');
    const activeMs = new MessageFilter(spec, incident).activeMs;
    return {
      rule: {
        link: requireLink(spec, incident),
        cadence: {
          ...(everyMs !== undefined ? { everyMs } : {}),
          ...(pausedOn ? { pausedOn: new Set(pausedOn as Weekday[]) } : {}),
          ...(activeMs ? { activeMs } : {}),
        },
      },
    };
  },
};
