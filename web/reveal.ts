/**
 * The reveal of one scenario: Gate 2 on the incident as recorded (run here, in the page), the
 * evidence for the chart (which observed counts the declared links alone do not reproduce,
 * where human actions are placed), the re-run command and the fixes.
 *
 * @example
 * const reveal = await computeReveal(scenario, recorded);
 * reveal.result.problem; // 'integration'
 */
import { gate2 } from '../src/gate/gate2.js';
import type { Gate2Result } from '../src/gate/search.js';
import { describeFault } from '../src/report/describe-fault.js';
import { headline } from '../src/report/gate2-output.js';
import { rerunCommand } from '../src/report/rerun.js';
import { Simulation } from '../src/sim/engine.js';
import type { Incident } from '../src/sim/model.js';
import { formatTime } from '../src/sim/time.js';
import type { ChartEvidence } from './chart.js';
import { fixFor } from './fixes.js';
import type { WorkshopScenario } from './workshop-data.js';

export type Answer = 'integration' | 'process' | 'both';

export interface Reveal {
  result: Gate2Result;
  headline: string;
  /** One line per fault of the explanation: family, what it says, where its evidence is. */
  explanation: string[];
  /** What really happened: the scenario's own faults, described. */
  truth: string[];
  rerun: string;
  /** One sentence per fault kind of the explanation (or of the truth when there is none). */
  fixes: string[];
  evidence: ChartEvidence;
}

/** Runs Gate 2 and the baseline replay; takes about a second on the bundled scenarios. */
export async function computeReveal(scenario: WorkshopScenario, recorded: Incident): Promise<Reveal> {
  const result = await gate2(recorded);
  const baseline = await new Simulation({ ...recorded, faults: [] }).run();
  const mismatched = new Set<string>();
  [...recorded.observations].forEach((observation, index) => {
    const simulated = baseline.observed[index];
    if (!simulated) return;
    observation.counts.forEach((count, system) => {
      if (count !== undefined && Math.abs(count - simulated[system]!) > recorded.tolerance) mismatched.add(`${index}/${system}`);
    });
  });
  const bands = result.explanation.flatMap((fault) =>
    fault.between ? [{ fromMs: fault.between.fromMs, toMs: fault.between.toMs, label: describeFault(fault.spec) }] : [],
  );
  const explanation = result.explanation.map((fault) => {
    const where = fault.between ? ` (evidence between ${formatTime(fault.between.fromMs)} and ${formatTime(fault.between.toMs)})` : '';
    return `[${fault.family}] ${describeFault(fault.spec)}${where}`;
  });
  const kinds = [...new Set((result.explanation.length > 0 ? result.explanation.map((fault) => fault.spec) : scenario.faults).map((spec) => spec.kind))];
  return {
    result,
    headline: headline(result),
    explanation,
    truth: scenario.faults.map((fault) => describeFault(fault)),
    rerun: rerunCommand(scenario.incidentPath, result.explanation.map((fault) => fault.spec)),
    fixes: kinds.map((kind) => fixFor(kind)),
    evidence: { mismatched, bands },
  };
}

/**
 * Whether a trainee's answer is Gate 2's; an unexplained incident has no right answer.
 *
 * @example
 * isRight('process', reveal.result); // true when Gate 2 says process
 */
export function isRight(answer: Answer, result: Gate2Result): boolean {
  return result.problem === answer;
}
