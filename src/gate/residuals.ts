/**
 * Reading residuals (observed - simulated) to guide the search: which links could explain a
 * mismatch at all.
 */
import { weekdayAt } from '../sim/calendar.js';
import type { Incident } from '../sim/model.js';
import type { ObservationComparison } from '../sim/replay.js';

/** Indices of the systems with at least one mismatched observation. */
export function mismatchedSystems(comparisons: readonly ObservationComparison[]): Set<number> {
  const systems = new Set<number>();
  for (const comparison of comparisons) {
    comparison.systems.forEach((system, index) => {
      if (!system.matches) systems.add(index);
    });
  }
  return systems;
}

/**
 * Links that can explain a mismatch: those into a mismatched system, or into a system from
 * which a mismatched one can be reached over links. In declared order.
 */
export function implicatedLinks(incident: Incident, comparisons: readonly ObservationComparison[]): number[] {
  const mismatched = mismatchedSystems(comparisons);
  const reaches = (start: number): boolean => {
    const seen = new Set<number>([start]);
    const stack = [start];
    while (stack.length > 0) {
      const system = stack.pop()!;
      if (mismatched.has(system)) return true;
      for (const link of incident.links) {
        if (link.from === system && !seen.has(link.to)) {
          seen.add(link.to);
          stack.push(link.to);
        }
      }
    }
    return false;
  };
  return incident.links.flatMap((link, index) => (reaches(link.to) ? [index] : []));
}

/** Per system index, the weekdays (in the incident's zone) of its mismatched observations. */
export function mismatchWeekdays(incident: Incident, comparisons: readonly ObservationComparison[]): Map<number, Set<string>> {
  const days = new Map<number, Set<string>>();
  for (const comparison of comparisons) {
    comparison.systems.forEach((system, index) => {
      if (system.matches) return;
      const set = days.get(index) ?? new Set<string>();
      set.add(weekdayAt(comparison.atMs, incident.timezone));
      days.set(index, set);
    });
  }
  return days;
}
