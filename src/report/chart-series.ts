/**
 * From a simulation to a chart panel: the step series of one SKU in every system, its
 * observations (reproduced or not by that simulation), and the faults as markers: human
 * actions as rules at their instants, paused cadences and evidence intervals as bands, and
 * the failures the rules logged as marks.
 *
 * @example
 * const run = await new Simulation(incident, { faults, timelineSkus: new Set([sku]) }).run();
 * const panel = chartPanel(incident, 'With the explanation', run, run.timeline, compare(incident, run), faults.map((spec) => ({ spec })), sku);
 */
import { DateTime } from 'luxon';
import type { Weekday } from '../sim/calendar.js';
import { WEEKDAYS } from '../sim/calendar.js';
import type { SimulationResult, TimelinePoint } from '../sim/engine.js';
import { faultKind } from '../sim/faults/index.js';
import type { FaultSpec, Incident } from '../sim/model.js';
import type { ObservationComparison } from '../sim/replay.js';
import type { ChartBand, ChartLogMark, ChartMarker, ChartObservation, ChartPanel, ChartPoint } from './chart-timeline.js';
import { formatSigned } from './html-format.js';

/** A fault as the chart needs it: the spec, and for an inferred action, its evidence interval. */
export interface ChartFault {
  spec: FaultSpec;
  between?: { fromMs: number; toMs: number };
}

/**
 * A series with more points than this is thinned before drawing (the chart is under a
 * thousand pixels wide; a year of busy SKU movements would otherwise make megabytes of SVG).
 */
export const MAX_POINTS_PER_SERIES = 2000;
/** Buckets used when thinning: each keeps its first, lowest, highest and last point. */
const THINNING_BUCKETS = 440;
/** At most this many log marks per panel; the log table lists them all. */
const MAX_LOG_MARKS = 400;
/** At most this many days are scanned for paused weekdays (bounds the loop on odd windows). */
const MAX_DAYS = 3660;

const SHORT_KIND: Readonly<Record<string, string>> = {
  manual_override: 'override',
  unpropagated_adjustment: 'correction',
  split_shipment: 'split shipment',
};

/**
 * Groups a run's timeline by SKU, keeping event order within each SKU.
 *
 * @example
 * const bySku = timelineBySku(run.timeline); bySku.get(0); // changes of SKU 0
 */
export function timelineBySku(timeline: readonly TimelinePoint[]): Map<number, TimelinePoint[]> {
  const bySku = new Map<number, TimelinePoint[]>();
  for (const point of timeline) {
    const list = bySku.get(point.sku);
    if (list) list.push(point);
    else bySku.set(point.sku, [point]);
  }
  return bySku;
}

/**
 * The step series of one SKU per system: the initial count at the window start, every
 * change, and the last count held to the window end.
 *
 * @example
 * stepSeries(incident, bySku.get(sku) ?? [], sku)[0]; // the first system's points
 */
export function stepSeries(incident: Incident, points: readonly TimelinePoint[], sku: number): ChartPoint[][] {
  const { startMs, endMs } = incident.window;
  const series = incident.systems.map((_, system): ChartPoint[] => [{ atMs: startMs, count: incident.initial[system]?.[sku] ?? 0 }]);
  for (const point of points) {
    if (point.sku !== sku) continue;
    series[point.system]!.push({ atMs: point.atMs, count: point.count });
  }
  return series.map((list) => {
    list.push({ atMs: endMs, count: list[list.length - 1]!.count });
    return thin(list, startMs, endMs);
  });
}

/** Keeps a series drawable: per time bucket its first, lowest, highest and last point. */
function thin(points: ChartPoint[], startMs: number, endMs: number): ChartPoint[] {
  if (points.length <= MAX_POINTS_PER_SERIES) return points;
  const width = Math.max(1, (endMs - startMs) / THINNING_BUCKETS);
  const kept: ChartPoint[] = [];
  let bucketStart = 0;
  while (bucketStart < points.length) {
    const bucket = Math.floor((points[bucketStart]!.atMs - startMs) / width);
    let bucketEnd = bucketStart;
    let lowest = bucketStart;
    let highest = bucketStart;
    while (bucketEnd + 1 < points.length && Math.floor((points[bucketEnd + 1]!.atMs - startMs) / width) === bucket) {
      bucketEnd++;
      if (points[bucketEnd]!.count < points[lowest]!.count) lowest = bucketEnd;
      if (points[bucketEnd]!.count > points[highest]!.count) highest = bucketEnd;
    }
    for (const index of [...new Set([bucketStart, Math.min(lowest, highest), Math.max(lowest, highest), bucketEnd])]) kept.push(points[index]!);
    bucketStart = bucketEnd + 1;
  }
  return kept;
}

/**
 * The observations of one SKU as chart points; `reproduced` comes from the comparison of the
 * panel's own replay (an observation the replay never reached counts as not reproduced).
 *
 * @example
 * chartObservations(incident, compare(incident, run), sku).filter((point) => !point.reproduced);
 */
export function chartObservations(incident: Incident, comparisons: readonly ObservationComparison[], sku: number): ChartObservation[] {
  const points: ChartObservation[] = [];
  const observations = incident.observations;
  for (let index = 0; index < observations.length; index++) {
    if (observations.sku[index] !== sku) continue;
    for (let system = 0; system < observations.systems; system++) {
      const count = observations.count(index, system);
      if (count === undefined) continue;
      const reproduced = comparisons[index]?.systems[system]?.matches ?? false;
      points.push({ atMs: observations.atMs[index]!, system, count, reproduced });
    }
  }
  return points;
}

