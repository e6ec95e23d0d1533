/**
 * The pieces both HTML reports share: the page around the content, the faults in words, the
 * key to the charts, one SKU's chart with its observation table, the log table, and the
 * incident's setup. Every input string is escaped here, at the point it meets markup.
 *
 * @example
 * const html = htmlDocument({ title: 'Gate 2', masthead: 'Gate 2 report', incidentName: incident.name, body, footer: '' });
 */
import { faultKind, faultParamsToJson } from '../sim/faults/index.js';
import type { FaultSpec, Incident, LinkDef, LogLine } from '../sim/model.js';
import { formatDuration, parseTime } from '../sim/time.js';
import { systemColour } from './chart-timeline.js';
import { describeFault } from './describe-fault.js';
import { escapeHtml } from './html-escape.js';
import { formatCount, formatLocalClockOnDay, formatLocalInterval, formatLocalTime, plural, sentence } from './html-format.js';
import { REPORT_CSS } from './html-style.js';

/** At most this many log lines are listed; the rest are counted. */
export const LOG_ROWS_LIMIT = 200;
/** At most this many observation rows per SKU table. */
const OBSERVATION_ROWS_LIMIT = 300;

/**
 * The whole page. `title` and `incidentName` are escaped here; `body` and `footer` are
 * markup the caller built (and escaped) itself.
 *
 * @example
 * htmlDocument({ title: 'No: process', masthead: 'Gate 2 report', incidentName: 'x', body: '<p>…</p>', footer: '' });
 */
