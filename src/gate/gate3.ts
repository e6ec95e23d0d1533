/**
 * Gate 3, log evidence: does a middleware / API / webhook log show a failure at the drift's
 * timestamp? The window rule: for each drift onset (the first step of a system and SKU away
 * from what the declared links give), look for an `error` or `warn` line on an implicated
 * component — the system itself, or a link into it or upstream of it, or a system upstream
 * — from `marginMs` before the interval the step happened in to `marginMs` after it, for
 * that SKU or for no SKU in particular. The evidence names the lines it matched.
 *
 * Answers: `yes` when every onset has a logged failure, or when integration rules alone
 * reproduce the drift and their logged failures cover some of its onsets (a rule may log only
 * part of what it does); `no log expected` when the drift is
 * what a rule that is silent by nature produces (Gate 2 reproduced it with the declared
 * links alone, or with cadence / capacity / lag / redelivery / key-collision rules only) and
 * the logs do not cover it; `no` otherwise; `no drift` when the systems always agreed.
 *
 * @example
 * const result = gate3(incident, events, { explanation: gate2Result.explanation, drifted: true });
 * result.answer;     // 'yes'
 * result.matched[0]; // { atMs, component: 'erp->storefront', level: 'error', code: 'TIMEOUT', sku: 'KETTLE-STEEL' }
 */
import { LOG_LEVELS, LogStore } from '../sim/log-store.js';
import type { Incident, LogLine } from '../sim/model.js';
import { formatTime } from '../sim/time.js';
import type { DriftEvent } from './drift-events.js';
import { LOG_SIGNAL, logsExpected } from './log-signal.js';
import type { ExplainedFault } from './search.js';

export const LOG_MARGIN_MS = 60 * 60_000;

export type Gate3Answer = 'yes' | 'no' | 'no log expected' | 'no drift';

export interface Gate3Result {
  gate: 3;
  answer: Gate3Answer;
  /** Onsets with a logged failure, of all onsets. */
  covered: number;
  onsets: number;
  /** The log lines matched to an onset, once each, in time order. */
  matched: LogLine[];
  /** Rules of Gate 2's explanation that log nothing by nature, with why (kind: reason). */
  silent: { kind: string; link: string; why: string }[];
  evidence: string[];
}

export interface Gate3Options {
  /** Gate 2's explanation: which rules reproduce the drift, to know whether a log is expected. */
  explanation?: readonly ExplainedFault[];
  /** False when every observation shows the systems equal (Gate 1 `no drift`). */
  drifted?: boolean;
  logs?: LogStore | readonly LogLine[];
  marginMs?: number;
}

/**
 * Component names that can explain drift at `system`: itself, and every link into it or upstream of it.
 *
 * @example
 * componentsFor(incident, storefront); // Set { 'storefront', 'erp->storefront', 'erp', 'wms->erp', 'wms' }
 */
export function componentsFor(incident: Incident, system: number): Set<string> {
  const names = new Set<string>([incident.systems[system]!.name]);
  const stack = [system];
  const seen = new Set<number>([system]);
  while (stack.length > 0) {
    const target = stack.pop()!;
    for (const link of incident.links) {
      if (link.to !== target) continue;
      names.add(link.name);
      names.add(incident.systems[link.from]!.name);
      if (!seen.has(link.from)) {
        seen.add(link.from);
        stack.push(link.from);
      }
    }
  }
  return names;
}

const MAX_LINES = 8;

/**
 * Gate 3 for the drift onsets in `events` (see the module comment for the answers).
 *
 * @example
 * gate3(incident, events, { explanation: [], drifted: true }).answer; // 'no'
 */
