/**
 * Evaluating hypotheses: replay the incident with a set of faults and score how well the
 * simulated counts match the observations. The same function runs in the main thread, in
 * worker threads and on cluster workers, so where a hypothesis is evaluated never changes its
 * score.
 *
 * **Starting counts are free.** A difference already present at the first observation of a
 * SKU in a system cannot be told from a wrong starting count (gates.md), so it is never
 * charged to a fault: the scorer measures every later residual of that (SKU, system) against
 * the first one. A hypothesis whose relative residuals all vanish is then confirmed by real
 * replays from the corrected starting counts (`startingCounts`), so "reproduces" always means
 * a replay that matched every observation exactly.
 */
import { Simulation } from '../sim/engine.js';
import type { FaultSpec, Incident } from '../sim/model.js';
import { type StartingCount, inferStartingCounts, withStartingCounts } from '../sim/starting-counts.js';
import { snapshotFed } from './sync-paths.js';

export interface Evaluation {
  /** Every observation matched within tolerance (from `startingCounts`, when there are any). */
  reproduces: boolean;
  matched: number;
  mismatched: number;
  /** Index of the first mismatched observation (observations are in time order); the count when none. */
  firstMismatch: number;
  /** Sum of |residual| beyond tolerance over observed values (residuals relative to each slot's first). */
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
  /**
   * At the first mismatched observation, per system, the residual still to explain
   * (observed - simulated - the slot's starting difference; undefined where not observed or
   * matched): where the search goes next.
   */
  firstMismatchResiduals?: (number | undefined)[];
  /** The starting-count corrections the first observations called for (empty when none did). */
  startingCounts: StartingCount[];
  /**
   * How many (SKU, system) slots were apart at their first look: each is a starting count
   * taken on trust, so of two hypotheses that match alike the one needing fewer is the
   * better-founded (a change before the first look that explains one removes it).
   */
  startDifferences: number;
  /**
   * When the figures above come from a replay with corrected starting counts: the first
   * mismatch and the matched count of the first pass, where every first look was free.
   * Ranking reads these first, so that a hypothesis that explains every change seen is not
   * ranked below one that does not merely because a correction it implies did not hold.
   */
  relativeFit?: { firstMismatch: number; matched: number };
  /** Replays it took (1, or more when starting counts had to be corrected). */
  replays: number;
}

export interface EvaluateOptions {
  /**
   * Give up on a hypothesis as soon as it has more residual steps than this (it cannot explain
   * more than a run that had this many in all); its evaluation then says `aborted`.
   */
  maxSteps?: number;
}

/**
 * Replays `incident` with `faults` (no trace, in-process) and scores it. When the replay
 * differs from a first observation, the starting counts are corrected to match (see
 * starting-counts.ts) and the evaluation is that of the corrected replay.
 */
export async function evaluateHypothesis(incident: Incident, faults: readonly FaultSpec[], options: EvaluateOptions = {}): Promise<Evaluation> {
  // First pass: residuals relative to each slot's first look, so that a hypothesis whose
  // effect shows before anyone looked is not given up for it (the corrections follow).
  const scorer = new Scorer(incident);
  const maxSteps = options.maxSteps ?? Infinity;
  const run = await new Simulation(incident, {
    faults,
    keepLogs: false,
    onObservation: (index, simulated) => {
      scorer.add(index, simulated);
      return scorer.steps <= maxSteps;
    },
  }).run();
  const relative = scorer.result();
  if (relative.aborted || !scorer.worthCorrecting()) return relative;
  return { ...(await scoreCorrected(incident, faults, run.observed)), relativeFit: { firstMismatch: relative.firstMismatch, matched: relative.matched } };
}

/** Scores a whole run's observed counts (the baseline, run with its link loads), correcting starting counts likewise. */
export async function scoreRun(incident: Incident, faults: readonly FaultSpec[], observed: number[][]): Promise<Evaluation> {
  const scorer = new Scorer(incident);
  observed.forEach((simulated, index) => scorer.add(index, simulated));
  if (!scorer.worthCorrecting()) return scorer.result();
  const relative = scorer.result();
  return { ...(await scoreCorrected(incident, faults, observed)), relativeFit: { firstMismatch: relative.firstMismatch, matched: relative.matched } };
}

/** Corrects the starting counts the first observations call for and scores the corrected replay exactly. */
async function scoreCorrected(incident: Incident, faults: readonly FaultSpec[], firstRun: number[][]): Promise<Evaluation> {
  const fit = await inferStartingCounts(incident, faults, firstRun);
  const exact = new Scorer(incident, false);
  fit.observed.forEach((simulated, index) => exact.add(index, simulated));
  return { ...exact.result(), startingCounts: fit.corrections, startDifferences: fit.corrections.length, replays: 1 + fit.replays };
}

/**
 * Scores observations one at a time, as the engine takes them. With `freeStart` (the
 * default) the first observation of each (SKU, system) sets that slot's starting difference
 * and later residuals are measured against it.
 */
class Scorer {
  private matched = 0;
  private seen = 0;
  private firstMismatch = -1;
  private firstMismatchResiduals: (number | undefined)[] | undefined;
  private totalAbsError = 0;
  steps = 0;
  private stepError = 0;
  private readonly lastResidual: Float64Array;
  private readonly start: Float64Array;
  private readonly started: Uint8Array;
  /** Slots (sku * systems + system) with a relative mismatch, for worthCorrecting. */
  private readonly mismatchedSlots = new Set<number>();

