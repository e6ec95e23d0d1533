/**
 * The HTML reports: `gate2 --report out.html` and `run --report out.html`.
 *
 * Each is one self-contained file (inline CSS, charts as inline SVG rendered by Vega in Node,
 * no script and no external URL), written for the person who has to act on it: the verdict
 * and where to route the incident come first, in plain words, then the explanation, the
 * numbers behind it, the command that re-runs the proof, and a timeline chart per implicated
 * SKU. The same inputs give the same bytes: no generation time, no map iteration order, chart
 * ids renamed per chart.
 *
 * @example
 * const html = await renderGate2Report(incident, result, { rerun: 'drift-sim replay incident.yaml --fault ...' });
 * await writeFile('out.html', html);
 */
import { marginSentences, startingCountsSentence } from './gate2-margin.js';
import { withStartingCounts } from '../sim/starting-counts.js';
import type { FixResult } from '../fix/prove-fixes.js';
import type { ExplainedFault, Gate2Result } from '../gate/search.js';
import { driftBySku } from '../sim/drift.js';
import { Simulation, type SimulationResult } from '../sim/engine.js';
import { faultKind } from '../sim/faults/index.js';
import type { FaultSpec, Incident } from '../sim/model.js';
import { type ObservationComparison, compare } from '../sim/replay.js';
import { type ChartFault, chartPanel, timelineBySku } from './chart-series.js';
import { type ChartPanel, type TimelineChart, renderTimelineSvg } from './chart-timeline.js';
import type { FixContext } from './fix-output.js';
import { escapeHtml, htmlToken } from './html-escape.js';
import { fixSectionHtml } from './html-fix-section.js';
import { formatCount, formatLocalTime, plural, sentence } from './html-format.js';
import {
  type ChartKeyContent,
  type ObservationRow,
  type ReportFault,
  chartKeyHtml,
  faultListHtml,
  faultWords,
  htmlDocument,
  incidentSetupHtml,
  logTableHtml,
  observationTableHtml,
} from './html-sections.js';

/** At most this many SKUs get a chart; the rest are listed by name. */
export const MAX_CHARTED_SKUS = 12;
/** At most this many SKUs are named in the "not charted" and drift tables. */
const MAX_LISTED_SKUS = 100;

type Problem = Gate2Result['problem'];

/** Words for the process kinds, as a support lead would say them. */
const ACTION_WORDS: Readonly<Record<string, (system: string) => string>> = {
  manual_override: (system) => `someone changing the ${system} count by hand`,
  unpropagated_adjustment: (system) => `a cycle count or correction in ${system} that was never synced`,
  split_shipment: (system) => `a fulfilment partner shipment only ${system} recorded`,
};

/**
 * The Gate 2 report: the verdict and its route, the explanation, the fit, what was searched,
 * the re-run command, and a timeline chart (baseline against explanation) for each SKU with
 * a mismatched observation in the baseline (at most `MAX_CHARTED_SKUS`), and, when `fix` is
 * given (`drift-sim fix`'s result), "What would fix it" with the ranked remedies.
 *
 * It replays the incident itself (baseline and explanation, recording the charted SKUs'
 * timelines); it never changes the result it is given.
 *
 * @example
 * const result = await searchGate2(incident, { evaluator: new SerialEvaluator(incident) });
 * const rerun = rerunCommand('incident.yaml', result.explanation.map((fault) => fault.spec));
 * const html = await renderGate2Report(incident, result, { rerun, command: 'drift-sim gate2 incident.yaml --report out.html' });
 */