/**
 * The human actions of `faults` on one SKU as markers, at the instants the engine applies
 * them (a `daily` override gives one per day).
 *
 * @example
 * interventionMarkers(incident, [{ spec: dailyOverride }], sku); // one marker per day, 'override storefront −30'
 */
export function interventionMarkers(incident: Incident, faults: readonly ChartFault[], sku: number): ChartMarker[] {
  const markers: ChartMarker[] = [];
  faults.forEach((fault, index) => {
    const definition = faultKind(fault.spec.kind);
    if (!definition || definition.family !== 'process') return;
    // Human actions take no randomness, so the run seed does not matter here.
    const interventions = definition.build(fault.spec, incident, index, 1).interventions ?? [];
    for (const intervention of interventions) {
      if (intervention.sku !== sku) continue;
      if (intervention.atMs < incident.window.startMs || intervention.atMs > incident.window.endMs) continue;
      const system = incident.systems[intervention.system]!.name;
      const value = intervention.absolute ? `set to ${intervention.value}` : formatSigned(intervention.value);
      markers.push({ atMs: intervention.atMs, system: intervention.system, label: `${SHORT_KIND[fault.spec.kind] ?? fault.spec.kind} ${system} ${value}` });
    }
  });
  return markers.sort((a, b) => a.atMs - b.atMs || a.system - b.system);
}

/**
 * Bands: the periods a `cadence` fault pauses its link (whole local days, merged when
 * consecutive), and the evidence interval of every inferred action on this SKU.
 *
 * @example
 * faultBands(incident, [{ spec: weekendPause }], sku); // [{ fromMs: Sat 00:00, toMs: Mon 00:00, kind: 'paused', ... }]
 */
export function faultBands(incident: Incident, faults: readonly ChartFault[], sku: number): ChartBand[] {
  const bands: ChartBand[] = [];
  const skuName = incident.skus[sku]?.sku;
  for (const fault of faults) {
    const { spec } = fault;
    if (spec.kind === 'cadence' && Array.isArray(spec.params.pausedOn)) {
      const when = spec.params.when as { fromMs: number; toMs: number } | undefined;
      for (const period of pausedPeriods(incident, spec.params.pausedOn as string[], when)) {
        bands.push({ ...period, label: `${String(spec.params.link)} paused`, kind: 'paused' });
      }
    }
    if (fault.between && spec.params.sku === skuName) {
      bands.push({ fromMs: fault.between.fromMs, toMs: fault.between.toMs, label: '', kind: 'evidence' });
    }
  }
  return bands;
}

/** Whole local days of the window whose weekday is in `days`, consecutive days merged. */
function pausedPeriods(incident: Incident, days: readonly string[], when: { fromMs: number; toMs: number } | undefined): { fromMs: number; toMs: number }[] {
  const paused = new Set(days.filter((day): day is Weekday => (WEEKDAYS as readonly string[]).includes(day)));
  const fromMs = Math.max(incident.window.startMs, when?.fromMs ?? -Infinity);
  const toMs = Math.min(incident.window.endMs, when?.toMs ?? Infinity);
  const periods: { fromMs: number; toMs: number }[] = [];
  let day = DateTime.fromMillis(fromMs, { zone: incident.timezone }).startOf('day');
  for (let step = 0; step < MAX_DAYS && day.toMillis() <= toMs; step++) {
    const next = day.plus({ days: 1 });
    if (paused.has(WEEKDAYS[day.weekday - 1]!)) {
      const start = Math.max(day.toMillis(), fromMs);
      const end = Math.min(next.toMillis(), toMs);
      const last = periods[periods.length - 1];
      if (last && last.toMs >= start) last.toMs = end;
      else if (end > start) periods.push({ fromMs: start, toMs: end });
    }
    day = next;
  }
  return periods;
}

/**
 * The log lines a run's faults wrote for one SKU, as marks labelled with their code.
 *
 * @example
 * logMarks(run, 'MUG-01'); // [{ atMs, label: 'WEBHOOK_DELIVERY_FAILED' }, ...]
 */
export function logMarks(run: SimulationResult, skuName: string): ChartLogMark[] {
  const marks: ChartLogMark[] = [];
  for (const line of run.logs) {
    if (line.sku !== skuName) continue;
    marks.push({ atMs: line.atMs, label: line.code ?? line.level });
    if (marks.length >= MAX_LOG_MARKS) break;
  }
  return marks;
}

/**
 * One panel: a run's series for `sku`, its observations judged against that run, and the
 * markers of `faults`.
 *
 * @example
 * const run = await new Simulation(incident, { timelineSkus: new Set([sku]) }).run();
 * chartPanel(incident, 'Baseline', run, run.timeline, compare(incident, run), [], sku);
 */
export function chartPanel(
  incident: Incident,
  title: string,
  run: SimulationResult,
  points: readonly TimelinePoint[],
  comparisons: readonly ObservationComparison[],
  faults: readonly ChartFault[],
  sku: number,
): ChartPanel {
  return {
    title,
    series: stepSeries(incident, points, sku),
    observations: chartObservations(incident, comparisons, sku),
    markers: interventionMarkers(incident, faults, sku),
    bands: faultBands(incident, faults, sku),
    logs: logMarks(run, incident.skus[sku]!.sku),
  };
}
