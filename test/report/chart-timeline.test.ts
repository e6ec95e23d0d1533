/**
 * The pieces of the timeline chart: series start at the window start and hold to its end,
 * markers land where the engine applies the faults, and rendered SVG is stable and scoped.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine.js';
import { compare } from '../../src/sim/replay.js';
import { chartPanel, faultBands, interventionMarkers, stepSeries, timelineBySku } from '../../src/report/chart-series.js';
import { renderTimelineSvg, scopeSvgIds, systemColour, timeTicks, timelineChartSpec } from '../../src/report/chart-timeline.js';
import { formatLocalTime, formatSigned, zoneOffsetMs } from '../../src/report/html-format.js';
import { EVIL_SKU, TEE_OVERRIDE, at, tinyIncident } from './report-fixtures.js';

describe('stepSeries', () => {
  it('starts every system at the window start with its initial count and holds the last count to the window end', async () => {
    const incident = tinyIncident();
    const tee = incident.skus.findIndex((entry) => entry.sku === 'TEE-BLK-M');
    const run = await new Simulation(incident, { faults: [TEE_OVERRIDE], timelineSkus: new Set([tee]) }).run();
    const [wms, storefront] = stepSeries(incident, timelineBySku(run.timeline).get(tee) ?? [], tee);
    expect(wms).toEqual([
      { atMs: incident.window.startMs, count: 120 },
      { atMs: at('10:04'), count: 117 },
      { atMs: at('14:10'), count: 115 },
      { atMs: incident.window.endMs, count: 115 },
    ]);
    expect(storefront).toEqual([
      { atMs: incident.window.startMs, count: 120 },
      { atMs: at('09:00'), count: 90 },
      { atMs: at('10:15'), count: 87 },
      { atMs: at('14:15'), count: 85 },
      { atMs: incident.window.endMs, count: 85 },
    ]);
  });

  it('thins a very busy series to a drawable size, keeping its extremes', () => {
    const incident = tinyIncident();
    const points = Array.from({ length: 20_000 }, (_, index) => ({
      atMs: incident.window.startMs + index * 4000,
      system: 0,
      sku: 0,
      count: index === 12_345 ? -500 : index % 7,
    }));
    const [series] = stepSeries(incident, points, 0);
    expect(series!.length).toBeLessThanOrEqual(2000);
    expect(series!.some((point) => point.count === -500)).toBe(true);
    expect(series![0]!.atMs).toBe(incident.window.startMs);
    expect(series![series!.length - 1]!.atMs).toBe(incident.window.endMs);
  });
});

describe('fault markers', () => {
  it('marks each human action on its own SKU at its instant, and its evidence interval as a band', () => {
    const incident = tinyIncident();
    const tee = incident.skus.findIndex((entry) => entry.sku === 'TEE-BLK-M');
    const evil = incident.skus.findIndex((entry) => entry.sku === EVIL_SKU);
    const daily = { kind: 'manual_override', params: { system: 'storefront', sku: 'TEE-BLK-M', daily: '09:00', delta: -30 } };
    expect(interventionMarkers(incident, [{ spec: daily }], tee)).toEqual([{ atMs: at('09:00'), system: 1, label: 'override storefront −30' }]);
    expect(interventionMarkers(incident, [{ spec: daily }], evil)).toEqual([]);
    const bands = faultBands(incident, [{ spec: TEE_OVERRIDE, between: { fromMs: at('08:00'), toMs: at('12:00') } }], tee);
    expect(bands).toEqual([{ fromMs: at('08:00'), toMs: at('12:00'), label: '', kind: 'evidence' }]);
  });

  it('shades the local days a cadence fault pauses its link, consecutive days merged', () => {
    const incident = tinyIncident();
    incident.window = { startMs: Date.parse('2026-03-06T00:00:00Z'), endMs: Date.parse('2026-03-10T12:00:00Z') };
    incident.timezone = 'Europe/Berlin';
    const spec = { kind: 'cadence', params: { link: 'wms->storefront', pausedOn: ['sat', 'sun'] } };
    // Saturday 7 March 00:00 to Monday 9 March 00:00, Berlin time (UTC+1).
    expect(faultBands(incident, [{ spec }], 0)).toEqual([
      { fromMs: Date.parse('2026-03-06T23:00:00Z'), toMs: Date.parse('2026-03-08T23:00:00Z'), label: 'wms->storefront paused', kind: 'paused' },
    ]);
  });
});

describe('renderTimelineSvg', () => {
  it('renders one SVG with a line per system, the same bytes every time, ids scoped to the chart', async () => {
    const incident = tinyIncident();
    const tee = incident.skus.findIndex((entry) => entry.sku === 'TEE-BLK-M');
    const run = await new Simulation(incident, { faults: [TEE_OVERRIDE], timelineSkus: new Set([tee]) }).run();
    const panel = chartPanel(incident, 'With the explanation', run, run.timeline, compare(incident, run), [{ spec: TEE_OVERRIDE }], tee);
    const chart = { description: 'TEE-BLK-M', systems: ['wms', 'storefront'], timezone: 'UTC', window: incident.window, panels: [panel, panel] };
    const first = await renderTimelineSvg(chart, 'chart-a');
    const second = await renderTimelineSvg(chart, 'chart-a');
    expect(second).toBe(first);
    expect(first.startsWith('<svg')).toBe(true);
    expect(first.match(/<svg/g)).toHaveLength(1);
    expect(first.match(/class="mark-line role-mark"/g)).toHaveLength(4);
    for (const id of first.matchAll(/\sid="([^"]+)"/g)) expect(id[1]).toMatch(/^chart-a-\d+$/);
    expect(first).toContain(systemColour(0));
    expect(first).toContain(systemColour(1));
    expect(first).toContain('override storefront −30');
    expect(first).toContain('time (UTC)');
  });

  it('uses the same colour for a system in every chart, in declaration order', () => {
    const spec = timelineChartSpec({ description: '', systems: ['wms', 'erp', 'storefront'], timezone: 'UTC', window: { startMs: 0, endMs: 86_400_000 }, panels: [] });
    const colour = spec.scales!.find((scale) => scale.name === 'color') as { domain: string[]; range: string[] };
    expect(colour.domain).toEqual(['wms', 'erp', 'storefront']);
    expect(colour.range).toEqual([systemColour(0), systemColour(1), systemColour(2)]);
  });

  it('renames ids and their references in order of appearance', () => {
    expect(scopeSvgIds('<clipPath id="clip7"/><g clip-path="url(#clip7)"/><use href="#clip7"/>', 'c')).toBe(
      '<clipPath id="c-1"/><g clip-path="url(#c-1)"/><use href="#c-1"/>',
    );
  });
});

describe('time axis and formats', () => {
  it('ticks at most ten times, aligned to midnight', () => {
    const day = 86_400_000;
    expect(timeTicks(0, 4 * day)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4].map((days) => days * day));
    expect(timeTicks(3_600_000, 5 * 3_600_000)).toHaveLength(9);
  });

  it('formats times in the incident timezone without the machine locale', () => {
    const ms = Date.parse('2026-03-29T01:30:00Z');
    expect(formatLocalTime(ms, 'UTC')).toBe('Sun 29 Mar 2026, 01:30');
    // Berlin has just moved to summer time (UTC+2).
    expect(formatLocalTime(ms, 'Europe/Berlin')).toBe('Sun 29 Mar 2026, 03:30');
    expect(zoneOffsetMs(ms, 'Europe/Berlin')).toBe(2 * 3_600_000);
    expect(formatSigned(-1234)).toBe('−1,234');
  });
});
