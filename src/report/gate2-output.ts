/**
 * Gate 2 output: the JSON document of gates.md and the human text whose first line is the
 * answer in words a support lead understands.
 */
import pc from 'picocolors';
import type { Gate2Result } from '../gate/search.js';
import type { Incident } from '../sim/model.js';
import { formatTime } from '../sim/time.js';
import { describeFault } from './describe-fault.js';
import { faultToJson } from './json.js';
import { marginSentences, marginToJson, startingCountsSentence } from './gate2-margin.js';

/** Where each answer routes the incident (gates.md's decision table). */
export const ROUTES = {
  integration: 'Route to IT / the integration vendor.',
  process: 'Route to operations (the ops manager / inventory lead).',
  both: 'Route to both: operations first for the process gap, then IT for the integration rule.',
  unexplained: 'Not routed: collect more evidence (logs, exports) or raise --budget, and run again.',
} as const;

/** The document `gate2 --json` prints (gates.md); names may grow, these stay. */
export function gate2ToJson(incident: Incident, result: Gate2Result, rerun: string) {
  return {
    incident: incident.name,
    gate: 2,
    answer: result.answer,
    problem: result.problem,
    explanation: result.explanation.map((fault) => ({
      ...faultToJson(fault.spec),
      ...(fault.between ? { between: { from: formatTime(fault.between.fromMs), to: formatTime(fault.between.toMs) } } : {}),
    })),
    ...(result.reason ? { reason: result.reason } : {}),
    baseline: result.baseline,
    fit: result.fit,
    searched: result.searched,
    ...marginToJson(incident, result),
    ...(result.problem === 'unexplained'
      ? {
          closest: result.closest.map((candidate) => ({
            faults: candidate.faults.map((fault) => faultToJson(fault.spec)),
            matched: candidate.evaluation.matched,
            mismatched: candidate.evaluation.mismatched,
            totalAbsError: candidate.evaluation.totalAbsError,
          })),
        }
      : {}),
    rerun,
  };
}

/** The first line: the answer and the route, in plain words. */
export function headline(result: Gate2Result): string {
  const rules = result.explanation.filter((fault) => fault.family === 'integration');
  const actions = result.explanation.filter((fault) => fault.family === 'process');
  switch (result.problem) {
    case 'integration':
      return rules.length === 0
        ? `Reproduces from the recorded inputs: the declared links alone produce every observed count. ${ROUTES.integration}`
        : `Reproduces from the recorded inputs: ${rules.map((fault) => describeFault(fault.spec)).join('; and ')}. ${ROUTES.integration}`;
    case 'process':
      return `Does not reproduce from the recorded inputs: it needs ${actions.length === 1 ? 'a human action' : `${actions.length} human actions`} that no integration rule derives. ${ROUTES.process}`;
    case 'both':
      return `Partly reproduces: ${rules.map((fault) => describeFault(fault.spec)).join('; and ')}, but ${actions.length === 1 ? 'a human action explains' : `${actions.length} human actions explain`} the rest. ${ROUTES.both}`;
    case 'unexplained':
      if (result.reason === 'predates-window') {
        return `The drift predates the window: every difference is already there when each SKU is first observed, and the recorded movements reproduce everything after that. Widen the window to see its cause.`;
      }
      if (result.reason === 'no-fit') {
        return `No explanation found: neither the fault library's rules nor inferred human actions reproduce every observation, with ${result.searched.budget - result.searched.simulations} of ${result.searched.budget} simulations left. ${ROUTES.unexplained}`;
      }
      return `No explanation found within the search budget: neither the fault library's rules nor inferred human actions reproduce every observation. ${ROUTES.unexplained}`;
  }
}

export function formatGate2Text(incident: Incident, result: Gate2Result, rerun: string): string {
  const lines: string[] = [];
  const colour = result.problem === 'integration' ? pc.yellow : result.problem === 'unexplained' ? pc.magenta : pc.cyan;
  lines.push(colour(pc.bold(headline(result))));
  lines.push('');
  lines.push(`Gate 2 (reproducibility) for ${incident.name}: answer ${pc.bold(result.answer)}, problem ${pc.bold(result.problem)}.`);
  if (result.explanation.length > 0) {
    lines.push('Explanation (the smallest set of faults that reproduces every observation):');
    for (const fault of result.explanation) {
      const between = fault.between ? pc.dim(` (evidence: ${formatTime(fault.between.fromMs)} .. ${formatTime(fault.between.toMs)})`) : '';
      lines.push(`  - [${fault.family}] ${describeFault(fault.spec)}${between}`);
    }
  }
  const { baseline, fit, searched } = result;
  lines.push(
    `Baseline (declared links only): ${baseline.reproduces ? 'reproduces' : `${baseline.mismatched} of ${baseline.observations} observations differ`}.`,
  );
  const starts = startingCountsSentence(incident, result.startingCounts);
  if (starts) lines.push(starts);
  if (result.problem !== 'unexplained' || result.reason === 'predates-window') lines.push(`Fit: ${fit.matched}/${fit.observations} observations match (largest difference ${fit.maxAbsError}).`);
  for (const sentence of marginSentences(incident, result)) lines.push(sentence);
  lines.push(
    `Searched: ${searched.hypotheses} hypotheses, ${searched.simulations} simulations (budget ${searched.budget}${searched.budgetExhausted ? ', exhausted' : ''}).`,
  );
  const perKind = Object.entries(searched.rules).map(([kind, count]) => `${kind} ${count}`);
  lines.push(`  rule hypotheses by kind: ${perKind.length > 0 ? perKind.join(', ') : 'none (not needed)'}; hypotheses adding a human action: ${searched.interventions}.`);
  if (result.problem === 'unexplained' && result.reason !== 'predates-window') {
    lines.push('Closest candidates:');
    for (const candidate of result.closest) {
      const shown = candidate.faults.slice(0, 3).map((fault) => describeFault(fault.spec));
      if (candidate.faults.length > 3) shown.push(`and ${candidate.faults.length - 3} more faults (--json lists them)`);
      const faults = candidate.faults.length ? shown.join('; ') : 'the declared links alone';
      lines.push(`  - ${faults}: ${candidate.evaluation.matched} matched, ${candidate.evaluation.mismatched} differ, total error ${candidate.evaluation.totalAbsError}`);
    }
  }
  lines.push(`Re-run the proof: ${rerun}`);
  return `${lines.join('\n')}\n`;
}
