/**
 * Gate 1, consistency: is the drift the same for the same SKU, location and movement type
 * every time? Read from the drift events of the baseline replay:
 *
 * - a step in an interval where the SKU had no recorded movement at all is irregular: the
 *   count moved with nothing in the inputs to move it;
 * - for each (system, movement type) that drifted, the intervals that contained that type
 *   should drift in the same direction every time.
 *
 * `consistent` when every step coincides with movements and each (system, type) drifts one
 * way only; `irregular` otherwise; `no drift` when nothing stepped.
 */
import type { Incident } from '../sim/model.js';
import { formatTime } from '../sim/time.js';
import type { DriftEvent } from './drift-events.js';

export interface Gate1Result {
  gate: 1;
  answer: 'consistent' | 'irregular' | 'no drift';
  evidence: string[];
}

export function gate1(incident: Incident, events: readonly DriftEvent[]): Gate1Result {
  if (events.length === 0) return { gate: 1, answer: 'no drift', evidence: ['No observation steps away from the replay of the declared links.'] };
  const evidence: string[] = [];
  const unexplained = events.filter((event) => event.movementTypes.length === 0);
  for (const event of unexplained.slice(0, 5)) {
    evidence.push(
      `${incident.skus[event.sku]!.sku} in ${incident.systems[event.system]!.name} moved by ${event.step} between ${formatTime(event.fromMs)} and ${formatTime(event.toMs)} with no recorded movement of that SKU.`,
    );
  }
  if (unexplained.length > 5) evidence.push(`... and ${unexplained.length - 5} more such steps.`);
  const directions = new Map<string, Set<number>>();
  for (const event of events) {
    for (const type of event.movementTypes) {
      const key = `${incident.systems[event.system]!.name} / ${type}`;
      directions.set(key, (directions.get(key) ?? new Set()).add(Math.sign(event.step)));
    }
  }
  const mixed = [...directions.entries()].filter(([, signs]) => signs.size > 1).map(([key]) => key).sort();
  if (mixed.length > 0) evidence.push(`Drift goes both ways for the same system and movement type: ${mixed.join(', ')}.`);
  const consistent = unexplained.length === 0 && mixed.length === 0;
  if (consistent) {
    const keys = [...directions.keys()].sort();
    evidence.push(`Every one of the ${events.length} drift steps coincides with movements of the SKU, one direction per system and type (${keys.join(', ')}).`);
  }
  return { gate: 1, answer: consistent ? 'consistent' : 'irregular', evidence };
}