export async function renderGate2Report(
  incident: Incident,
  result: Gate2Result,
  options: { rerun: string; command?: string; fix?: { result: FixResult; context: FixContext } },
): Promise<string> {
  const baselineRun = await new Simulation(incident, { faults: [] }).run();
  const baselineComparisons = compare(incident, baselineRun);
  const implicated = implicatedSkus(incident, baselineComparisons);
  // With nothing mismatched at the baseline, chart the SKUs whose systems were seen to disagree.
  const chartedBy = implicated.length > 0 ? 'mismatch' : 'observed-drift';
  const ranked = implicated.length > 0 ? implicated : observedDriftSkus(incident);
  const charted = ranked.slice(0, MAX_CHARTED_SKUS);

  const compared = comparedFaults(result);
  const timelineSkus = new Set(charted.map((entry) => entry.sku));
  const baseline = await new Simulation(incident, { faults: [], timelineSkus }).run();
  // The explanation replays from the starting counts the search took as given.
  const explained = compared.faults.length > 0 ? await new Simulation(withStartingCounts(incident, result.startingCounts), { faults: compared.faults.map((fault) => fault.spec), timelineSkus }).run() : undefined;
  const explainedComparisons = explained ? compare(incident, explained) : undefined;

  const charts = await skuCharts(incident, charted, [
    { name: 'baseline', title: 'Baseline: the recorded movements through the declared links, no fault', run: baseline, comparisons: baselineComparisons, faults: [] },
    ...(explained && explainedComparisons
      ? [{ name: compared.name, title: compared.title, run: explained, comparisons: explainedComparisons, faults: compared.faults }]
      : []),
  ]);

  const body = [
    verdictHtml(incident, result),
    factsHtml(incident, result),
    explanationHtml(incident, result),
    marginHtml(incident, result),
    rerunHtml(options.rerun),
    chartSectionHtml(incident, result, chartedBy, ranked, charts),
    options.fix ? await fixSectionHtml(incident, options.fix.result, options.fix.context) : '',
    explanationLogsHtml(incident, result, explained),
    incidentSetupHtml(incident, 'The incident'),
  ].join('\n');
  return htmlDocument({
    title: `Gate 2: ${verdictTitle(result.problem)} · ${incident.name}`,
    masthead: 'Gate 2 · reproducibility report',
    incidentName: incident.name,
    body,
    footer: footerHtml(incident, options.command),
  });
}

/**
 * The `run --report` page: the scenario's faults, the command, a per-system timeline chart of
 * every SKU that drifted (systems disagreed after some instant; the widest and still-open
 * gaps first, at most `MAX_CHARTED_SKUS`) with the faults as markers, and the log lines the
 * faults produced.
 *
 * @example
 * const html = await renderRunReport(scenario, { faults: scenario.faults }, { command: 'drift-sim run scenario.yaml --report run.html' });
 */
