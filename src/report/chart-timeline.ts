/**
 * The timeline chart of one SKU: every system's count over time as step lines, the observed
 * counts as points, and the faults as markers, in one or more stacked panels that share their
 * axes (baseline above, explanation below). The chart is a Vega spec rendered to SVG in Node
 * (renderer `none`, `toSVG()`), so the report needs no script to show it.
 *
 * Times are drawn as wall-clock time in the incident's timezone on a UTC scale: Vega knows
 * only UTC and the machine's own zone, and the machine's zone must never change the output.
 *
 * @example
 * const svg = await renderTimelineSvg({
 *   description: 'SKU MUG-01', systems: ['wms', 'storefront'], timezone: 'UTC',
 *   window: { startMs, endMs },
 *   panels: [{ title: 'Baseline', series: [[{ atMs: startMs, count: 40 }, { atMs: endMs, count: 40 }], []],
 *              observations: [], markers: [], bands: [], logs: [] }],
 * }, 'chart-1');
 */
import * as vega from 'vega';
import { zoneOffsetMs } from './html-format.js';

/** One point of a step line: the count from `atMs` until the next point. */
export interface ChartPoint {
  atMs: number;
  count: number;
}

/** An observed count of one system; `reproduced` is false when the panel's replay misses it. */
export interface ChartObservation {
  atMs: number;
  system: number;
  count: number;
  reproduced: boolean;
}

/** A vertical rule at an instant (a human action), coloured like its system. */
export interface ChartMarker {
  atMs: number;
  system: number;
  label: string;
}

/** A shaded period: a link paused by a cadence fault, or the interval evidence gives an action. */
export interface ChartBand {
  fromMs: number;
  toMs: number;
  label: string;
  kind: 'paused' | 'evidence';
}

/** A line the middleware logged (a failure a rule caused), drawn as a triangle at the bottom. */
export interface ChartLogMark {
  atMs: number;
  label: string;
}

export interface ChartPanel {
  title: string;
  /** series[system]: step points from the window start to its end, in time order. */
  series: ChartPoint[][];
  observations: ChartObservation[];
  markers: ChartMarker[];
  bands: ChartBand[];
  logs: ChartLogMark[];
}

export interface TimelineChart {
  /** Read by screen readers (the SVG's aria-label). */
  description: string;
  /** Every system of the incident, in declaration order: colours follow this order. */
  systems: readonly string[];
  timezone: string;
  window: { startMs: number; endMs: number };
  panels: ChartPanel[];
}

/**
 * One colour per system by its position in the incident, the same in every chart of a report.
 * Red is left out on purpose: it marks what a replay gets wrong.
 */
export const SYSTEM_COLOURS = ['#1f6fb4', '#f08a1c', '#2f9e44', '#8e5cc4', '#8c564b', '#d6409f', '#1098ad', '#a0a322'] as const;

/** Colour of the mismatch rings and log marks. */
export const ALERT_COLOUR = '#d92d20';

/**
 * The colour of system `index` (cycling when there are more systems than colours).
 *
 * @example
 * systemColour(0); // '#1f6fb4'
 */
export function systemColour(index: number): string {
  return SYSTEM_COLOURS[index % SYSTEM_COLOURS.length]!;
}

/**
 * Line widths by system position, widest first: systems that agree draw on top of each other,
 * and the nested widths keep every one of them visible.
 */
const LINE_WIDTHS = [5.5, 3.25, 1.5, 1.25] as const;

export const PLOT_WIDTH = 820;
const PANEL_HEIGHT = 170;
const PANEL_GAP = 70;
/** Above this many interventions in a panel their labels would overlap; the rules stay. */
const MAX_LABELLED_MARKERS = 16;
/** Bands narrower than this many pixels get no label. */
const MIN_LABELLED_BAND_PX = 90;
const FONT = 'Inter, Segoe UI, Helvetica Neue, Helvetica, Arial, sans-serif';

/** Tick steps the time axis may use, smallest first. */
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const TICK_STEPS_MS = [15 * 60_000, 30 * 60_000, HOUR_MS, 2 * HOUR_MS, 3 * HOUR_MS, 6 * HOUR_MS, 12 * HOUR_MS, DAY_MS, 2 * DAY_MS, 7 * DAY_MS];
const MAX_TICKS = 10;

