/**
 * Evaluating hypotheses: replay the incident with a set of faults and score how well the
 * simulated counts match the observations. The same function runs in the main thread and in
 * worker threads, so where a hypothesis is evaluated never changes its score.
 */
import { Simulation } from '../sim/engine.js';
import type { FaultSpec, Incident } from '../sim/model.js';

export interface Evaluation {
  /** Every observation matched within tolerance. */
  reproduces: boolean;
  matched: number;
  mismatched: number;
  /** Index of the first mismatched observation (observations are in time order); the count when none. */
  firstMismatch: number;
  /** Sum of |simulated - observed| beyond tolerance over observed values. */
  totalAbsError: number;
  /**
   * Residual steps: observed values whose residual (observed - simulated) changed since the
   * previous observation of that SKU in that system. A persistent offset (a human action that
   * sticks) is one step however many observations it spans, so a rule that removes steps is
   * recognised even while an action's offset keeps those observations mismatched.
   */
  steps: number;
  stepError: number;
}

/** Replays `incident` with `faults` (no trace, in-process) and scores it. */
export async function evaluateHypothesis(incident: Incident, faults: readonly FaultSpec[]): Promise<Evaluation> {
  const run = await new Simulation(incident, { faults }).run();
  return scoreRun(incident, run.observed);
}

export function scoreRun(incident: Incident, observed: readonly (readonly number[])[]): Evaluation {
  let matched = 0;
  let firstMismatch = observed.length;
  let totalAbsError = 0;
  let steps = 0;
  let stepError = 0;
  const tolerance = incident.tolerance;
  const systems = incident.systems.length;
  const lastResidual = new Float64Array(incident.skus.length * systems);
  for (let index = 0; index < observed.length; index++) {
    const observation = incident.observations[index]!;
    const counts = observation.counts;
    const simulated = observed[index]!;
    let ok = true;
    for (let system = 0; system < counts.length; system++) {
      const seen = counts[system];
      if (seen === undefined) continue;
      const residual = seen - simulated[system]!;
      const error = Math.abs(residual);
      if (error > tolerance) {
        ok = false;
        totalAbsError += error;
      }
      const slot = observation.sku * systems + system;
      const step = Math.abs(residual - lastResidual[slot]!);
      if (step > tolerance) {
        steps++;
        stepError += step;
      }
      lastResidual[slot] = residual;
    }
    if (ok) matched++;
    else if (firstMismatch === observed.length) firstMismatch = index;
  }
  return { reproduces: matched === observed.length, matched, mismatched: observed.length - matched, firstMismatch, totalAbsError, steps, stepError };
}

/**
 * True when `a` explains the observations better than `b`: more of the timeline right from
 * the start, then more observations matched, then less error. Ties are left to list order.
 * (The greedy intervention search uses it: it closes mismatches in time order.)
 */
export function betterThan(a: Evaluation, b: Evaluation): boolean {
  if (a.firstMismatch !== b.firstMismatch) return a.firstMismatch > b.firstMismatch;
  if (a.matched !== b.matched) return a.matched > b.matched;
  return a.totalAbsError < b.totalAbsError;
}

/** Evaluates many hypotheses; results come back in the order given, whatever runs them. */
export interface Evaluator {
  evaluate(hypotheses: readonly (readonly FaultSpec[])[]): Promise<Evaluation[]>;
  close(): Promise<void>;
}

/** Evaluates one hypothesis after another in this thread. */
export class SerialEvaluator implements Evaluator {
  constructor(private readonly incident: Incident) {}

  async evaluate(hypotheses: readonly (readonly FaultSpec[])[]): Promise<Evaluation[]> {
    const results: Evaluation[] = [];
    for (const faults of hypotheses) results.push(await evaluateHypothesis(this.incident, faults));
    return results;
  }

  async close(): Promise<void> {}
}

/**
 * True when rule hypothesis `a` explains more of the drift than `b`: fewer residual steps,
 * then less step error, then fewer mismatched observations. Used to rank rules and to
 * refine their parameters, where a human action's lasting offset must not hide a rule's
 * effect.
 */
export function explainsMore(a: Evaluation, b: Evaluation): boolean {
  if (a.steps !== b.steps) return a.steps < b.steps;
  if (a.stepError !== b.stepError) return a.stepError < b.stepError;
  return a.mismatched < b.mismatched;
}
