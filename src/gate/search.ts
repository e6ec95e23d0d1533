/**
 * The Gate 2 search: the smallest set of faults that, replayed with the recorded movements
 * from the recorded initial state through the declared links, reproduces every observation.
 *
 * Rounds, each a deterministic list of hypotheses evaluated as a batch (serially or on
 * workers; results come back in list order, so decisions never depend on timing):
 *
 *  1. the baseline: the declared links alone;
 *  2. every single integration rule, with parameters derived from the incident, on the links
 *     the residuals implicate (links into a mismatched system or upstream of one);
 *  3. pairs of the rules that improved on the baseline most;
 *  4. interventions inferred from the residuals, greedily, one per first mismatch, on top of
 *     nothing and on top of each of the best rules;
 *  5. for every explanation found: pruning to a minimal one (no fault removable), and folding
 *     repeated overrides into one `daily` override where that still reproduces.
 *
 * The smallest explanation is the one with the fewest faults, then the fewest interventions,
 * then the simplest parameters (fewer given, then the candidate's rank), then the library's
 * kind order. The search has a budget of simulations and says when it ran out.
 */
import { kindOrder } from '../sim/faults/index.js';
import { Simulation } from '../sim/engine.js';
import type { FaultSpec, Incident } from '../sim/model.js';
import { compare, summarize } from '../sim/replay.js';
import { type EvaluateOptions, type Evaluation, type Evaluator, betterThan, explainsMore, scoreRun } from './evaluate.js';
import { interventionCandidates } from './intervention-candidates.js';
import { type RuleFamily, ruleFamilies } from './rule-candidates.js';
import { implicatedLinks, mismatchWeekdays } from './residuals.js';

export const DEFAULT_BUDGET = 4000;
/** Rules kept for pairing and as bases for interventions. */
const TOP_RULES_FOR_PAIRS = 6;
const TOP_RULES_AS_BASES = 3;
/** At most this many interventions in one explanation. */
const MAX_INTERVENTIONS = 40;
/** Bisection rounds over the promising rule families, and how many families each round refines. */
const MAX_REFINE_ROUNDS = 12;
const FAMILIES_REFINED = 8;

export type Gate2Answer = 'yes' | 'no';
export type Gate2Problem = 'integration' | 'process' | 'both' | 'unexplained';

export interface ExplainedFault {
  spec: FaultSpec;
  family: 'integration' | 'process';
  /** For an inferred intervention: the interval the evidence places it in. */
  between?: { fromMs: number; toMs: number };
}

export interface Candidate {
  faults: ExplainedFault[];
  evaluation: Evaluation;
}

export interface Gate2Result {
  answer: Gate2Answer;
  problem: Gate2Problem;
  /** The smallest explanation found (empty for a baseline match or when unexplained). */
  explanation: ExplainedFault[];
  baseline: { reproduces: boolean; observations: number; mismatched: number };
  fit: { observations: number; matched: number; maxAbsError: number };
  searched: { hypotheses: number; simulations: number; budgetExhausted: boolean; budget: number };
  /** For `unexplained`: the closest candidates, best first. */
  closest: Candidate[];
}

export interface Gate2Options {
  budget?: number;
  evaluator: Evaluator;
  /** Called after every batch with simulations run so far and the budget. */
  onProgress?: (simulations: number, budget: number) => void;
}

class Budget {
  simulations = 0;
  hypotheses = 0;
  exhausted = false;
  constructor(readonly limit: number) {}

  /** How many of `wanted` simulations may still run; marks exhaustion when fewer. */
  take(wanted: number): number {
    const allowed = Math.max(0, Math.min(wanted, this.limit - this.simulations));
    if (allowed < wanted) this.exhausted = true;
    this.simulations += allowed;
    return allowed;
  }
}

