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
  /** True when the run was given up early (`maxSteps`); its figures are then lower bounds. */
  aborted: boolean;
  /** The simulated counts (every system) at the first mismatched observation: where the search goes next. */
  firstMismatchCounts?: number[];
}

export interface EvaluateOptions {
  /**
   * Give up on a hypothesis as soon as it has more residual steps than this (it cannot explain
   * more than a run that had this many in all); its evaluation then says `aborted`.
   */
  maxSteps?: number;
}

/** Replays `incident` with `faults` (no trace, in-process) and scores it. */
export async function evaluateHypothesis(incident: Incident, faults: readonly FaultSpec[], options: EvaluateOptions = {}): Promise<Evaluation> {
  const scorer = new Scorer(incident);
  const maxSteps = options.maxSteps ?? Infinity;
  await new Simulation(incident, {
    faults,
    onObservation: (index, simulated) => {
      scorer.add(index, simulated);
      return scorer.steps <= maxSteps;
    },
  }).run();
  return scorer.result();
}

/** Scores a whole run's observed counts at once. */
export function scoreRun(incident: Incident, observed: readonly (readonly number[])[]): Evaluation {
  const scorer = new Scorer(incident);
  observed.forEach((simulated, index) => scorer.add(index, simulated));
  return scorer.result();
}

/** Scores observations one at a time, as the engine takes them. */
class Scorer {
  private matched = 0;
  private seen = 0;
  private firstMismatch = -1;
  private firstMismatchCounts: number[] | undefined;
  private totalAbsError = 0;
  steps = 0;
  private stepError = 0;
  private readonly lastResidual: Float64Array;

  constructor(private readonly incident: Incident) {
    this.lastResidual = new Float64Array(incident.skus.length * incident.systems.length);
  }

  add(index: number, simulated: readonly number[]): void {
    const incident = this.incident;
    const observation = incident.observations[index]!;
    const counts = observation.counts;
    const tolerance = incident.tolerance;
    const systems = incident.systems.length;
    let ok = true;
    for (let system = 0; system < counts.length; system++) {
      const seen = counts[system];
      if (seen === undefined) continue;
      const residual = seen - simulated[system]!;
      const error = Math.abs(residual);
      if (error > tolerance) {
        ok = false;
        this.totalAbsError += error;
      }
      const slot = observation.sku * systems + system;
      const step = Math.abs(residual - this.lastResidual[slot]!);
      if (step > tolerance) {
        this.steps++;
        this.stepError += step;
      }
      this.lastResidual[slot] = residual;
    }
    this.seen++;
    if (ok) this.matched++;
    else if (this.firstMismatch < 0) {
      this.firstMismatch = index;
      this.firstMismatchCounts = [...simulated];
    }
  }

  result(): Evaluation {
    const total = this.incident.observations.length;
    const aborted = this.seen < total;
    // An aborted run counts the observations it never reached as mismatched.
    const matched = this.matched;
    return {
      reproduces: !aborted && matched === total,
      matched,
      mismatched: total - matched,
      firstMismatch: this.firstMismatch < 0 ? this.seen : this.firstMismatch,
      totalAbsError: this.totalAbsError,
      steps: aborted ? Infinity : this.steps,
      stepError: aborted ? Infinity : this.stepError,
      aborted,
      ...(this.firstMismatchCounts ? { firstMismatchCounts: this.firstMismatchCounts } : {}),
    };
  }
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
  evaluate(hypotheses: readonly (readonly FaultSpec[])[], options?: EvaluateOptions): Promise<Evaluation[]>;
  close(): Promise<void>;
}

/** Evaluates one hypothesis after another in this thread. */
export class SerialEvaluator implements Evaluator {
  constructor(private readonly incident: Incident) {}

  async evaluate(hypotheses: readonly (readonly FaultSpec[])[], options: EvaluateOptions = {}): Promise<Evaluation[]> {
    const results: Evaluation[] = [];
    for (const faults of hypotheses) results.push(await evaluateHypothesis(this.incident, faults, options));
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