/** A midnight tick shows the day, any other the time of day. */
const TICK_LABEL =
  "utchours(datum.value) === 0 && utcminutes(datum.value) === 0 ? utcFormat(datum.value, '%a %-d %b') : utcFormat(datum.value, '%H:%M')";

/**
 * Tick positions (display times) for a window: the smallest step that gives at most ten
 * ticks, aligned to local midnight so the labels read as days and hours.
 *
 * @example
 * timeTicks(0, 4 * 86_400_000); // every 12 hours: 0, 43200000, ..., 345600000
 */
export function timeTicks(startDisplayMs: number, endDisplayMs: number): number[] {
  const span = Math.max(1, endDisplayMs - startDisplayMs);
  const step = TICK_STEPS_MS.find((candidate) => span / candidate <= MAX_TICKS) ?? Math.ceil(span / MAX_TICKS / DAY_MS) * DAY_MS;
  const ticks: number[] = [];
  for (let tick = Math.ceil(startDisplayMs / step) * step; tick <= endDisplayMs && ticks.length <= MAX_TICKS + 1; tick += step) ticks.push(tick);
  return ticks;
}

/**
 * Builds the Vega spec of a chart (exported for tests; `renderTimelineSvg` renders it).
 *
 * @example
 * const view = new vega.View(vega.parse(timelineChartSpec(chart)), { renderer: 'none' });
 */
