/**
 * Where systems drift apart: from a run's timeline, per SKU, when the systems first disagree,
 * the largest gap and when it happened, and the counts at the end.
 */
import type { TimelinePoint } from './engine.js';
import type { Incident } from './model.js';

export interface SkuDrift {
  sku: number;
  /** First instant at which two systems showed different counts (after that instant's events). */
  firstDivergenceMs: number;
  largestGap: number;
  largestGapMs: number;
  /** Counts per system when the largest gap was reached. */
  atLargestGap: number[];
  final: number[];
}

/** The SKUs whose systems disagree at some point, in SKU order. */
export function driftBySku(incident: Incident, timeline: readonly TimelinePoint[]): SkuDrift[] {
  const current = incident.skus.map((_, sku) => incident.systems.map((__, system) => incident.initial[system]?.[sku] ?? 0));
  const drift = new Map<number, SkuDrift>();
  const gapOf = (counts: readonly number[]) => Math.max(...counts) - Math.min(...counts);
  const consider = (sku: number, atMs: number) => {
    const counts = current[sku]!;
    const gap = gapOf(counts);
    if (gap === 0) return;
    const known = drift.get(sku);
    if (!known) drift.set(sku, { sku, firstDivergenceMs: atMs, largestGap: gap, largestGapMs: atMs, atLargestGap: [...counts], final: [] });
    else if (gap > known.largestGap) Object.assign(known, { largestGap: gap, largestGapMs: atMs, atLargestGap: [...counts] });
  };
  incident.skus.forEach((_, sku) => consider(sku, incident.window.startMs));
  // Judge each instant after all of its events, so a change relayed at once is no drift.
  for (let index = 0; index < timeline.length; index++) {
    const point = timeline[index]!;
    current[point.sku]![point.system] = point.count;
    const next = timeline[index + 1];
    if (!next || next.atMs !== point.atMs || next.sku !== point.sku) consider(point.sku, point.atMs);
  }
  return [...drift.values()].sort((a, b) => a.sku - b.sku).map((entry) => ({ ...entry, final: [...current[entry.sku]!] }));
}
