/**
 * Ranking remedies: least drift left first (the largest gap at an observation, then the
 * unit-hours the systems spend apart, then the SKUs affected), then least cost to the chain
 * (calls over Shopify's and NetSuite's limits, then messages a day), then fewer remedies,
 * then the order they were tried in. Integers and two-decimal figures only, so the order is
 * the same on every machine.
 *
 * @example
 * const ranked = [...outcomes].sort(compareOutcomes);
 */
import type { Measurement } from './measure.js';

export interface Ranked {
  measurement: Measurement;
  remedies: readonly unknown[];
  /** Position in the order tried. */
  tried: number;
}

/** Negative when `a` ranks before `b`. */
export function compareOutcomes(a: Ranked, b: Ranked): number {
  const x = a.measurement;
  const y = b.measurement;
  return (
    x.drift.largestGap - y.drift.largestGap ||
    x.drift.unitHours - y.drift.unitHours ||
    x.drift.skusAffected - y.drift.skusAffected ||
    overLimit(x) - overLimit(y) ||
    x.cost.messagesPerDay - y.cost.messagesPerDay ||
    a.remedies.length - b.remedies.length ||
    a.tried - b.tried
  );
}

/**
 * Calls the published API limits would refuse.
 *
 * @example
 * overLimit(measurement); // 0 when Shopify's bucket and NetSuite's slots hold every call
 */
export function overLimit(measurement: Measurement): number {
  return measurement.cost.shopify.overLimit + measurement.cost.netsuite.overLimit;
}