export async function renderRunReport(incident: Incident, run: { faults: FaultSpec[] }, options: { command: string }): Promise<string> {
  const allSkus = new Set(incident.skus.map((_, sku) => sku));
  const result = await new Simulation(incident, { faults: run.faults, timelineSkus: allSkus }).run();
  const comparisons = compare(incident, result);
  const drift = driftBySku(incident, result.timeline)
    .map((entry) => ({ ...entry, finalGap: Math.max(...entry.final) - Math.min(...entry.final) }))
    .sort((a, b) => b.finalGap - a.finalGap || b.largestGap - a.largestGap || a.sku - b.sku);
  const charted = drift.slice(0, MAX_CHARTED_SKUS).map((entry) => ({ sku: entry.sku, mismatched: 0 }));
  const faults: ReportFault[] = run.faults.map((spec) => ({ spec, family: faultKind(spec.kind)?.family ?? 'integration' }));
  const charts = await skuCharts(incident, charted, [
    {
      name: 'simulated',
      title: run.faults.length > 0 ? `Simulated with the scenario's ${plural(run.faults.length, 'fault')}` : 'Simulated through the declared links, no fault',
      run: result,
      comparisons,
      faults,
    },
  ]);

  // Above a run's chart, the drift itself says more than the (often absent) observations.
  for (const chart of charts) {
    const entry = drift.find((candidate) => candidate.sku === chart.sku)!;
    const fit = chart.fits[0]!;
    chart.note = [
      `First apart ${formatLocalTime(entry.firstDivergenceMs, incident.timezone)}`,
      `largest gap ${formatCount(entry.largestGap)} at ${formatLocalTime(entry.largestGapMs, incident.timezone)}`,
      entry.finalGap > 0
        ? `still apart at the end (${incident.systems.map((system, index) => `${system.name} ${formatCount(entry.final[index]!)}`).join(', ')})`
        : 'back in agreement by the end',
      ...(fit.observations > 0 ? [fitWords(fit)] : []),
    ].join('; ') + '.';
  }

  const { stats } = result;
  const heading =
    drift.length === 0 ? 'No drift: every system agreed on every SKU' : `${plural(drift.length, 'SKU')} drifted: the systems disagreed`;
  const stillApart = drift.filter((entry) => entry.finalGap > 0).length;
  const lead =
    drift.length === 0
      ? 'After every instant of the simulation, every system showed the same count for every SKU.'
      : `${stillApart > 0 ? `${plural(stillApart, 'SKU')} still disagreed at the end of the window. ` : 'Every SKU was back in agreement by the end of the window. '}` +
        `The charts below follow each system's count of the SKUs that drifted most.`;
  const body = [
    `<section class="card verdict tone-${drift.length === 0 ? 'ok' : stillApart > 0 ? 'drift' : 'neutral'}" aria-labelledby="verdict-heading">`,
    `<p class="eyebrow">Scenario run · ${escapeHtml(run.faults.length > 0 ? plural(run.faults.length, 'fault') + ' injected' : 'no fault injected')}</p>`,
    `<h1 id="verdict-heading">${escapeHtml(heading)}</h1>`,
    `<p class="lead">${escapeHtml(lead)}</p>`,
    '</section>',
    '<div class="facts">',
    fact('Movements replayed', formatCount(stats.movements), `${plural(stats.cycles, 'link cycle')}, ${plural(stats.interventions, 'human action')}`),
    fact('Messages', formatCount(stats.messages), `${plural(stats.deliveries, 'delivery', 'deliveries')} applied or refused`),
    fact('Drifted SKUs', formatCount(drift.length), `of ${formatCount(incident.skus.length)}; ${formatCount(stillApart)} still apart at the end`, drift.length > 0 ? 'bad' : 'good'),
    fact('Log lines', formatCount(result.logs.length), 'written by the faults (middleware, API, webhook)', result.logs.length > 0 ? 'bad' : undefined),
    '</div>',
    `<section class="card" id="faults"><h2>The faults</h2>${
      faults.length > 0 ? faultListHtml(incident, faults) : '<p>None: the declared links only.</p>'
    }</section>`,
    `<section class="card" id="command"><h2>The command</h2><pre class="command"><code>${escapeHtml(options.command)}</code></pre><p class="small muted">The same files and options give the same run, and this same report, byte for byte.</p></section>`,
    runChartSectionHtml(incident, drift.length, charts),
    driftTableHtml(incident, drift),
    `<section class="card" id="logs"><h2>What the faults logged</h2>${
      result.logs.length > 0
        ? `<p>${plural(result.logs.length, 'line')}, in time order: what a middleware, API or webhook log would show (Gate 3 evidence).</p>${logTableHtml(incident, result.logs)}`
        : '<p>Nothing: none of the faults writes a log line (human actions and schedule faults leave no technical error).</p>'
    }</section>`,
    incidentSetupHtml(incident, 'The scenario'),
  ].join('\n');
  return htmlDocument({
    title: `Run: ${heading} · ${incident.name}`,
    masthead: 'scenario run report',
    incidentName: incident.name,
    body,
    footer: footerHtml(incident, undefined),
  });
}

// ---- which SKUs, which faults ---------------------------------------------------------------

interface RankedSku {
  sku: number;
  /** Observations of this SKU the baseline does not reproduce. */
  mismatched: number;
}

/** SKUs with a mismatched observation in the baseline, most mismatches first, then SKU order. */
function implicatedSkus(incident: Incident, comparisons: readonly ObservationComparison[]): RankedSku[] {
  const counts = new Map<number, number>();
  comparisons.forEach((comparison, index) => {
    if (comparison.matches) return;
    const sku = incident.observations.sku[index]!;
    counts.set(sku, (counts.get(sku) ?? 0) + 1);
  });
  return [...counts.entries()].map(([sku, mismatched]) => ({ sku, mismatched })).sort((a, b) => b.mismatched - a.mismatched || a.sku - b.sku);
}

/** SKUs whose observed counts differ between systems at some observation, in SKU order. */
function observedDriftSkus(incident: Incident): RankedSku[] {
  const drifted = new Set<number>();
  for (const observation of incident.observations) {
    const seen = observation.counts.filter((count): count is number => count !== undefined);
    if (seen.length > 1 && Math.max(...seen) - Math.min(...seen) > incident.tolerance) drifted.add(observation.sku);
  }
  return [...drifted].sort((a, b) => a - b).map((sku) => ({ sku, mismatched: 0 }));
}

