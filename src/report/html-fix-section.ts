/**
 * "What would fix it", the section of the Gate 2 report that `drift-sim fix` fills: the
 * plain answer, for a `both` answer why the process gap goes first, the ranked remedies with
 * what each leaves and costs and the command that re-runs it, and a before/after chart per
 * implicated SKU (the world as it is against the top remedy), drawn by the report's own
 * chart code.
 *
 * @example
 * const html = await fixSectionHtml(incident, fix, { file: 'incident.yaml', gate2: result });
 */
import { measureWorld } from '../fix/measure.js';
import type { FixResult, Outcome } from '../fix/prove-fixes.js';
import { applyRemedies, formatRemedyFlag } from '../fix/remedies/index.js';
import type { Incident } from '../sim/model.js';
import { compare } from '../sim/replay.js';
import { chartPanel, timelineBySku } from './chart-series.js';
import { type TimelineChart, renderTimelineSvg } from './chart-timeline.js';
import { type FixContext, costWords, driftWords, fixRerunCommand, fixVerdict, orderLines } from './fix-output.js';
import { escapeHtml, htmlToken } from './html-escape.js';
import { plural } from './html-format.js';
import { chartKeyHtml } from './html-sections.js';

/** Ranked remedies shown in the table, and SKUs charted. */
const REMEDIES_SHOWN = 10;
const SKUS_CHARTED = 12;

function remediesHtml(outcome: Outcome): string {
  return outcome.remedies.map((remedy) => `<code>${escapeHtml(formatRemedyFlag(remedy))}</code>`).join(' + ');
}

function tableHtml(result: FixResult, context: FixContext): string {
  const rows = result.ranked.slice(0, REMEDIES_SHOWN).map((outcome, index) => {
    const left = driftWords(outcome.measurement) + (outcome.removesFaultDrift && outcome.measurement.drift.largestGap > 0 ? " (only the declared links' own drift)" : '');
    return [
      '<tr>',
      `<td>${index + 1}</td>`,
      `<td>${remediesHtml(outcome)}</td>`,
      `<td>${escapeHtml(left)}</td>`,
      `<td>${escapeHtml(costWords(outcome.measurement))}</td>`,
      `<td><pre class="command"><code>${escapeHtml(fixRerunCommand(context.file, result, outcome))}</code></pre></td>`,
      '</tr>',
    ].join('');
  });
  const more = result.ranked.length > REMEDIES_SHOWN ? `<p class="small muted">… and ${plural(result.ranked.length - REMEDIES_SHOWN, 'more remedy', 'more remedies')} (drift-sim fix --json lists them all).</p>` : '';
  return `<div class="table-scroll"><table><thead><tr><th>#</th><th>remedy</th><th>drift left</th><th>cost to the chain</th><th>re-run</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}`;
}

/** SKUs with a drifting observation as things are, widest gap first. */
function implicatedSkus(incident: Incident, result: FixResult): number[] {
  const widest = new Map<number, number>();
  result.before.gaps.forEach((gap, index) => {
    if (gap === 0) return;
    const sku = incident.observations.sku[index]!;
    widest.set(sku, Math.max(widest.get(sku) ?? 0, gap));
  });
  return [...widest.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([sku]) => sku);
}

async function chartsHtml(incident: Incident, result: FixResult): Promise<string> {
  const best = result.ranked[0];
  if (!best) return '';
  const skus = implicatedSkus(incident, result).slice(0, SKUS_CHARTED);
  if (skus.length === 0) return '<p>No SKU drifts at an observation as things are, so there is nothing to chart.</p>';
  const world = { incident, faults: result.faults };
  const before = await measureWorld(world);
  const fixed = applyRemedies(world, best.remedies);
  const after = await measureWorld(fixed);
  const beforeBySku = timelineBySku(before.run.timeline);
  const afterBySku = timelineBySku(after.run.timeline);
  const beforeComparisons = compare(incident, before.run);
  const faults = result.faults.map((spec) => ({ spec }));
  const charts: string[] = [];
  const panels = [];
  for (const [position, sku] of skus.entries()) {
    const chart: TimelineChart = {
      description: `Counts of SKU ${incident.skus[sku]!.sku} in every system, as things are and with the top remedy`,
      systems: incident.systems.map((system) => system.name),
      timezone: incident.timezone,
      window: incident.window,
      panels: [
        chartPanel(incident, 'Before: the world as it is (the explanation in place)', before.run, beforeBySku.get(sku) ?? [], beforeComparisons, faults, sku),
        chartPanel(incident, `After: with ${best.remedies.map(formatRemedyFlag).join(' + ')}`, after.run, afterBySku.get(sku) ?? [], [], fixed.faults.map((spec) => ({ spec })), sku),
      ],
    };
    panels.push(...chart.panels);
    const svg = await renderTimelineSvg(chart, `fix${position + 1}`);
    const name = incident.skus[sku]!.sku;
    charts.push(`<div class="sku-chart" id="fix-${position + 1}-${escapeHtml(htmlToken(name))}"><h3><code>${escapeHtml(name)}</code></h3><figure class="chart">${svg}</figure></div>`);
  }
  const key = chartKeyHtml(incident, {
    observations: panels.some((panel) => panel.observations.length > 0),
    missed: panels.some((panel) => panel.observations.some((observation) => !observation.reproduced)),
    interventions: panels.some((panel) => panel.markers.length > 0),
    paused: panels.some((panel) => panel.bands.some((band) => band.kind === 'paused')),
    evidence: panels.some((panel) => panel.bands.some((band) => band.kind === 'evidence')),
    logs: panels.some((panel) => panel.logs.length > 0),
  });
  return `<h3>Before and after, per implicated SKU</h3><p>Each chart replays the recorded movements twice: with the explanation in place (above, with the observations), and with the top remedy added (below).</p>${key}${charts.join('\n')}`;
}

/**
 * The whole section.
 *
 * @example
 * const section = await fixSectionHtml(incident, fix, { file: 'incident.yaml' });
 */
export async function fixSectionHtml(incident: Incident, result: FixResult, context: FixContext): Promise<string> {
  const order = orderLines(result);
  return [
    '<section class="card" id="fix">',
    '<h2>What would fix it</h2>',
    `<p>Every remedy below was replayed on the recorded movements with the explanation's faults still in place, and ranked by the drift it leaves (largest gap between systems at an observation, then unit-hours apart, then SKUs affected), then by its cost to the chain. As things are: ${escapeHtml(driftWords(result.before))}. The declared links without any fault: ${escapeHtml(driftWords(result.declared))}.</p>`,
    `<p class="lead"><b>${escapeHtml(fixVerdict(result, context))}</b></p>`,
    order.length ? `<p>${order.map((line) => escapeHtml(line.trim())).join('<br>')}</p>` : '',
    result.ranked.length ? tableHtml(result, context) : '',
    await chartsHtml(incident, result),
    '</section>',
  ].join('\n');
}