  constructor(
    private readonly incident: Incident,
    private readonly freeStart = true,
  ) {
    const slots = incident.skus.length * incident.systems.length;
    this.lastResidual = new Float64Array(slots);
    this.start = new Float64Array(slots);
    this.started = new Uint8Array(slots);
  }

  /**
   * Whether correcting starting counts could make this run match: there are starting
   * differences, and every mismatch left is in a system downstream of one of them for the
   * same SKU (a starting difference upstream that reached it through the links later), or
   * in a slot that started apart itself and that a snapshot link can overwrite (the
   * snapshot heals the difference, so later looks no longer show it). Only then is the
   * costlier corrected replay worth making.
   */
  worthCorrecting(): boolean {
    if (this.starts().length === 0) return false;
    const systems = this.incident.systems.length;
    for (const slot of this.mismatchedSlots) {
      const sku = Math.floor(slot / systems);
      const system = slot % systems;
      const healed = this.start[slot] !== 0 && snapshotFed(this.incident, system);
      if (healed) continue;
      const fed = this.incident.links.some((link) => link.to === system && this.upstreamStarted(sku, link.from, new Set([system])));
      if (!fed) return false;
    }
    return true;
  }

  private upstreamStarted(sku: number, system: number, seen: Set<number>): boolean {
    if (seen.has(system)) return false;
    seen.add(system);
    if (this.start[sku * this.incident.systems.length + system] !== 0) return true;
    return this.incident.links.some((link) => link.to === system && this.upstreamStarted(sku, link.from, seen));
  }

  add(index: number, simulated: readonly number[]): void {
    const incident = this.incident;
    const observations = incident.observations;
    const sku = observations.sku[index]!;
    const tolerance = incident.tolerance;
    const systems = incident.systems.length;
    let ok = true;
    let residuals: (number | undefined)[] | undefined;
    for (let system = 0; system < observations.systems; system++) {
      const seen = observations.count(index, system);
      if (seen === undefined) continue;
      const residual = seen - simulated[system]!;
      const slot = sku * systems + system;
      if (this.freeStart && this.started[slot] === 0) {
        // The first look at this slot: whatever difference it shows is a starting count.
        this.started[slot] = 1;
        this.start[slot] = Math.abs(residual) > tolerance ? residual : 0;
        this.lastResidual[slot] = residual;
        continue;
      }
      const relative = residual - this.start[slot]!;
      const error = Math.abs(relative);
      if (error > tolerance) {
        ok = false;
        this.totalAbsError += error;
        this.mismatchedSlots.add(slot);
        residuals ??= [];
        residuals[system] = relative;
      }
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
      this.firstMismatchResiduals = Array.from({ length: systems }, (_, system) => residuals![system]);
    }
  }

  /** The non-zero starting differences seen so far, by SKU then system. */
  starts(): StartingCount[] {
    const systems = this.incident.systems.length;
    const starts: StartingCount[] = [];
    for (let slot = 0; slot < this.start.length; slot++) {
      if (this.start[slot] !== 0) starts.push({ system: slot % systems, sku: Math.floor(slot / systems), difference: this.start[slot]! });
    }
    return starts;
  }

  result(): Evaluation {
    const total = this.incident.observations.length;
    const aborted = this.seen < total;
    // An aborted run counts the observations it never reached as mismatched.
    const matched = this.matched;
    return {
      reproduces: !aborted && matched === total && (!this.freeStart || this.starts().length === 0),
      matched,
      mismatched: total - matched,
      firstMismatch: this.firstMismatch < 0 ? this.seen : this.firstMismatch,
      totalAbsError: this.totalAbsError,
      steps: aborted ? Infinity : this.steps,
      stepError: aborted ? Infinity : this.stepError,
      aborted,
      ...(this.firstMismatchResiduals ? { firstMismatchResiduals: this.firstMismatchResiduals } : {}),
      startingCounts: [],
      startDifferences: this.freeStart ? this.starts().length : 0,
      replays: 1,
    };
  }
}

/**
 * True when `a` explains the observations better than `b`: a hypothesis that reproduces
 * every observation first (what the search is after, however it ranks with every first look
 * free), then more of the timeline right from the start, then more observations matched
 * (both first with every first look free, then from the corrected starting counts), then
 * fewer starting counts taken on trust, then less error. Ties are left to list order.
 * (The greedy intervention search uses it: it closes mismatches in time order.)
 */
export function betterThan(a: Evaluation, b: Evaluation): boolean {
  if (a.reproduces !== b.reproduces) return a.reproduces;
  const relativeA = a.relativeFit ?? a;
  const relativeB = b.relativeFit ?? b;
  if (relativeA.firstMismatch !== relativeB.firstMismatch) return relativeA.firstMismatch > relativeB.firstMismatch;
  if (relativeA.matched !== relativeB.matched) return relativeA.matched > relativeB.matched;
  if (a.firstMismatch !== b.firstMismatch) return a.firstMismatch > b.firstMismatch;
  if (a.matched !== b.matched) return a.matched > b.matched;
  if (a.startDifferences !== b.startDifferences) return a.startDifferences < b.startDifferences;
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