/** What the second panel compares with the baseline: the explanation, or the closest candidate. */
function comparedFaults(result: Gate2Result): { name: string; title: string; faults: ReportFault[] } {
  if (result.explanation.length > 0) {
    return {
      name: 'explained',
      title: `With the explanation (${plural(result.explanation.length, 'fault')}): reproduces every observation`,
      faults: result.explanation,
    };
  }
  const closest = result.closest.find((candidate) => candidate.faults.length > 0);
  if (result.problem === 'unexplained' && closest) {
    return { name: 'closest', title: 'Closest candidate found: does not reproduce every observation', faults: closest.faults };
  }
  return { name: 'explained', title: '', faults: [] };
}

// ---- charts -----------------------------------------------------------------------------------

interface Replay {
  name: string;
  title: string;
  run: SimulationResult;
  comparisons: readonly ObservationComparison[];
  faults: readonly ChartFault[];
}

interface SkuChart {
  sku: number;
  mismatched: number;
  panels: ChartPanel[];
  svg: string;
  /** Per replay: how many of the SKU's observations it reproduces. */
  fits: { name: string; matched: number; observations: number }[];
  rows: ObservationRow[];
  /** One line above the chart; by default how each replay fits the SKU's observations. */
  note: string;
}

/** Renders one chart per SKU, one panel per replay, in the given SKU order. */
async function skuCharts(incident: Incident, skus: readonly RankedSku[], replays: readonly Replay[]): Promise<SkuChart[]> {
  const timelines = replays.map((replay) => timelineBySku(replay.run.timeline));
  const charts: SkuChart[] = [];
  for (const [position, entry] of skus.entries()) {
    const panels = replays.map((replay, index) =>
      chartPanel(incident, replay.title, replay.run, timelines[index]!.get(entry.sku) ?? [], replay.comparisons, replay.faults, entry.sku),
    );
    const chart: TimelineChart = {
      description: `Counts of SKU ${incident.skus[entry.sku]!.sku} in every system over time`,
      systems: incident.systems.map((system) => system.name),
      timezone: incident.timezone,
      window: incident.window,
      panels,
    };
    const svg = await renderTimelineSvg(chart, `chart${position + 1}`);
    const indices: number[] = [];
    for (let index = 0; index < incident.observations.length; index++) if (incident.observations.sku[index] === entry.sku) indices.push(index);
    const fits = replays.map((replay) => ({
      name: replay.name,
      matched: indices.filter((index) => replay.comparisons[index]?.matches === true).length,
      observations: indices.length,
    }));
    const rows = indices.map((index) => ({
      atMs: incident.observations.atMs[index]!,
      observed: incident.observations.at(index).counts,
      simulated: replays.map((replay) => replay.comparisons[index]?.systems.map((system) => system.simulated)),
    }));
    const note = `${sentence(fits.map(fitWords).join('; '))}.`;
    charts.push({ sku: entry.sku, mismatched: entry.mismatched, panels, svg, fits, rows, note });
  }
  return charts;
}

function keyContent(charts: readonly SkuChart[]): ChartKeyContent {
  const panels = charts.flatMap((chart) => chart.panels);
  return {
    observations: panels.some((panel) => panel.observations.length > 0),
    missed: panels.some((panel) => panel.observations.some((observation) => !observation.reproduced)),
    interventions: panels.some((panel) => panel.markers.length > 0),
    paused: panels.some((panel) => panel.bands.some((band) => band.kind === 'paused')),
    evidence: panels.some((panel) => panel.bands.some((band) => band.kind === 'evidence')),
    logs: panels.some((panel) => panel.logs.length > 0),
  };
}

function skuHeadingHtml(incident: Incident, sku: number): string {
  const definition = incident.skus[sku]!;
  const title = definition.title ? `<span class="title">${escapeHtml(definition.title)}</span>` : '';
  return `<h3><code>${escapeHtml(definition.sku)}</code>${title}</h3>`;
}

function fitWords(fit: { name: string; matched: number; observations: number }): string {
  if (fit.observations === 0) return `${fit.name}: no observation of this SKU`;
  if (fit.observations === 1) return `${fit.name}: the one observation ${fit.matched === 1 ? 'matches' : 'differs'}`;
  if (fit.matched === fit.observations) return `${fit.name}: all ${plural(fit.observations, 'observation')} match`;
  const differing = fit.observations - fit.matched;
  return `${fit.name}: ${formatCount(differing)} of ${plural(fit.observations, 'observation')} ${differing === 1 ? 'differs' : 'differ'}`;
}