/** Answers Gate 2 for `incident` (its own `faults` are ignored: an incident has none). */
export async function searchGate2(incident: Incident, options: Gate2Options): Promise<Gate2Result> {
  const budget = new Budget(options.budget ?? DEFAULT_BUDGET);
  const evaluator = options.evaluator;
  const progress = () => options.onProgress?.(budget.simulations, budget.limit);

  const evaluateBatch = async (hypotheses: ExplainedFault[][], evaluateOptions: EvaluateOptions = {}): Promise<Candidate[]> => {
    const allowed = budget.take(hypotheses.length);
    const batch = hypotheses.slice(0, allowed);
    budget.hypotheses += batch.length;
    const evaluations = await evaluator.evaluate(
      batch.map((faults) => faults.map((fault) => fault.spec)),
      evaluateOptions,
    );
    progress();
    return batch.map((faults, index) => ({ faults, evaluation: evaluations[index]! }));
  };

  // 1. Baseline (in this thread: its link loads feed the rule candidates).
  budget.take(1);
  budget.hypotheses++;
  const baselineRun = await new Simulation(incident, { recordLinkLoad: true }).run();
  const baselineEvaluation = scoreRun(incident, baselineRun.observed);
  const baseline = { reproduces: baselineEvaluation.reproduces, observations: incident.observations.length, mismatched: baselineEvaluation.mismatched };
  const finish = async (answer: Gate2Answer, problem: Gate2Problem, explanation: ExplainedFault[], closest: Candidate[] = []): Promise<Gate2Result> => {
    const fit = await measureFit(incident, explanation);
    if (problem !== 'unexplained') {
      budget.simulations++;
      // Honest: never claim an explanation without a replay that reproduced every observation.
      if (fit.matched !== fit.observations) throw new Error(`gate2: the explanation found does not reproduce on re-run (${fit.matched}/${fit.observations})`);
    }
    return {
      answer,
      problem,
      explanation,
      baseline,
      fit,
      searched: { hypotheses: budget.hypotheses, simulations: budget.simulations, budgetExhausted: budget.exhausted, budget: budget.limit },
      closest,
    };
  };
  if (baselineEvaluation.reproduces) return finish('yes', 'integration', []);
  const allCandidates: Candidate[] = [{ faults: [], evaluation: baselineEvaluation }];

  // 2. Single rules on the implicated links: every family's ladder, then bisection.
  const baselineComparisons = compare(incident, baselineRun);
  const links = implicatedLinks(incident, baselineComparisons);
  const families = ruleFamilies(incident, baselineRun.linkLoad ?? [], links, mismatchWeekdays(incident, baselineComparisons));
  const rankOf = new Map<FaultSpec, number>();
  const tried = families.map(() => new Map<number, Candidate>());
  const evaluatePoints = async (points: { family: number; value: number }[]): Promise<Candidate[]> => {
    // A rule with more residual steps than the baseline explains nothing: stop its replay there.
    const results = await evaluateBatch(
      points.map(({ family, value }) => [{ spec: families[family]!.make(value), family: 'integration' as const }]),
      { maxSteps: baselineEvaluation.steps },
    );
    results.forEach((candidate, index) => tried[points[index]!.family]!.set(points[index]!.value, candidate));
    return results;
  };
  const singles: Candidate[] = [];
  // Screening: a nested family is first tried at its mildest value only. Its effect there
  // is a small part of a stronger value's (fewer messages lost, fewer SKUs deferred), so a
  // family that is already worse than the baseline there is not swept further (one with no
  // visible effect yet still is).
  const screening = families.flatMap((family, index) => (family.nested ? family.values.slice(0, 1) : family.values).map((value) => ({ family: index, value })));
  singles.push(...(await evaluatePoints(screening)));
  const sweep = families.flatMap((family, index) => {
    if (!family.nested || family.values.length < 2) return [];
    const mildest = tried[index]!.get(family.values[0]!);
    if (!mildest || explainsMore(baselineEvaluation, mildest.evaluation)) return [];
    return family.values.slice(1).map((value) => ({ family: index, value }));
  });
  if (!singles.some((candidate) => candidate.evaluation.reproduces)) singles.push(...(await evaluatePoints(sweep)));
  for (let round = 0; round < MAX_REFINE_ROUNDS && !singles.some((candidate) => candidate.evaluation.reproduces); round++) {
    const probes = refinementProbes(families, tried, baselineEvaluation);
    if (probes.length === 0) break;
    singles.push(...(await evaluatePoints(probes)));
  }
  families.forEach((family, index) => {
    const values = [...tried[index]!.keys()].sort(family.benignFirst);
    values.forEach((value, rank) => rankOf.set(tried[index]!.get(value)!.faults[0]!.spec, rank));
  });
  allCandidates.push(...singles);
  const singleHits = singles.filter((candidate) => candidate.evaluation.reproduces);
  if (singleHits.length > 0) return finish('yes', 'integration', smallest(singleHits, rankOf).faults);

  const improving = singles
    .map((candidate, index) => ({ candidate, index }))
    .filter(({ candidate }) => explainsMore(candidate.evaluation, baselineEvaluation))
    .sort((a, b) => (explainsMore(a.candidate.evaluation, b.candidate.evaluation) ? -1 : explainsMore(b.candidate.evaluation, a.candidate.evaluation) ? 1 : a.index - b.index))
    .map(({ candidate }) => candidate);

  // 3. Pairs of the most promising rules.
  const top = improving.slice(0, TOP_RULES_FOR_PAIRS);
  const pairs: ExplainedFault[][] = [];
  for (let first = 0; first < top.length; first++) {
    for (let second = first + 1; second < top.length; second++) pairs.push([...top[first]!.faults, ...top[second]!.faults]);
  }
  const pairResults = await evaluateBatch(pairs);
  allCandidates.push(...pairResults);
  const pairHits = pairResults.filter((candidate) => candidate.evaluation.reproduces);
  if (pairHits.length > 0) {
    const minimal = await Promise.all(pairHits.map((candidate) => prune(candidate.faults, evaluateBatch)));
    const reduced = minimal.filter((candidate): candidate is Candidate => candidate !== undefined);
    if (reduced.length > 0) return finish('yes', 'integration', smallest(reduced, rankOf).faults);
  }

  // 4. Interventions from the residuals, on nothing and on the best rules.
  // The best rules first: once an explanation of n faults is known, a base is abandoned as
  // soon as it holds more than n (branch and bound; equal size may still win the tie-break).
  const bases: Candidate[] = [...improving.slice(0, TOP_RULES_AS_BASES), { faults: [], evaluation: baselineEvaluation }];
  const explanations: Candidate[] = [];
  let bestSize = MAX_INTERVENTIONS + TOP_RULES_AS_BASES;
  for (const base of bases) {
    const found = await inferInterventions(incident, base, evaluateBatch, bestSize);
    if (found.best) allCandidates.push(found.best);
    if (!found.reproducing) continue;
    const pruned = await prune(found.reproducing.faults, evaluateBatch);
    if (!pruned) continue;
    const explanation = (await foldDaily(incident, pruned, evaluateBatch)) ?? pruned;
    explanations.push(explanation);
    bestSize = Math.min(bestSize, explanation.faults.length);
  }
  if (explanations.length === 0) return finish('no', 'unexplained', [], closestOf(allCandidates));
  const best = smallest(explanations, rankOf);
  const hasRules = best.faults.some((fault) => fault.family === 'integration');
  const hasInterventions = best.faults.some((fault) => fault.family === 'process');
  if (!hasInterventions) return finish('yes', 'integration', best.faults);
  return finish('no', hasRules ? 'both' : 'process', best.faults);
}

