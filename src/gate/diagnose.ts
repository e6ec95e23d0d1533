/**
 * `diagnose`: Gates 1-3, the five checks, the field's decision table filled in for the
 * incident, and where to route it (gates.md).
 *
 * Routing: integration (IT / the integration vendor) when Gate 2 reproduces the drift with
 * rules and no check points at a process cause; process (operations) when only human actions
 * explain it; both when the smallest explanation needs both, or when a rule reproduces it but
 * the checks also find manual actions, unpropagated counts or fulfilment hand-offs (then the
 * process gap is fixed first). When Gate 2 finds nothing, the logs and the checks decide.
 *
 * @example
 * const result = await diagnose(incident);
 * result.route;              // 'both'
 * result.table.rows[0].row;  // 'consistency'
 * result.table.why[0];       // 'Operations first: ...'
 */
import type { Incident } from '../sim/model.js';
import { fiveChecks, type CheckResult } from './checks.js';
import { type DecisionTable, type Route, decisionTable } from './decision-table.js';
import { baselineCounts, driftEventsFrom } from './drift-events.js';
import { gate1, type Gate1Result } from './gate1.js';
import { gate2, type Gate2RunOptions } from './gate2.js';
import { gate3, type Gate3Result } from './gate3.js';
import { requireObservations } from './no-evidence.js';
import type { Gate2Result } from './search.js';

export type { Route } from './decision-table.js';

export interface DiagnoseResult {
  gate1: Gate1Result;
  gate2: Gate2Result;
  gate3: Gate3Result;
  checks: CheckResult[];
  route: Route;
  reason: string;
  table: DecisionTable;
}

/**
 * All three gates, the checks, the route and the table. Throws NoEvidenceError for an incident
 * without observations (no evidence, no diagnosis).
 *
 * @example
 * const { route, table } = await diagnose(incident, { budget: 2000 });
 */
export async function diagnose(incident: Incident, options: Gate2RunOptions = {}): Promise<DiagnoseResult> {
  requireObservations(incident);
  const recorded: Incident = { ...incident, faults: [] };
  const baseline = await baselineCounts(recorded);
  const events = driftEventsFrom(recorded, baseline);
  const first = gate1(recorded, baseline, events);
  const second = await gate2(recorded, options);
  const third = gate3(recorded, events, { explanation: second.explanation, drifted: first.answer !== 'no drift' });
  const checks = fiveChecks(recorded, third);
  const { route, reason } = routeOf(first, second, third, checks);
  const table = decisionTable({ gate1: first, gate2: second, gate3: third, route });
  return { gate1: first, gate2: second, gate3: third, checks, route, reason, table };
}

/**
 * The route from the gates and the checks, with the reason in one sentence.
 *
 * @example
 * routeOf(gate1, gate2, gate3, checks); // { route: 'it', reason: 'An integration rule reproduces the drift (...)' }
 */
export function routeOf(first: Gate1Result, second: Gate2Result, third: Gate3Result, checks: readonly CheckResult[]): { route: Route; reason: string } {
  const processEvidence = checks.filter((check) => check.check <= 3 && check.found).map((check) => check.name);
  switch (second.problem) {
    case 'both':
      return { route: 'both', reason: 'The smallest explanation needs an integration rule and human actions together: fix the process gap first, then the rule.' };
    case 'process':
      return { route: 'ops', reason: 'Only human actions reproduce the drift; no integration rule does.' };
    case 'integration': {
      if (processEvidence.length > 0) {
        return { route: 'both', reason: `An integration rule reproduces the drift, but the checks also found ${processEvidence.join(' and ')}: fix that process gap first.` };
      }
      const logs = third.answer === 'yes' ? 'logged failures' : third.answer === 'no log expected' ? 'no log expected' : third.answer === 'no drift' ? 'no drift' : 'not every onset logged';
      const what = second.explanation.length === 0 ? 'The declared links alone reproduce the drift' : 'An integration rule reproduces the drift';
      return { route: 'it', reason: `${what} (Gate 1 ${first.answer}, Gate 3 ${logs}).` };
    }
    case 'unexplained':
      if (processEvidence.length > 0) return { route: 'ops', reason: `Gate 2 found no explanation within its budget; the checks found ${processEvidence.join(' and ')}.` };
      if (third.answer === 'yes' && first.answer === 'consistent') return { route: 'it', reason: 'Gate 2 found no explanation within its budget, but the drift is consistent and every onset has a logged failure.' };
      return { route: 'ops', reason: 'Gate 2 found no explanation within its budget and there is no logged failure or consistent pattern to hand IT: start with operations.' };
  }
}