function oneChartHtml(incident: Incident, chart: SkuChart, replayNames: readonly string[], position: number): string {
  const table = chart.rows.length
    ? `<details><summary>The ${plural(chart.rows.length, 'observation')} of this SKU, observed against ${replayNames.join(' and ')}</summary>${observationTableHtml(incident, replayNames, chart.rows)}</details>`
    : '';
  return [
    `<div class="sku-chart" id="sku-${position + 1}-${escapeHtml(htmlToken(incident.skus[chart.sku]!.sku))}">`,
    skuHeadingHtml(incident, chart.sku),
    `<p class="small muted">${escapeHtml(chart.note)}</p>`,
    `<figure class="chart">${chart.svg}</figure>`,
    table,
    '</div>',
  ].join('\n');
}

function notChartedHtml(incident: Incident, ranked: readonly RankedSku[], withCounts: boolean): string {
  const rest = ranked.slice(MAX_CHARTED_SKUS);
  if (rest.length === 0) return '';
  const listed = rest.slice(0, MAX_LISTED_SKUS);
  const items = listed
    .map((entry) => `<li><code>${escapeHtml(incident.skus[entry.sku]!.sku)}</code>${withCounts ? ` <span class="muted">(${plural(entry.mismatched, 'mismatched observation')})</span>` : ''}</li>`)
    .join('');
  const more = rest.length > listed.length ? `<p class="small muted">… and ${plural(rest.length - listed.length, 'more SKU')}.</p>` : '';
  return `<h3 style="margin-top:22px">${plural(rest.length, 'more SKU')} left out of the charts</h3><ul class="small">${items}</ul>${more}`;
}

function chartSectionHtml(incident: Incident, result: Gate2Result, chartedBy: 'mismatch' | 'observed-drift', ranked: readonly RankedSku[], charts: readonly SkuChart[]): string {
  const names = ['baseline', ...(charts[0]?.fits.slice(1).map((fit) => fit.name) ?? [])];
  let intro: string;
  if (charts.length === 0) {
    intro =
      result.baseline.observations === 0
        ? '<p>The incident has no observations, so no SKU is implicated.</p>'
        : '<p>No SKU is implicated: the baseline reproduces every observation, and no observation shows systems disagreeing.</p>';
  } else if (chartedBy === 'mismatch') {
    intro = `<p>${plural(ranked.length, 'SKU')} ${ranked.length === 1 ? 'has' : 'have'} an observation the baseline does not reproduce${
      ranked.length > charts.length ? `; the ${formatCount(charts.length)} with the most are charted` : ''
    }. In each chart the upper panel replays the recorded movements through the declared links alone; the lower one adds the ${
      names[1] === 'closest' ? 'closest candidate' : 'explanation'
    }.</p>`;
    if (charts[0]?.panels.length === 1) intro = intro.replace(/ In each chart.*<\/p>$/, ' Each chart replays the recorded movements through the declared links.</p>');
  } else {
    intro = `<p>The baseline reproduces every observation; these ${plural(ranked.length, 'SKU')} were observed with systems disagreeing${
      ranked.length > charts.length ? ` (the first ${formatCount(charts.length)} are charted)` : ''
    }.</p>`;
  }
  const body = charts.map((chart, position) => oneChartHtml(incident, chart, names, position)).join('\n');
  return [
    '<section class="card" id="charts">',
    `<h2>${chartedBy === 'mismatch' ? 'The implicated SKUs' : 'The SKUs that drifted'}</h2>`,
    intro,
    charts.length > 0 ? chartKeyHtml(incident, keyContent(charts)) : '',
    body,
    notChartedHtml(incident, ranked, chartedBy === 'mismatch'),
    '</section>',
  ].join('\n');
}