/** The order that makes a 1-D parameter search converge: fewer residual steps, then less error. */
const closer = explainsMore;

/**
 * The next bisection probes: for the families whose best value beats the baseline (the best
 * FAMILIES_REFINED of them), the integer midpoints between that value and its neighbours
 * on either side, where those are more than one apart and not tried yet.
 */
function refinementProbes(families: readonly RuleFamily[], tried: readonly Map<number, Candidate>[], baseline: Evaluation): { family: number; value: number }[] {
  const leaders: { family: number; best: number; evaluation: Evaluation }[] = [];
  families.forEach((family, index) => {
    if (!family.refinable) return;
    let best: number | undefined;
    for (const [value, candidate] of [...tried[index]!.entries()].sort((a, b) => family.benignFirst(a[0], b[0]))) {
      if (best === undefined || closer(candidate.evaluation, tried[index]!.get(best)!.evaluation)) best = value;
    }
    if (best === undefined) return;
    const evaluation = tried[index]!.get(best)!.evaluation;
    if (closer(evaluation, baseline)) leaders.push({ family: index, best, evaluation });
  });
  leaders.sort((a, b) => (closer(a.evaluation, b.evaluation) ? -1 : closer(b.evaluation, a.evaluation) ? 1 : a.family - b.family));
  const probes: { family: number; value: number }[] = [];
  for (const { family, best } of leaders.slice(0, FAMILIES_REFINED)) {
    const values = [...tried[family]!.keys()].sort((a, b) => a - b);
    const position = values.indexOf(best);
    for (const neighbour of [values[position - 1], values[position + 1]]) {
      if (neighbour === undefined || Math.abs(neighbour - best) < 2) continue;
      const middle = Math.floor((neighbour + best) / 2);
      if (!tried[family]!.has(middle)) probes.push({ family, value: middle });
    }
  }
  return probes;
}

