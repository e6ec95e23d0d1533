/**
 * Gate 3, log evidence: does a middleware / API / webhook log show a failure at the drift's
 * timestamp? For each drift onset (the first step of a system and SKU), look for an `error`
 * or `warn` line on an implicated component — a link into that system or upstream of it, or
 * the system itself — from `marginMs` before the interval the step happened in to `marginMs`
 * after it, for that SKU or for no SKU in particular.
 */
import type { Incident, LogLine } from '../sim/model.js';
import { formatTime } from '../sim/time.js';
import type { DriftEvent } from './drift-events.js';

export const LOG_MARGIN_MS = 60 * 60_000;

export interface Gate3Result {
  gate: 3;
  answer: 'yes' | 'no' | 'no drift';
  /** Onsets with a logged failure, of all onsets. */
  covered: number;
  onsets: number;
  evidence: string[];
}

/** Component names that can explain drift at `system`: itself, and every link into it or upstream of it. */
export function componentsFor(incident: Incident, system: number): Set<string> {
  const names = new Set<string>([incident.systems[system]!.name]);
  const stack = [system];
  const seen = new Set<number>([system]);
  while (stack.length > 0) {
    const target = stack.pop()!;
    for (const link of incident.links) {
      if (link.to !== target) continue;
      names.add(link.name);
      names.add(incident.systems[link.from]!.name);
      if (!seen.has(link.from)) {
        seen.add(link.from);
        stack.push(link.from);
      }
    }
  }
  return names;
}

export function gate3(incident: Incident, events: readonly DriftEvent[], logs: readonly LogLine[] = incident.logs, marginMs = LOG_MARGIN_MS): Gate3Result {
  const onsets = events.filter((event) => event.onset);
  if (onsets.length === 0) return { gate: 3, answer: 'no drift', covered: 0, onsets: 0, evidence: ['No drift to look for in the logs.'] };
  const failures = logs.filter((line) => line.level === 'error' || line.level === 'warn');
  const evidence: string[] = [];
  let covered = 0;
  for (const onset of onsets) {
    const components = componentsFor(incident, onset.system);
    const sku = incident.skus[onset.sku]!.sku;
    const match = failures.find(
      (line) =>
        components.has(line.component) &&
        (line.sku === undefined || line.sku === sku) &&
        line.atMs >= onset.fromMs - marginMs &&
        line.atMs <= onset.toMs + marginMs,
    );
    if (match) {
      covered++;
      if (evidence.length < 8) evidence.push(`${sku} in ${incident.systems[onset.system]!.name}: ${match.level} ${match.code ?? ''} on ${match.component} at ${formatTime(match.atMs)}.`);
    } else if (evidence.length < 8) {
      evidence.push(`${sku} in ${incident.systems[onset.system]!.name}: no logged failure between ${formatTime(onset.fromMs - marginMs)} and ${formatTime(onset.toMs + marginMs)}.`);
    }
  }
  return { gate: 3, answer: covered === onsets.length ? 'yes' : 'no', covered, onsets: onsets.length, evidence };
}
