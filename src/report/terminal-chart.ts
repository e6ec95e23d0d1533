/**
 * A line chart in the terminal (asciichart): one SKU's count in every system over the window,
 * sampled into columns, for `train` and quick looks.
 */
import asciichart from 'asciichart';
import pc from 'picocolors';
import type { TimelinePoint } from '../sim/engine.js';
import type { Incident } from '../sim/model.js';
import { formatTime } from '../sim/time.js';

const SERIES_COLOURS = [asciichart.blue, asciichart.green, asciichart.magenta, asciichart.yellow, asciichart.cyan, asciichart.red];

/** Samples each system's count of `sku` at `columns` evenly spaced instants (step functions). */
export function sampleSeries(incident: Incident, timeline: readonly TimelinePoint[], sku: number, columns: number): number[][] {
  const { startMs, endMs } = incident.window;
  const points = timeline.filter((point) => point.sku === sku);
  return incident.systems.map((_, system) => {
    const own = points.filter((point) => point.system === system);
    const series: number[] = [];
    let value = incident.initial[system]?.[sku] ?? 0;
    let next = 0;
    for (let column = 0; column < columns; column++) {
      const atMs = startMs + ((endMs - startMs) * column) / Math.max(1, columns - 1);
      while (next < own.length && own[next]!.atMs <= atMs) value = own[next++]!.count;
      series.push(value);
    }
    return series;
  });
}

export function terminalChart(incident: Incident, timeline: readonly TimelinePoint[], sku: number, options: { columns?: number; height?: number; colour?: boolean } = {}): string {
  const columns = options.columns ?? 64;
  const series = sampleSeries(incident, timeline, sku, columns);
  const colour = options.colour ?? false;
  const plot = asciichart.plot(series, { height: options.height ?? 12, ...(colour ? { colors: SERIES_COLOURS.slice(0, series.length) } : {}) });
  const legend = colour
    ? incident.systems.map((system, index) => `${SERIES_COLOURS[index % SERIES_COLOURS.length]}── ${system.name}${asciichart.reset}`).join('   ')
    : `systems: ${incident.systems.map((system) => system.name).join(', ')} (one colour each on a terminal; values below)`;
  const header = `${pc.bold(incident.skus[sku]!.sku)}  ${formatTime(incident.window.startMs)} .. ${formatTime(incident.window.endMs)}`;
  const samples = [0, Math.floor(columns / 4), Math.floor(columns / 2), Math.floor((3 * columns) / 4), columns - 1];
  const table = samples.map((column) => {
    const atMs = incident.window.startMs + ((incident.window.endMs - incident.window.startMs) * column) / Math.max(1, columns - 1);
    return `  ${formatTime(Math.round(atMs))}  ${incident.systems.map((system, index) => `${system.name} ${series[index]![column]}`).join(', ')}`;
  });
  return `${header}\n${plot}\n${legend}\n${table.join('\n')}\n`;
}
