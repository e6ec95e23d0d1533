/**
 * The counts chart of one SKU as an SVG string: each system's count as a step line from the
 * window start to the clock's time, the recorded observations as dots, and after the reveal
 * the evidence: the observations the declared links alone do not reproduce (ringed), and the
 * intervals Gate 2 places a human action in (shaded). Plain SVG: no chart library.
 *
 * @example
 * host.innerHTML = renderChart({ incident, sku: 0, nowMs, changes, range: { low: 0, high: 120 } });
 */
import type { Incident } from '../src/sim/model.js';
import { formatTime } from '../src/sim/time.js';
import { escapeMarkup } from './escape-markup.js';
import type { CountPoint } from './playback.js';

export const SYSTEM_COLOURS = ['#2563eb', '#d97706', '#059669', '#9333ea', '#dc2626'];

const WIDTH = 900;
const HEIGHT = 320;
const MARGIN = { left: 56, right: 16, top: 16, bottom: 36 };

export interface ChartEvidence {
  /** `observation/system` keys (indices) of the observed counts the declared links alone do not reproduce. */
  mismatched: ReadonlySet<string>;
  /** Intervals a human action is placed in, with a label. */
  bands: { fromMs: number; toMs: number; label: string }[];
}

export interface ChartInput {
  incident: Incident;
  sku: number;
  nowMs: number;
  changes: readonly CountPoint[];
  /** The count axis; widened to the counts shown when they leave it. */
  range: { low: number; high: number };
  evidence?: ChartEvidence;
}

/** Renders the chart; the series paths carry `data-system` so a reader (or a test) can tell them apart. */
export function renderChart(input: ChartInput): string {
  const { incident, sku, nowMs, changes } = input;
  const { startMs, endMs } = incident.window;
  const current = incident.systems.map((_, system) => incident.initial[system]?.[sku] ?? 0);
  let low = Math.min(input.range.low, ...current);
  let high = Math.max(input.range.high, ...current);
  for (const point of changes) {
    low = Math.min(low, point.count);
    high = Math.max(high, point.count);
  }
  if (high === low) high = low + 1;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (ms: number) => MARGIN.left + ((Math.min(ms, endMs) - startMs) / Math.max(1, endMs - startMs)) * plotWidth;
  const y = (count: number) => MARGIN.top + (1 - (count - low) / (high - low)) * plotHeight;
  const r = (value: number) => Math.round(value * 10) / 10;

  const parts: string[] = [];
  parts.push(`<svg class="counts-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="counts of ${escapeMarkup(incident.skus[sku]!.sku)} per system">`);
  parts.push(`<rect class="plot" x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}"/>`);
  for (const band of input.evidence?.bands ?? []) {
    const from = x(Math.max(band.fromMs, startMs));
    const to = Math.max(from + 2, x(Math.min(band.toMs, endMs)));
    parts.push(`<rect class="evidence-band" x="${r(from)}" y="${MARGIN.top}" width="${r(to - from)}" height="${plotHeight}"><title>${escapeMarkup(band.label)}</title></rect>`);
  }
  // Axes: five count ticks, six time ticks.
  for (let tick = 0; tick <= 4; tick++) {
    const count = Math.round(low + ((high - low) * tick) / 4);
    parts.push(`<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${r(y(count))}" y2="${r(y(count))}"/>`);
    parts.push(`<text class="axis" x="${MARGIN.left - 6}" y="${r(y(count)) + 4}" text-anchor="end">${count}</text>`);
  }
  for (let tick = 0; tick <= 5; tick++) {
    const atMs = startMs + ((endMs - startMs) * tick) / 5;
    const label = formatTime(Math.round(atMs / 60_000) * 60_000).slice(5, 16).replace('T', ' ');
    parts.push(`<text class="axis" x="${r(x(atMs))}" y="${HEIGHT - 12}" text-anchor="middle">${label}</text>`);
  }
  // One step line per system, up to the clock.
  const d = current.map((count) => `M${r(x(startMs))},${r(y(count))}`);
  for (const point of changes) {
    if (point.atMs > nowMs) break;
    d[point.system] += `H${r(x(point.atMs))}V${r(y(point.count))}`;
    current[point.system] = point.count;
  }
  incident.systems.forEach((system, index) => {
    const colour = SYSTEM_COLOURS[index % SYSTEM_COLOURS.length]!;
    parts.push(`<path class="series" data-system="${escapeMarkup(system.name)}" stroke="${colour}" d="${d[index]}H${r(x(nowMs))}"/>`);
  });
  // The recorded observations up to the clock, ringed when the declared links alone miss them.
  [...incident.observations].forEach((observation, index) => {
    if (observation.sku !== sku || observation.atMs > nowMs) return;
    observation.counts.forEach((count, system) => {
      if (count === undefined) return;
      const mismatched = input.evidence?.mismatched.has(`${index}/${system}`) ?? false;
      const colour = SYSTEM_COLOURS[system % SYSTEM_COLOURS.length]!;
      parts.push(`<circle class="observation${mismatched ? ' mismatch' : ''}" cx="${r(x(observation.atMs))}" cy="${r(y(count))}" r="${mismatched ? 4.5 : 2.5}" fill="${colour}"/>`);
    });
  });
  parts.push(`<line class="now" x1="${r(x(nowMs))}" x2="${r(x(nowMs))}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}"/>`);
  parts.push('</svg>');
  return parts.join('');
}