export function htmlDocument(parts: { title: string; masthead: string; incidentName: string; body: string; footer: string }): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="drift-sim">',
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<header class="masthead"><div class="wrap">',
    `<span class="brand">drift-sim</span><span>${escapeHtml(parts.masthead)}</span>`,
    `<span class="incident">incident <b>${escapeHtml(parts.incidentName)}</b></span>`,
    '</div></header>',
    `<main class="wrap">\n${parts.body}\n</main>`,
    `<footer><div class="wrap">${parts.footer}</div></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A fault in the report: its spec, family, and for an inferred action its evidence interval. */
export interface ReportFault {
  spec: FaultSpec;
  family: 'integration' | 'process';
  between?: { fromMs: number; toMs: number };
}

/**
 * The kind as a title.
 *
 * @example
 * kindTitle('manual_override'); // 'Manual override'
 */
export function kindTitle(kind: string): string {
  return sentence(kind.replace(/_/g, ' '));
}

const ISO_TIME = /(\bat )?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z)/g;

/**
 * The fault in one sentence (the same words as the command line's), with its UTC timestamps
 * rewritten as local times a reader recognises (`at 06:01 on Mon 9 Mar 2026`).
 *
 * @example
 * faultWords(spec, 'UTC'); // 'a person changed MUG-01 by -3 in storefront by hand at 06:01 on Mon 9 Mar 2026, …'
 */
export function faultWords(spec: FaultSpec, zone: string): string {
  return describeFault(spec).replace(ISO_TIME, (whole, at: string | undefined, iso: string) => {
    const ms = parseTime(iso);
    if (ms === undefined) return whole;
    return at ? `at ${formatLocalClockOnDay(ms, zone)}` : formatLocalTime(ms, zone);
  });
}

/**
 * `faultWords` as a sentence: capitalised, unless it starts with a system or link name, which
 * is shown as written (`wms->storefront webhooks are lost ...`).
 */
function faultSentence(incident: Incident, spec: FaultSpec): string {
  const words = faultWords(spec, incident.timezone);
  const names = [...incident.systems.map((system) => system.name), ...incident.links.map((link) => link.name)];
  return names.some((name) => words.startsWith(name)) ? words : sentence(words);
}

/** One parameter value as a reader wants it: lists joined, everything else as in `--fault`. */
function paramText(value: string | number | boolean | string[]): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * The faults as a numbered list: kind, family, the fault in one sentence, its parameters, and
 * for an inferred action the interval the observations place it in.
 *
 * @example
 * faultListHtml(incident, result.explanation);
 */
export function faultListHtml(incident: Incident, faults: readonly ReportFault[]): string {
  const summarised = new Set<string>();
  const items = faults.map((fault) => {
    const definition = faultKind(fault.spec.kind);
    const badge =
      fault.family === 'integration'
        ? '<span class="badge integration">integration rule</span>'
        : '<span class="badge process">human action (process)</span>';
    const params = Object.entries(faultParamsToJson(fault.spec))
      .map(([name, value]) => `<div><dt>${escapeHtml(name)}</dt><dd><code>${escapeHtml(paramText(value))}</code></dd></div>`)
      .join('');
    const between = fault.between ? betweenHtml(incident, fault.between) : '';
    // The kind's one-line summary once per kind: three overrides need it once, not three times.
    const summary = definition && !summarised.has(definition.kind) ? `<p class="small muted">${escapeHtml(sentence(definition.summary))}.</p>` : '';
    if (definition) summarised.add(definition.kind);
    return [
      '<li>',
      `<div class="fault-head"><strong>${escapeHtml(kindTitle(fault.spec.kind))}</strong>${badge}<code class="muted">${escapeHtml(fault.spec.kind)}</code></div>`,
      `<p class="fault-words">${escapeHtml(faultSentence(incident, fault.spec))}.</p>`,
      between,
      summary,
      params ? `<dl class="params">${params}</dl>` : '',
      '</li>',
    ].join('');
  });
  return `<ol class="faults">${items.join('\n')}</ol>`;
}

/**
 * The evidence interval of an inferred action: after the previous observation of its SKU, at
 * or before the first observation that shows it (the search tries instants inside it).
 */
function betweenHtml(incident: Incident, between: { fromMs: number; toMs: number }): string {
  const fromMs = Math.max(between.fromMs, incident.window.startMs);
  const interval = formatLocalInterval(fromMs, between.toMs, incident.timezone);
  return `<p class="between">When, by the evidence: between <b>${escapeHtml(interval)}</b> (${escapeHtml(incident.timezone)}), after the previous observation of this SKU and no later than the first observation that shows it.</p>`;
}

/** Which marks appear in the charts, so the key lists only those. */
export interface ChartKeyContent {
  observations: boolean;
  missed: boolean;
  interventions: boolean;
  paused: boolean;
  evidence: boolean;
  logs: boolean;
}

/**
 * The key to every chart of the page: one colour per system (the same in all charts), and
 * the marks that appear.
 *
 * @example
 * chartKeyHtml(incident, { observations: true, missed: true, interventions: false, paused: false, evidence: false, logs: false });
 */
export function chartKeyHtml(incident: Incident, content: ChartKeyContent): string {
  const items = incident.systems.map(
    (system, index) => `<span class="item"><span class="glyph line" style="--c:${systemColour(index)}"></span>${escapeHtml(system.name)} count</span>`,
  );
  if (content.observations) items.push('<span class="item"><span class="glyph dot"></span>observed count (coloured by system)</span>');
  if (content.missed) items.push('<span class="item"><span class="glyph ring"></span>observed count this replay does not reproduce</span>');
  if (content.interventions) items.push('<span class="item"><span class="glyph rule"></span>human action (coloured by system)</span>');
  if (content.evidence) items.push('<span class="item"><span class="glyph evidence"></span>where the observations place an inferred action</span>');
  if (content.paused) items.push('<span class="item"><span class="glyph paused"></span>sync paused</span>');
  if (content.logs) items.push('<span class="item"><span class="glyph log"></span>failure the middleware logs</span>');
  return `<div class="key" aria-label="Key to the charts">${items.join('')}</div>`;
}

/** One observation row: per system, observed and what each replay simulated. */
export interface ObservationRow {
  atMs: number;
  observed: (number | undefined)[];
  /** simulated[replay][system]; a replay that never reached the observation gives undefined. */
  simulated: ((number | undefined)[] | undefined)[];
}

/**
 * A table of one SKU's observations against each replay (columns per system), cells that
 * differ beyond the tolerance marked.
 *
 * @example
 * observationTableHtml(incident, ['baseline', 'explained'], [{ atMs, observed: [118, 88], simulated: [[118, 118], [118, 88]] }]);
 */
export function observationTableHtml(incident: Incident, replayNames: readonly string[], rows: readonly ObservationRow[]): string {
  const shown = rows.slice(0, OBSERVATION_ROWS_LIMIT);
  const header = [
    '<th>time</th>',
    ...incident.systems.flatMap((system) => [
      `<th class="num">${escapeHtml(system.name)} observed</th>`,
      ...replayNames.map((name) => `<th class="num">${escapeHtml(name)}</th>`),
    ]),
  ].join('');
  const body = shown.map((row) => {
    const cells = incident.systems.flatMap((_, system) => {
      const observed = row.observed[system];
      return [
        `<td class="num">${observed === undefined ? '<span class="muted">–</span>' : formatCount(observed)}</td>`,
        ...row.simulated.map((replay) => {
          const value = replay?.[system];
          if (value === undefined) return '<td class="num muted">–</td>';
          const miss = observed !== undefined && Math.abs(value - observed) > incident.tolerance;
          return `<td class="num${miss ? ' miss' : ''}">${formatCount(value)}</td>`;
        }),
      ];
    });
    return `<tr><td>${escapeHtml(formatLocalTime(row.atMs, incident.timezone))}</td>${cells.join('')}</tr>`;
  });
  const more = rows.length > shown.length ? `<p class="small muted">${plural(rows.length - shown.length, 'more observation')} not listed.</p>` : '';
  return `<div class="table-scroll"><table><thead><tr>${header}</tr></thead><tbody>${body.join('')}</tbody></table></div>${more}`;
}

/**
 * A table of log lines (time, component, level, code, SKU, message), the first `LOG_ROWS_LIMIT`.
 *
 * @example
 * logTableHtml(incident, run.logs);
 */
export function logTableHtml(incident: Incident, logs: readonly LogLine[]): string {
  const shown = logs.slice(0, LOG_ROWS_LIMIT);
  const rows = shown.map(
    (line) =>
      `<tr><td>${escapeHtml(formatLocalTime(line.atMs, incident.timezone))}</td><td><code>${escapeHtml(line.component)}</code></td><td>${escapeHtml(line.level)}</td><td><code>${escapeHtml(line.code ?? '')}</code></td><td><code>${escapeHtml(line.sku ?? '')}</code></td><td>${escapeHtml(line.message ?? '')}</td></tr>`,
  );
  const more = logs.length > shown.length ? `<p class="small muted">${plural(logs.length - shown.length, 'more line')} not listed.</p>` : '';
  return `<div class="table-scroll"><table><thead><tr><th>time</th><th>component</th><th>level</th><th>code</th><th>SKU</th><th>message</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}`;
}

/**
 * A link in words.
 *
 * @example
 * describeLink(incident.links[0]); // 'batch push every 15m; carries the count (snapshot)'
 */
export function describeLink(link: LinkDef): string {
  const parts: string[] = [];
  if (link.mode === 'event') parts.push('event (a webhook per change)');
  else {
    const every = link.everyMs !== undefined ? ` every ${formatDuration(link.everyMs)}` : '';
    const offset = link.offsetMs ? ` (offset ${formatDuration(link.offsetMs)})` : '';
    parts.push(`${link.mode === 'batch' ? 'batch push' : 'poll'}${every}${offset}`);
  }
  parts.push(link.carries === 'snapshot' ? 'carries the count (snapshot)' : 'carries the change (delta)');
  if (link.latencyMs) parts.push(`latency ${formatDuration(link.latencyMs)}`);
  if (link.capacity !== undefined) parts.push(`at most ${plural(link.capacity, 'SKU')} per cycle`);
  if (link.types) parts.push(`only ${link.types.join(', ')} changes`);
  if (!link.idempotent) parts.push('not idempotent');
  return parts.join('; ');
}

/**
 * The incident's setup: window, systems, links and the size of what was recorded.
 *
 * @example
 * incidentSetupHtml(incident, 'The incident');
 */
export function incidentSetupHtml(incident: Incident, heading: string): string {
  const systems = incident.systems
    .map(
      (system, index) =>
        `<li><span class="swatch" style="--c:${systemColour(index)}"></span><b>${escapeHtml(system.name)}</b> <span class="muted">(${escapeHtml(system.kind)})</span>${index === incident.recordOf ? ' — system of record' : ''}</li>`,
    )
    .join('');
  const links = incident.links.length
    ? incident.links.map((link) => `<li><code>${escapeHtml(link.name)}</code>: ${escapeHtml(describeLink(link))}</li>`).join('')
    : '<li class="muted">none declared</li>';
  const description = incident.description ? `<p>${escapeHtml(incident.description)}</p>` : '';
  return [
    `<section class="card" id="incident"><h2>${escapeHtml(heading)}</h2>`,
    description,
    `<p><b>Window:</b> ${escapeHtml(formatLocalTime(incident.window.startMs, incident.timezone))} – ${escapeHtml(formatLocalTime(incident.window.endMs, incident.timezone))} <span class="muted">(${escapeHtml(incident.timezone)})</span></p>`,
    `<p><b>Recorded:</b> ${plural(incident.skus.length, 'SKU')}, ${plural(incident.movements.length, 'movement')}, ${plural(incident.observations.length, 'observation')}, ${plural(incident.logs.length, 'log line')}${incident.tolerance ? `; tolerance ${formatCount(incident.tolerance)}` : ''}.</p>`,
    '<div class="facts" style="margin:0">',
    `<div><h3>Systems</h3><ul>${systems}</ul></div>`,
    `<div><h3>Links</h3><ul>${links}</ul></div>`,
    '</div>',
    '</section>',
  ].join('\n');
}