export function timelineChartSpec(chart: TimelineChart): vega.Spec {
  const display = (ms: number) => ms + zoneOffsetMs(ms, chart.timezone);
  const startDisplay = display(chart.window.startMs);
  const endDisplay = Math.max(display(chart.window.endMs), startDisplay + 1);
  const spanMs = endDisplay - startDisplay;

  let low = Infinity;
  let high = -Infinity;
  for (const panel of chart.panels) {
    for (const series of panel.series) for (const point of series) (low = Math.min(low, point.count)), (high = Math.max(high, point.count));
    for (const observation of panel.observations) (low = Math.min(low, observation.count)), (high = Math.max(high, observation.count));
  }
  if (!Number.isFinite(low)) (low = 0), (high = 1);
  if (low === high) (low -= 1), (high += 1);

  const data: vega.Data[] = [];
  const marks: vega.Mark[] = chart.panels.map((panel, panelIndex) => {
    const prefix = `p${panelIndex}`;
    const isLast = panelIndex === chart.panels.length - 1;
    data.push(
      {
        name: `${prefix}_bands`,
        values: panel.bands.map((band) => ({
          from: display(Math.max(band.fromMs, chart.window.startMs)),
          to: display(Math.min(band.toMs, chart.window.endMs)),
          label: ((band.toMs - band.fromMs) / spanMs) * PLOT_WIDTH >= MIN_LABELLED_BAND_PX ? band.label : '',
          kind: band.kind,
        })),
      },
      {
        name: `${prefix}_markers`,
        values: panel.markers.map((marker) => ({
          at: display(marker.atMs),
          system: chart.systems[marker.system] ?? '',
          label: panel.markers.length <= MAX_LABELLED_MARKERS ? marker.label : '',
        })),
      },
      {
        name: `${prefix}_observations`,
        values: panel.observations.map((observation) => ({
          at: display(observation.atMs),
          system: chart.systems[observation.system] ?? '',
          count: observation.count,
          missed: !observation.reproduced,
        })),
      },
      { name: `${prefix}_logs`, values: panel.logs.map((log) => ({ at: display(log.atMs), label: log.label })) },
    );
    panel.series.forEach((series, system) => {
      data.push({ name: `${prefix}_s${system}`, values: series.map((point) => ({ at: display(point.atMs), count: point.count })) });
    });

    const lineMarks: vega.Mark[] = panel.series.map((_, system) => ({
      type: 'line',
      from: { data: `${prefix}_s${system}` },
      aria: false,
      encode: {
        enter: {
          x: { scale: 'x', field: 'at' },
          y: { scale: 'y', field: 'count' },
          stroke: { value: systemColour(system) },
          strokeWidth: { value: LINE_WIDTHS[Math.min(system, LINE_WIDTHS.length - 1)]! },
          strokeOpacity: { value: 1 },
          strokeJoin: { value: 'miter' },
          strokeCap: { value: 'butt' },
          interpolate: { value: 'step-after' },
        },
      },
    }));

    const group: vega.GroupMark = {
      type: 'group',
      name: `panel${panelIndex}`,
      encode: {
        enter: {
          x: { value: 0 },
          y: { value: panelIndex * (PANEL_HEIGHT + PANEL_GAP) },
          width: { value: PLOT_WIDTH },
          height: { value: PANEL_HEIGHT },
          fill: { value: '#fcfcfd' },
          stroke: { value: '#d0d5dd' },
        },
      },
      title: { text: panel.title, anchor: 'start', frame: 'group', offset: 8, fontSize: 13, fontWeight: 'bold', color: '#101828', font: FONT },
      axes: [
        {
          orient: 'bottom',
          scale: 'x',
          values: timeTicks(startDisplay, endDisplay),
          grid: true,
          // Without a grid scale the grid spans the whole chart's height, across the other panels.
          gridScale: 'y',
          labelOverlap: true,
          labelFlush: true,
          ...(isLast ? { title: `time (${chart.timezone})` } : {}),
          encode: { labels: { update: { text: { signal: TICK_LABEL } } } },
        },
        { orient: 'left', scale: 'y', grid: true, gridScale: 'x', tickCount: 5, tickMinStep: 1, title: 'count', format: ',d' },
      ],
      marks: [
        {
          type: 'rect',
          from: { data: `${prefix}_bands` },
          aria: false,
          encode: {
            enter: {
              x: { scale: 'x', field: 'from' },
              x2: { scale: 'x', field: 'to' },
              y: { value: 0 },
              y2: { value: PANEL_HEIGHT },
              // Evidence is pale yellow, apart from every system colour (orange included).
              fill: { signal: "datum.kind === 'paused' ? '#98a2b3' : '#fde047'" },
              fillOpacity: { signal: "datum.kind === 'paused' ? 0.22 : 0.4" },
            },
          },
        },
        {
          type: 'text',
          from: { data: `${prefix}_bands` },
          aria: false,
          encode: {
            enter: {
              x: { scale: 'x', field: 'from', offset: 4 },
              y: { value: PANEL_HEIGHT - 4 },
              text: { field: 'label' },
              baseline: { value: 'bottom' },
              fontSize: { value: 10 },
              font: { value: FONT },
              fill: { value: '#475467' },
            },
          },
        },
        {
          type: 'rule',
          from: { data: `${prefix}_markers` },
          aria: false,
          encode: {
            enter: {
              x: { scale: 'x', field: 'at' },
              y: { value: 0 },
              y2: { value: PANEL_HEIGHT },
              stroke: { scale: 'color', field: 'system' },
              strokeWidth: { value: 1.5 },
              strokeDash: { value: [5, 3] },
            },
          },
        },
        ...lineMarks,
        {
          type: 'symbol',
          from: { data: `${prefix}_observations` },
          aria: false,
          encode: {
            enter: {
              x: { scale: 'x', field: 'at' },
              y: { scale: 'y', field: 'count' },
              shape: { value: 'circle' },
              size: { value: 42 },
              fill: { scale: 'color', field: 'system' },
              stroke: { value: '#ffffff' },
              strokeWidth: { value: 1 },
            },
          },
        },
        {
          type: 'symbol',
          from: { data: `${prefix}_observations` },
          aria: false,
          encode: {
            enter: {
              x: { scale: 'x', field: 'at' },
              y: { scale: 'y', field: 'count' },
              shape: { value: 'circle' },
              size: { value: 170 },
              fill: { value: 'transparent' },
              stroke: { value: ALERT_COLOUR },
              strokeWidth: { value: 1.75 },
              opacity: { signal: 'datum.missed ? 1 : 0' },
            },
          },
        },
        {
          type: 'symbol',
          from: { data: `${prefix}_logs` },
          aria: false,
          encode: {
            enter: {
              x: { scale: 'x', field: 'at' },
              y: { value: PANEL_HEIGHT - 5 },
              shape: { value: 'triangle-up' },
              size: { value: 70 },
              fill: { value: ALERT_COLOUR },
              stroke: { value: '#ffffff' },
              strokeWidth: { value: 0.75 },
            },
          },
        },
        // The marker labels are drawn twice, a white halo under dark text, so they stay
        // legible where they cross a line.
        ...(['halo', 'text'] as const).map(
          (layer): vega.Mark => ({
            type: 'text',
            from: { data: `${prefix}_markers` },
            aria: false,
            encode: {
              enter: {
                x: { scale: 'x', field: 'at', offset: 4 },
                y: { value: 4 },
                text: { field: 'label' },
                baseline: { value: 'top' },
                fontSize: { value: 10.5 },
                fontWeight: { value: 600 },
                font: { value: FONT },
                fill: { value: '#101828' },
                ...(layer === 'halo' ? { stroke: { value: '#ffffff' }, strokeWidth: { value: 3.5 }, strokeOpacity: { value: 0.9 } } : {}),
              },
            },
          }),
        ),
      ],
    };
    return group;
  });

  const panels = chart.panels.length;
  return {
    description: chart.description,
    width: PLOT_WIDTH,
    height: panels * PANEL_HEIGHT + Math.max(0, panels - 1) * PANEL_GAP,
    padding: { left: 8, right: 16, top: 8, bottom: 8 },
    autosize: { type: 'pad' },
    background: '#ffffff',
    config: {
      axis: {
        labelFont: FONT,
        titleFont: FONT,
        labelFontSize: 12,
        titleFontSize: 12,
        titleFontWeight: 'normal',
        labelColor: '#344054',
        titleColor: '#475467',
        gridColor: '#eaecf0',
        domainColor: '#98a2b3',
        tickColor: '#98a2b3',
      },
      legend: { labelFont: FONT, titleFont: FONT, labelFontSize: 12, labelColor: '#101828' },
    },
    data,
    scales: [
      { name: 'x', type: 'utc', domain: [startDisplay, endDisplay], range: [0, PLOT_WIDTH] },
      // Pixel padding keeps lines and points at the extremes off the panel's border.
      { name: 'y', type: 'linear', domain: [low, high], nice: true, zero: false, padding: 12, range: [PANEL_HEIGHT, 0] },
      { name: 'color', type: 'ordinal', domain: [...chart.systems], range: chart.systems.map((_, index) => systemColour(index)) },
    ],
    legends: [
      {
        stroke: 'color',
        orient: 'top',
        direction: 'horizontal',
        symbolType: 'stroke',
        symbolStrokeWidth: 4,
        symbolSize: 260,
        columnPadding: 18,
        offset: 30,
      },
    ],
    marks,
  };
}