type BatchEvaluator = (hypotheses: ExplainedFault[][]) => Promise<Candidate[]>;

/**
 * Greedy: replay, find the first mismatched observation, try the interventions that would
 * close it, keep the best, repeat. Stops when everything matches, when no candidate improves,
 * or at the budget.
 */
async function inferInterventions(
  incident: Incident,
  base: Candidate,
  evaluateBatch: BatchEvaluator,
  maxFaults: number,
): Promise<{ reproducing?: Candidate; best?: Candidate }> {
  let current = base.faults;
  let here: Candidate = base;
  for (let step = 0; step <= MAX_INTERVENTIONS && current.length <= maxFaults; step++) {
    const evaluation = here.evaluation;
    if (evaluation.reproduces) return { reproducing: here, best: here };
    if (step === MAX_INTERVENTIONS || !evaluation.firstMismatchCounts) return { best: here };
    const candidates = interventionCandidates(incident, evaluation.firstMismatch, evaluation.firstMismatchCounts);
    const results = await evaluateBatch(
      candidates.map((candidate) => [...current, { spec: candidate.spec, family: 'process', between: { fromMs: candidate.fromMs, toMs: candidate.toMs } }]),
    );
    let chosen: Candidate | undefined;
    for (const result of results) if (!chosen || betterThan(result.evaluation, chosen.evaluation)) chosen = result;
    if (!chosen || !betterThan(chosen.evaluation, evaluation)) return { best: here };
    current = chosen.faults;
    here = chosen;
  }
  return { best: here };
}

/** Removes faults one at a time (last first) while the rest still reproduces. */
async function prune(faults: ExplainedFault[], evaluateBatch: BatchEvaluator): Promise<Candidate | undefined> {
  let kept = faults;
  let evaluation: Evaluation | undefined;
  for (let position = kept.length - 1; position >= 0 && kept.length > 1; position--) {
    const without = kept.filter((_, index) => index !== position);
    const [result] = await evaluateBatch([without]);
    if (!result) break;
    if (result.evaluation.reproduces) {
      kept = without;
      evaluation = result.evaluation;
    }
  }
  if (!evaluation) {
    const [result] = await evaluateBatch([kept]);
    if (!result || !result.evaluation.reproduces) return undefined;
    evaluation = result.evaluation;
  }
  return { faults: kept, evaluation };
}