export function gate3(incident: Incident, events: readonly DriftEvent[], options: Gate3Options = {}): Gate3Result {
  const logs = options.logs ?? incident.logs;
  const marginMs = options.marginMs ?? LOG_MARGIN_MS;
  const explanation = options.explanation ?? [];
  const drifted = options.drifted ?? events.length > 0;
  const silent = explanation
    .filter((fault) => fault.family === 'integration' && !logsExpected(fault.spec.kind))
    .map((fault) => ({ kind: fault.spec.kind, link: String(fault.spec.params.link ?? ''), why: LOG_SIGNAL[fault.spec.kind]!.why }));
  const onsets = events.filter((event) => event.onset);
  const failures = failureLines(logs);
  const evidence: string[] = [];
  const matched = new Set<LogLine>();
  let covered = 0;
  for (const onset of onsets) {
    const components = componentsFor(incident, onset.system);
    const sku = incident.skus[onset.sku]!.sku;
    const match = failures.find(
      (line) =>
        components.has(line.component) &&
        (line.sku === undefined || line.sku === sku) &&
        line.atMs >= onset.fromMs - marginMs &&
        line.atMs <= onset.toMs + marginMs,
    );
    if (match) {
      covered++;
      matched.add(match);
      if (evidence.length < MAX_LINES) evidence.push(`${sku} in ${incident.systems[onset.system]!.name}: matched ${describeLine(match)}.`);
    } else if (evidence.length < MAX_LINES) {
      evidence.push(`${sku} in ${incident.systems[onset.system]!.name}: no logged failure on ${[...components].sort().join(', ')} between ${formatTime(onset.fromMs - marginMs)} and ${formatTime(onset.toMs + marginMs)}.`);
    }
  }
  if (onsets.length > MAX_LINES && evidence.length === MAX_LINES) evidence.push(`... and ${onsets.length - MAX_LINES} more onsets (${covered} of ${onsets.length} matched in all).`);
  for (const rule of silent) evidence.push(`${rule.kind} on ${rule.link} is silent by nature: ${rule.why}. No log expected for it.`);
  const matchedLines = [...matched].sort((a, b) => a.atMs - b.atMs || a.component.localeCompare(b.component));
  const result = (answer: Gate3Answer, lead?: string): Gate3Result => ({
    gate: 3,
    answer,
    covered,
    onsets: onsets.length,
    matched: matchedLines,
    silent,
    evidence: lead ? [lead, ...evidence] : evidence,
  });

  if (!drifted) return result('no drift', 'The systems always agreed: no drift to look for in the logs.');
  if (onsets.length === 0) {
    return result('no log expected', 'The declared links alone produce the gaps: a sync doing what it was declared to do logs nothing. No log expected.');
  }
  if (covered === onsets.length) {
    const every = onsets.length === 1 ? 'The drift onset has' : `All ${onsets.length} drift onsets have`;
    return result('yes', `${every} a logged failure on an implicated component within ${marginMs / 60_000} minutes.`);
  }
  const rulesOnly = explanation.length > 0 && explanation.every((fault) => fault.family === 'integration');
  const loggingRules = explanation.filter((fault) => fault.family === 'integration' && logsExpected(fault.spec.kind));
  if (rulesOnly && loggingRules.length > 0 && covered > 0) {
    // One rule can log some of what it does and not the rest (a cut title that matches no item
    // is rejected with a line; one that matches another item lands there silently).
    return result(
      'yes',
      `${covered} of ${onsets.length} drift onsets have a logged failure on an implicated component; the others are effects of the same ${loggingRules.map((fault) => fault.spec.kind).join(' and ')} rule${loggingRules.length === 1 ? '' : 's'} that leave no line of their own.`,
    );
  }
  if (rulesOnly && loggingRules.length === 0) {
    return result('no log expected', `${covered} of ${onsets.length} drift onsets have a logged failure, and none is expected: the rules that reproduce the drift log nothing by nature.`);
  }
  return result('no', `${covered} of ${onsets.length} drift onsets have a logged failure on an implicated component within ${marginMs / 60_000} minutes.`);
}

/**
 * A log line in words.
 *
 * @example
 * describeLine(line); // 'error TIMEOUT on erp->storefront at 2026-03-05T18:02:00Z'
 */
export function describeLine(line: LogLine): string {
  return `${line.level} ${line.code ?? '(no code)'} on ${line.component} at ${formatTime(line.atMs)}`;
}

const INFO = LOG_LEVELS.indexOf('info');

/** The error and warn lines, in order (of a store, only those lines are made objects). */
function failureLines(logs: LogStore | readonly LogLine[]): LogLine[] {
  if (!(logs instanceof LogStore)) return logs.filter((line) => line.level === 'error' || line.level === 'warn');
  const lines: LogLine[] = [];
  for (let index = 0; index < logs.length; index++) if (logs.level[index] !== INFO) lines.push(logs.at(index));
  return lines;
}