function runChartSectionHtml(incident: Incident, drifted: number, charts: readonly SkuChart[]): string {
  if (charts.length === 0) return '<section class="card" id="charts"><h2>Timelines</h2><p>No SKU drifted, so there is nothing to chart.</p></section>';
  const names = ['simulated'];
  return [
    '<section class="card" id="charts">',
    '<h2>The SKUs that drifted</h2>',
    `<p>${drifted > charts.length ? `The ${formatCount(charts.length)} of ${formatCount(drifted)} drifted SKUs with the largest gaps` : `Every SKU that drifted`}, still-open gaps first: each system's simulated count over time${
      incident.observations.length > 0 ? ', with the scenario\'s observations' : ''
    }.</p>`,
    chartKeyHtml(incident, keyContent(charts)),
    charts.map((chart, position) => oneChartHtml(incident, chart, names, position)).join('\n'),
    '</section>',
  ].join('\n');
}

// ---- verdict and numbers ---------------------------------------------------------------------

function verdictTitle(problem: Problem): string {
  switch (problem) {
    case 'integration':
      return 'Yes — an integration problem';
    case 'process':
      return 'No — a process problem';
    case 'both':
      return 'No — a process problem and an integration problem';
    case 'unexplained':
      return 'No — unexplained: nothing searched reproduces it';
  }
}