/**
 * Replaces two or more overrides of one system and SKU by the same delta with a single
 * `manual_override` at a `daily` local time, where that still reproduces (fewer faults).
 */
async function foldDaily(incident: Incident, candidate: Candidate, evaluateBatch: BatchEvaluator): Promise<Candidate | undefined> {
  const groups = new Map<string, ExplainedFault[]>();
  for (const fault of candidate.faults) {
    if (fault.spec.kind !== 'manual_override' || fault.spec.params.at === undefined) continue;
    const key = `${String(fault.spec.params.system)}\u0000${String(fault.spec.params.sku)}\u0000${String(fault.spec.params.delta)}`;
    groups.set(key, [...(groups.get(key) ?? []), fault]);
  }
  let best = candidate;
  for (const group of [...groups.values()].filter((members) => members.length >= 2)) {
    const clocks = [...new Set(group.map((fault) => localClock(fault.spec.params.at as number, incident.timezone)))];
    const hypotheses = clocks.map((daily) => {
      const { at: _at, ...rest } = group[0]!.spec.params;
      const folded: ExplainedFault = { spec: { kind: 'manual_override', params: { ...rest, daily } }, family: 'process' };
      return [...best.faults.filter((fault) => !group.includes(fault)), folded];
    });
    const results = await evaluateBatch(hypotheses);
    const hit = results.find((result) => result.evaluation.reproduces);
    if (hit) best = hit;
  }
  return best === candidate ? undefined : best;
}

function localClock(atMs: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(atMs));
  const hour = parts.find((part) => part.type === 'hour')!.value;
  const minute = parts.find((part) => part.type === 'minute')!.value;
  return `${hour}:${minute}`;
}

/** Fewest faults, then fewest interventions, then simplest parameters, then kind order. */
function smallest(candidates: readonly Candidate[], rankOf: ReadonlyMap<FaultSpec, number>): Candidate {
  const key = (candidate: Candidate): number[] => [
    candidate.faults.length,
    candidate.faults.filter((fault) => fault.family === 'process').length,
    candidate.faults.reduce((sum, fault) => sum + Object.keys(fault.spec.params).length, 0),
    candidate.faults.reduce((sum, fault) => sum + (rankOf.get(fault.spec) ?? 0), 0),
    ...candidate.faults.map((fault) => kindOrder(fault.spec.kind)),
  ];
  let best = candidates[0]!;
  let bestKey = key(best);
  for (const candidate of candidates.slice(1)) {
    const candidateKey = key(candidate);
    if (lexicographicLess(candidateKey, bestKey)) {
      best = candidate;
      bestKey = candidateKey;
    }
  }
  return best;
}

function lexicographicLess(a: readonly number[], b: readonly number[]): boolean {
  for (let index = 0; index < Math.min(a.length, b.length); index++) if (a[index] !== b[index]) return a[index]! < b[index]!;
  return a.length < b.length;
}

/** The three best candidates seen, for an `unexplained` answer. */
function closestOf(candidates: readonly Candidate[]): Candidate[] {
  const sorted = candidates
    .map((candidate, index) => ({ candidate, index }))
    .sort((a, b) => (betterThan(a.candidate.evaluation, b.candidate.evaluation) ? -1 : betterThan(b.candidate.evaluation, a.candidate.evaluation) ? 1 : a.index - b.index));
  return sorted.slice(0, 3).map(({ candidate }) => candidate);
}

/** Replays the explanation once more to report its fit (and to never claim yes without it). */
async function measureFit(incident: Incident, explanation: readonly ExplainedFault[]) {
  const run = await new Simulation(incident, { faults: explanation.map((fault) => fault.spec) }).run();
  const summary = summarize(compare(incident, run), incident.tolerance);
  return { observations: summary.observations, matched: summary.matched, maxAbsError: summary.maxAbsError };
}