/**
 * Renders a chart to standalone SVG text. Vega numbers clip paths and gradients with a
 * process-wide counter, so their ids are renamed to `${idPrefix}-1`, `-2`, ... in order of
 * appearance: the output is the same on every render, and ids are unique within a page that
 * holds many charts.
 *
 * @example
 * const svg = await renderTimelineSvg(chart, 'sku-3');
 * svg.startsWith('<svg'); // true
 */
export async function renderTimelineSvg(chart: TimelineChart, idPrefix: string): Promise<string> {
  const view = new vega.View(vega.parse(timelineChartSpec(chart)), { renderer: 'none', logLevel: vega.Error });
  try {
    const svg = await view.toSVG();
    // Vega escapes every text and attribute value; this is the last line of defence should it ever not.
    if (/<script|<foreignobject/i.test(svg)) throw new Error('chart SVG contains active content');
    return scopeSvgIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}

/**
 * Renames every `id` in an SVG (and its `url(#…)` and `href="#…"` references) to
 * `${prefix}-N`, N counting from 1 in order of first appearance.
 *
 * @example
 * scopeSvgIds('<clipPath id="clip7"/><g clip-path="url(#clip7)"/>', 'c'); // '<clipPath id="c-1"/><g clip-path="url(#c-1)"/>'
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const renamed = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!renamed.has(match[1]!)) renamed.set(match[1]!, `${prefix}-${renamed.size + 1}`);
  }
  if (renamed.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (whole, open: string, id: string, close: string) => (renamed.has(id) ? `${open}${renamed.get(id)}${close}` : whole))
    .replace(/url\(#([^)]+)\)/g, (whole, id: string) => (renamed.has(id) ? `url(#${renamed.get(id)})` : whole))
    .replace(/(href=")#([^"]+)(")/g, (whole, open: string, id: string, close: string) => (renamed.has(id) ? `${open}#${renamed.get(id)}${close}` : whole));
}