/** The human actions in an explanation as a support lead would name them, without repeats. */
function actionPhrases(faults: readonly ExplainedFault[]): string[] {
  const phrases = faults
    .filter((fault) => fault.family === 'process')
    .map((fault) => ACTION_WORDS[fault.spec.kind]?.(String(fault.spec.params.system ?? '')) ?? fault.spec.kind.replace(/_/g, ' '));
  return [...new Set(phrases)];
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function verdictLead(incident: Incident, result: Gate2Result): string {
  const rules = result.explanation.filter((fault) => fault.family === 'integration');
  const actions = result.explanation.filter((fault) => fault.family === 'process');
  const actionCount = actions.length === 1 ? 'a human action' : `${formatCount(actions.length)} human actions`;
  switch (result.problem) {
    case 'integration':
      if (rules.length === 0) {
        return 'Replaying the recorded movements through the links exactly as declared reproduces every observed count. Nothing misbehaves: the differences are the sync chain working as configured (its schedule, delay or capacity). If they are not acceptable, it is the integration that has to change.';
      }
      return `Replaying the recorded movements reproduces every observed count once ${
        rules.length === 1 ? 'this integration rule is' : `these ${formatCount(rules.length)} integration rules are`
      } applied: ${joinWords(rules.map((fault) => faultWords(fault.spec, incident.timezone)))}. The drift is consistent and reproducible from the inputs alone: the sync chain misbehaves, and no person is needed to explain it.`;
    case 'process':
      return `Replaying the recorded movements does not reproduce what was observed, and no integration rule in the fault library makes it do so. It takes ${actionCount}: ${joinWords(
        actionPhrases(actions),
      )}. Nothing in the recorded inputs derives it, it cannot be triggered on command and it leaves no technical error: that is a process problem.`;
    case 'both':
      return `The smallest explanation needs both: ${joinWords(rules.map((fault) => faultWords(fault.spec, incident.timezone)))} (an integration fault), and ${actionCount} (${joinWords(
        actionPhrases(actions),
      )}). A faulty or slow sync invites manual workarounds that then mask it.`;
    case 'unexplained':
      return `Neither the integration rules of the fault library nor inferred human actions reproduce every observation within the search (${plural(
        result.searched.simulations,
        'simulation',
      )}${result.searched.budgetExhausted ? ', budget exhausted' : ''}). The closest candidates are listed below.`;
  }
}

function routeHtml(problem: Problem): string {
  switch (problem) {
    case 'integration':
      return '<div class="route"><span class="route-label">Route to</span><p class="route-to">IT / the integration vendor</p><p>They own the middleware, the API connections and the sync schedule. Hand them the re-run command below: it reproduces the drift on demand.</p></div>';
    case 'process':
      return '<div class="route"><span class="route-label">Route to</span><p class="route-to">Operations — the ops manager / inventory lead</p><p>Ask who changed counts by hand, which cycle counts or corrections were not synced, and which 3PL shipments never flowed back, at the times below. There is no integration failure for IT to fix.</p></div>';
    case 'both':
      return '<div class="route"><span class="route-label">Route to both, the process gap first</span><ol><li><b>Operations — the ops manager / inventory lead:</b> the human actions below.</li><li><b>Then IT / the integration vendor:</b> the integration rule below.</li></ol><p>Fix the process gap first: a workaround left in place keeps masking the integration fault.</p></div>';
    case 'unexplained':
      return '<div class="route"><span class="route-label">Route to</span><p class="route-to">Not routed yet</p><p>Collect more evidence (middleware logs, exports from each system) or raise <code>--budget</code>, and run again; <code>drift-sim diagnose</code> adds Gates 1 and 3 and the five checks.</p></div>';
  }
}

function verdictHtml(incident: Incident, result: Gate2Result): string {
  const [answer, rest] = verdictTitle(result.problem).split(' — ') as [string, string];
  return [
    `<section class="card verdict tone-${result.problem}" aria-labelledby="verdict-heading">`,
    `<p class="eyebrow">Gate 2 · does replaying the recorded inputs reproduce the drift of ${escapeHtml(incident.name)}?</p>`,
    `<h1 id="verdict-heading"><span class="answer">${escapeHtml(answer)}</span> — ${escapeHtml(rest)}</h1>`,
    `<p class="lead">${escapeHtml(verdictLead(incident, result))}</p>`,
    routeHtml(result.problem),
    '</section>',
  ].join('\n');
}

function fact(label: string, value: string, note: string, tone?: 'good' | 'bad'): string {
  return `<div class="fact"><div class="label">${escapeHtml(label)}</div><div class="value${tone ? ` ${tone}` : ''}">${escapeHtml(value)}</div><p class="note">${escapeHtml(note)}</p></div>`;
}

function factsHtml(incident: Incident, result: Gate2Result): string {
  const { baseline, fit, searched } = result;
  const baselineFact = baseline.reproduces
    ? fact('Baseline', 'reproduces', `all ${plural(baseline.observations, 'observation')} match the declared links alone`, 'good')
    : fact('Baseline', `${formatCount(baseline.mismatched)} of ${formatCount(baseline.observations)} differ`, 'observations the declared links alone, with no fault, do not reproduce', 'bad');
  const tolerance = incident.tolerance ? `, tolerance ${formatCount(incident.tolerance)}` : '';
  const fitFact =
    result.problem === 'unexplained'
      ? fact('Fit', 'no explanation', `the closest candidate matches ${formatCount(result.closest[0]?.evaluation.matched ?? fit.matched)} of ${formatCount(fit.observations)}`, 'bad')
      : fact('Fit of the explanation', `${formatCount(fit.matched)} / ${formatCount(fit.observations)} match`, `largest difference ${formatCount(fit.maxAbsError)}${tolerance}`, fit.matched === fit.observations ? 'good' : 'bad');
  const searchFact = fact(
    'Searched',
    plural(searched.hypotheses, 'hypothesis', 'hypotheses'),
    `${plural(searched.simulations, 'simulation')} of a ${formatCount(searched.budget)} budget; ${
      searched.budgetExhausted ? 'the budget ran out, so a smaller explanation may exist' : 'finished within the budget'
    }`,
    searched.budgetExhausted ? 'bad' : undefined,
  );
  return `<div class="facts">${baselineFact}${fitFact}${searchFact}</div>`;
}

/** The starting counts taken as given and the margin over the other classes, in the text output's words. */
function marginHtml(incident: Incident, result: Gate2Result): string {
  const sentences = [startingCountsSentence(incident, result.startingCounts), ...marginSentences(incident, result)].filter((sentence): sentence is string => sentence !== undefined);
  if (sentences.length === 0) return '';
  return ['<section class="card" id="margin">', '<h2>How sure, and what it assumed</h2>', ...sentences.map((sentence) => `<p>${escapeHtml(sentence)}</p>`), '</section>'].join('\n');
}

function explanationHtml(incident: Incident, result: Gate2Result): string {
  const zone = `<p class="small muted">Times are in the incident's timezone, ${escapeHtml(incident.timezone)}.</p>`;
  if (result.explanation.length > 0) {
    const rules = result.explanation.filter((fault) => fault.family === 'integration').length;
    const actions = result.explanation.length - rules;
    const parts = [rules ? plural(rules, 'integration rule') : '', actions ? plural(actions, 'human action') : ''].filter(Boolean).join(' and ');
    return [
      '<section class="card" id="explanation">',
      '<h2>What explains it</h2>',
      `<p>The smallest set of faults that, added to a replay of the recorded movements, reproduces every observation: ${escapeHtml(parts)}. ${
        result.explanation.length === 1 ? 'Without it' : 'Without any one of them'
      }, the replay no longer matches.</p>`,
      faultListHtml(incident, result.explanation),
      zone,
      '</section>',
    ].join('\n');
  }
  if (result.problem === 'integration') {
    return '<section class="card" id="explanation"><h2>What explains it</h2><p>No fault is needed: the declared links alone reproduce every observation.</p></section>';
  }
  const candidates = result.closest.map((candidate, index) => {
    const evaluation = candidate.evaluation;
    const faults = candidate.faults.length ? faultListHtml(incident, candidate.faults) : '<p>The declared links alone (no fault).</p>';
    return `<h3>Candidate ${index + 1}: ${formatCount(evaluation.matched)} matched, ${formatCount(evaluation.mismatched)} differ, total error ${formatCount(evaluation.totalAbsError)}</h3>${faults}`;
  });
  return [
    '<section class="card" id="explanation">',
    '<h2>Closest candidates</h2>',
    '<p>Nothing searched reproduces every observation. These came closest (most of the timeline right from its start, then most observations matched, then least error):</p>',
    candidates.join('\n') || '<p class="muted">None recorded.</p>',
    zone,
    '</section>',
  ].join('\n');
}

function rerunHtml(rerun: string): string {
  return [
    '<section class="card" id="rerun">',
    '<h2>Re-run the proof</h2>',
    `<pre class="command"><code>${escapeHtml(rerun)}</code></pre>`,
    '<p class="small muted">This command replays the recorded movements with the explanation and compares every observation: anyone can check the answer, and it gives the same result on every machine.</p>',
    '</section>',
  ].join('\n');
}

function explanationLogsHtml(incident: Incident, result: Gate2Result, explained: SimulationResult | undefined): string {
  if (!explained || result.explanation.length === 0 || explained.logs.length === 0) return '';
  return [
    '<section class="card" id="logs">',
    '<h2>What the middleware should have logged</h2>',
    `<p>If the explanation is right, its integration ${result.explanation.filter((fault) => fault.family === 'integration').length === 1 ? 'rule' : 'rules'} made the middleware log these ${plural(
      explained.logs.length,
      'line',
    )}. Look for them in the real logs (Gate 3); the incident records ${plural(incident.logs.length, 'log line')}.</p>`,
    logTableHtml(incident, explained.logs),
    '</section>',
  ].join('\n');
}

function driftTableHtml(incident: Incident, drift: readonly { sku: number; firstDivergenceMs: number; largestGap: number; largestGapMs: number; final: number[]; finalGap: number }[]): string {
  if (drift.length === 0) return '';
  const listed = drift.slice(0, MAX_LISTED_SKUS);
  const rows = listed.map((entry) => {
    const finals = entry.final.map((count) => `<td class="num${entry.finalGap > 0 ? ' miss' : ''}">${formatCount(count)}</td>`).join('');
    return `<tr><td><code>${escapeHtml(incident.skus[entry.sku]!.sku)}</code></td><td>${escapeHtml(formatLocalTime(entry.firstDivergenceMs, incident.timezone))}</td><td class="num">${formatCount(entry.largestGap)}</td><td>${escapeHtml(formatLocalTime(entry.largestGapMs, incident.timezone))}</td>${finals}</tr>`;
  });
  const header = `<tr><th>SKU</th><th>first apart</th><th class="num">largest gap</th><th>largest at</th>${incident.systems
    .map((system) => `<th class="num">${escapeHtml(system.name)} at end</th>`)
    .join('')}</tr>`;
  const more = drift.length > listed.length ? `<p class="small muted">… and ${plural(drift.length - listed.length, 'more SKU')}.</p>` : '';
  return `<section class="card" id="drift"><h2>Every SKU that drifted</h2><div class="table-scroll"><table><thead>${header}</thead><tbody>${rows.join('')}</tbody></table></div>${more}</section>`;
}

function footerHtml(incident: Incident, command: string | undefined): string {
  const parts = ['Made by drift-sim. The same inputs give the same report, byte for byte; it needs no network and no script.'];
  if (incident.sourcePath) parts.push(`Input: <code>${escapeHtml(incident.sourcePath)}</code>.`);
  if (command) parts.push(`Command: <code>${escapeHtml(command)}</code>.`);
  return `<p>${parts.join(' ')}</p>`;
}
