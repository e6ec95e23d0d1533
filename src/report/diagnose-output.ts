/**
 * `diagnose` output: the JSON document (`gates`, `checks`, `route`, and the decision table
 * filled in for the incident) and the human text, which opens with the route, then the
 * decision table and why the route follows, then each gate's evidence and the five checks.
 *
 * @example
 * process.stdout.write(stringifyJson(diagnoseToJson(incident, result, rerun)));
 * process.stdout.write(formatDiagnoseText(incident, result, rerun));
 */
import pc from 'picocolors';
import type { DiagnoseResult } from '../gate/diagnose.js';
import type { Column } from '../gate/decision-table.js';
import type { Incident } from '../sim/model.js';
import { formatTime } from '../sim/time.js';
import { formatGate2Text, gate2ToJson } from './gate2-output.js';
import { logToJson } from './json.js';

/**
 * Where each route sends the incident, in words.
 *
 * @example
 * ROUTE_WORDS.both; // 'Route to both: operations first for the process gap, then IT.'
 */
export const ROUTE_WORDS = {
  it: 'Route to IT / the integration vendor.',
  ops: 'Route to operations: the ops manager / inventory lead.',
  both: 'Route to both: operations first for the process gap, then IT.',
} as const;

/**
 * The document `diagnose --json` prints.
 *
 * @example
 * stringifyJson(diagnoseToJson(incident, result, rerun));
 */
export function diagnoseToJson(incident: Incident, result: DiagnoseResult, rerun: string) {
  const { gate1, gate3 } = result;
  return {
    incident: incident.name,
    gates: {
      1: {
        answer: gate1.answer,
        evidence: gate1.evidence,
        tally: gate1.tally,
        declared: gate1.declared.map((gap) => ({
          link: gap.link,
          described: gap.described,
          scheduled: gap.scheduled,
          observations: gap.observations,
          widest: { sku: gap.widest.sku, at: formatTime(gap.widest.atMs), from: gap.widest.from, to: gap.widest.to },
        })),
      },
      2: gate2ToJson(incident, result.gate2, rerun),
      3: {
        answer: gate3.answer,
        covered: gate3.covered,
        onsets: gate3.onsets,
        matched: gate3.matched.map(logToJson),
        silent: gate3.silent,
        evidence: gate3.evidence,
      },
    },
    checks: result.checks,
    route: result.route,
    reason: result.reason,
    decisionTable: { rows: result.table.rows, why: result.table.why },
  };
}

const COLUMN_COLOUR: Record<Column, (text: string) => string> = {
  integration: pc.yellow,
  process: pc.cyan,
  both: pc.magenta,
  neither: pc.dim,
};

/**
 * The decision table as aligned text: one line per row, what it points to, what this incident shows.
 *
 * @example
 * formatDecisionTable(result).join('\n');
 */
export function formatDecisionTable(result: DiagnoseResult): string[] {
  const lines: string[] = [];
  const width = Math.max(...result.table.rows.map((row) => row.row.length));
  lines.push(`${pc.bold('The decision table, filled in for this incident')} ${pc.dim('(row: points to - what this incident shows)')}`);
  for (const row of result.table.rows) {
    const column = row.pointsTo === 'neither' ? '-' : row.pointsTo;
    lines.push(`  ${row.row.padEnd(width)}  ${COLUMN_COLOUR[row.pointsTo](column.padEnd(11))}  ${row.incident}`);
  }
  lines.push(pc.dim(`  integration looks like: ${result.table.rows.map((row) => row.integration.split(':')[0]).join('; ')}`));
  lines.push(pc.dim(`  process looks like:     ${result.table.rows.map((row) => row.process.split(':')[0]).join('; ')}`));
  lines.push(pc.bold('Why the route follows:'));
  result.table.why.forEach((line, index) => lines.push(`  ${index + 1}. ${line}`));
  return lines;
}

/**
 * The human text: the route, the table and why, each gate's evidence, the five checks.
 *
 * @example
 * process.stdout.write(formatDiagnoseText(incident, result, rerun));
 */
export function formatDiagnoseText(incident: Incident, result: DiagnoseResult, rerun: string): string {
  const out: string[] = [];
  out.push(pc.bold(`${ROUTE_WORDS[result.route]} ${result.reason}`));
  out.push('');
  out.push(...formatDecisionTable(result));
  out.push('');
  out.push(`Gate 1, consistency: ${pc.bold(result.gate1.answer)}`);
  for (const line of result.gate1.evidence) out.push(`  ${line}`);
  out.push(`Gate 2, reproducibility: ${pc.bold(`${result.gate2.answer} / ${result.gate2.problem}`)}`);
  out.push(formatGate2Text(incident, result.gate2, rerun).trimEnd().replace(/^/gm, '  '));
  out.push(`Gate 3, log evidence: ${pc.bold(result.gate3.answer)} (${result.gate3.covered} of ${result.gate3.onsets} drift onsets have a logged failure)`);
  for (const line of result.gate3.evidence) out.push(`  ${line}`);
  out.push('The five checks before escalating:');
  for (const check of result.checks) out.push(`  ${check.check}. ${check.name}: ${check.found ? pc.yellow('FOUND') : 'nothing'} - ${check.finding}`);
  return `${out.join('\n')}\n`;
}
