/**
 * The Gate 2 search: the smallest set of faults that, replayed with the recorded movements
 * from the recorded initial state through the declared links, reproduces every observation.
 *
 * Rounds, each a deterministic list of hypotheses evaluated as a batch (serially or on
 * workers; results come back in list order, so decisions never depend on timing):
 *
 *  1. the baseline: the declared links alone;
 *  2. every single integration rule, with parameters over their whole range, on the links
 *     the residuals implicate (rule-candidates.ts; exact stand-ins replay only their best);
 *  3. one human action alone (it would beat any pair), inferred from the residuals;
 *  4. a second rule on top of each of the best singles, and pairs of the best singles; the
 *     best pairs refitted one rule at a time with the other held (coordinate descent, with
 *     sideways moves on plateaus, and on one link each rule's runners-up with the other
 *     refitted beside them); where the best single's runner-up value is a near tie that fits
 *     otherwise, the second rules on its link beside that value, refitted; all of it leaves
 *     the human actions a share of the budget (ACTION_RESERVE);
 *  5. human actions inferred from the residuals, greedily, one per first mismatch, on top of
 *     nothing, the best singles and the best pairs, best first: the next action goes to the
 *     base whose explanation looks smallest (faults plus residual steps), so the first
 *     explanations found are short and bound everything after; actions that leave little
 *     behind get their rule refitted;
 *  6. while a pair can still win, the second rules that explained some of a base's residuals
 *     are promoted to bases of their own (a second-rule search on each);
 *  7. for every explanation found: pruning to a minimal one (no fault removable), and folding
 *     repeated overrides into one `daily` override where that still reproduces.
 *
 * On a large incident (its sweep allowance at the floor), where every replay counts, human
 * actions on the best singles come before the pairs (their bound makes the pair search
 * cheap), each base grown in one go, and nothing is promoted.
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
import { type Probe, type RuleFamily, ruleFamilies } from './rule-candidates.js';
import { implicatedLinks, mismatchWeekdays } from './residuals.js';
import { type StartingCount, mergeStartingCounts, withStartingCounts } from '../sim/starting-counts.js';

export const DEFAULT_BUDGET = 4000;
/** Singles that are extended by a second rule (each gets its own conditioned family search). */
const SECOND_RULE_BASES = 3;
/** Rules first seen as a second rule that get a second-rule search of their own. */
const COMPONENT_BASES = 2;
/** The share of the budget the pair search leaves for the human actions after it (small incidents). */
const ACTION_RESERVE = 0.25;
/** Rules kept for classic pairing and as bases for interventions. */
const TOP_RULES_FOR_PAIRS = 6;
const TOP_RULES_AS_BASES = 3;
const TOP_PAIRS_AS_BASES = 2;
/** Pairs refitted one rule at a time (coordinate descent), and the rounds each gets. */
const REFIT_PAIRS = 2;
const REFIT_ROUNDS = 2;
/**
 * In the first refit round of a pair of rules on one link (no actions), each rule's
 * runners-up (its next best values, one per distinct score) get the other rule refitted
 * beside them. Two rules on one link act on the same messages, so some of their values only
 * fit together: beside the cadence that scores best (every 21 h 30 m) no batch delay fits,
 * while a delay of 3 m 31 s per record, a runner-up that scores badly there, fits beside a
 * pause on Thursdays and Saturdays. Rules on different links mostly add up, and are
 * refitted one at a time only.
 */
const REFIT_RUNNERS_UP = 2;
/** Human actions inferred on a rule are followed by a refit of the rule when they leave at most this many residual steps. */
const REFIT_STEPS = 2;
/** At most this many interventions in one explanation. */
const MAX_INTERVENTIONS = 40;
/** Bisection rounds over the promising rule families, and how many families each round refines. */
const MAX_REFINE_ROUNDS = 12;
const FAMILIES_REFINED = 8;
/**
 * Whole-range sweeps are paid for out of an allowance that shrinks with the incident's size
 * (movements plus messages of the baseline): a small incident has every value of every
 * family tried, a large one a ladder, the stand-in's best values and bisection.
 */
const SWEEP_EVENT_BUDGET = 3_000_000;
const MIN_SWEEP = 60;
/** Fewest values of a family a screening ladder holds, however small the allowance. */
const MIN_LADDER = 4;

export type Gate2Answer = 'yes' | 'no';
export type Gate2Problem = 'integration' | 'process' | 'both' | 'unexplained';
/** The class of an explanation: rules only (or none), human actions only, or both. */
export type ExplanationClass = 'integration' | 'process' | 'both';

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

/** The best explanation the search found in a class other than the answer's. */
export interface Alternative {
  problem: ExplanationClass;
  /** Undefined when the search did not try this class (it stopped once a smaller answer was proved). */
  best?: Candidate;
}

export interface Gate2Result {
  answer: Gate2Answer;
  problem: Gate2Problem;
  /** The smallest explanation found (empty for a baseline match or when unexplained). */
  explanation: ExplainedFault[];
  /** Differences already there at a SKU's first observation: taken as wrong starting counts, not faults. */
  startingCounts: StartingCount[];
  /** Why an `unexplained` answer is one: the drift predates the window, or nothing in the budget fits. */
  reason?: 'predates-window' | 'no-fit' | 'budget';
  baseline: { reproduces: boolean; observations: number; mismatched: number };
  fit: { observations: number; matched: number; maxAbsError: number };
  searched: {
    hypotheses: number;
    simulations: number;
    budgetExhausted: boolean;
    budget: number;
    /** Rule hypotheses per fault kind, in the library's kind order. */
    rules: Record<string, number>;
    /** Hypotheses that added a human action. */
    interventions: number;
  };
  /** For each class other than the answer's, the best explanation found and what it leaves unmatched. */
  alternatives: Alternative[];
  /** For `unexplained`: the closest candidates, best first. */
  closest: Candidate[];
}

export interface Gate2Options {
  budget?: number;
  evaluator: Evaluator;
  /** Called after every batch with simulations run so far and the budget. */
  onProgress?: (simulations: number, budget: number) => void;
  /**
   * Starting-count corrections already applied to `incident` (gate2() infers them from the
   * baseline before the search): they are part of every answer's `startingCounts`.
   */
  startingCounts?: readonly StartingCount[];
}

class Budget {
  simulations = 0;
  hypotheses = 0;
  exhausted = false;
  readonly rules = new Map<string, number>();
  interventions = 0;
  constructor(readonly limit: number) {}

  /** How many of `wanted` simulations may still run; marks exhaustion when fewer. */
  take(wanted: number): number {
    const allowed = Math.max(0, Math.min(wanted, this.limit - this.simulations));
    if (allowed < wanted) this.exhausted = true;
    this.simulations += allowed;
    return allowed;
  }
}

/** The class of a set of faults. */
export function explanationClass(faults: readonly ExplainedFault[]): ExplanationClass {
  const rules = faults.some((fault) => fault.family === 'integration');
  const actions = faults.some((fault) => fault.family === 'process');
  return actions ? (rules ? 'both' : 'process') : 'integration';
}

/** Answers Gate 2 for `incident` (its own `faults` are ignored: an incident has none). */
export async function searchGate2(incident: Incident, options: Gate2Options): Promise<Gate2Result> {
  const budget = new Budget(options.budget ?? DEFAULT_BUDGET);
  const evaluator = options.evaluator;
  const progress = () => options.onProgress?.(budget.simulations, budget.limit);
  const allCandidates: Candidate[] = [];

  const evaluateBatch = async (hypotheses: ExplainedFault[][], evaluateOptions: EvaluateOptions = {}): Promise<Candidate[]> => {
    const allowed = budget.take(hypotheses.length);
    const batch = hypotheses.slice(0, allowed);
    if (batch.length === 0) return [];
    budget.hypotheses += batch.length;
    const evaluations = await evaluator.evaluate(
      batch.map((faults) => faults.map((fault) => fault.spec)),
      evaluateOptions,
    );
    // Corrections of starting counts cost replays of their own: count them too.
    for (const evaluation of evaluations) budget.simulations += evaluation.replays - 1;
    progress();
    const candidates = batch.map((faults, index) => ({ faults, evaluation: evaluations[index]! }));
    allCandidates.push(...candidates);
    return candidates;
  };

  // 1. Baseline (in this thread: its link loads feed the rule candidates).
  budget.take(1);
  budget.hypotheses++;
  const baselineRun = await new Simulation(incident, { recordLinkLoad: true, keepLogs: false }).run();
  const baselineEvaluation = await scoreRun(incident, [], baselineRun.observed);
  budget.simulations += baselineEvaluation.replays - 1;
  const baselineCandidate: Candidate = { faults: [], evaluation: baselineEvaluation };
  allCandidates.push(baselineCandidate);
  const presetStarts = options.startingCounts?.length ?? 0;
  const baseline = { reproduces: baselineEvaluation.reproduces && baselineEvaluation.startingCounts.length === 0 && presetStarts === 0, observations: incident.observations.length, mismatched: baselineEvaluation.mismatched };
  const events = incident.movements.length + baselineRun.stats.messages;
  const sweepAllowance = Math.max(MIN_SWEEP, Math.min(Math.floor(budget.limit / 6), Math.floor(SWEEP_EVENT_BUDGET / Math.max(1, events))));
  /** A large incident (its allowance at the floor): there each replay counts. */
  const large = sweepAllowance <= MIN_SWEEP;

  const finish = async (answer: Gate2Answer, problem: Gate2Problem, chosen: Candidate | undefined, extra: { closest?: Candidate[]; reason?: Gate2Result['reason'] } = {}): Promise<Gate2Result> => {
    const explanation = chosen?.faults ?? [];
    const ownStarts = chosen?.evaluation.startingCounts ?? [];
    const fit = await measureFit(incident, explanation, ownStarts);
    const startingCounts = mergeStartingCounts(options.startingCounts ?? [], ownStarts);
    if (problem !== 'unexplained' || extra.reason === 'predates-window') {
      budget.simulations++;
      // Honest: never claim an explanation without a replay that reproduced every observation.
      if (fit.matched !== fit.observations) throw new Error(`gate2: the explanation found does not reproduce on re-run (${fit.matched}/${fit.observations})`);
    }
    const answerClass = problem === 'unexplained' ? undefined : explanationClass(explanation);
    return {
      answer,
      problem,
      explanation,
      startingCounts,
      ...(extra.reason ? { reason: extra.reason } : {}),
      baseline,
      fit,
      searched: {
        hypotheses: budget.hypotheses,
        simulations: budget.simulations,
        budgetExhausted: budget.exhausted,
        budget: budget.limit,
        rules: Object.fromEntries([...budget.rules.entries()].sort((a, b) => kindOrder(a[0]) - kindOrder(b[0]))),
        interventions: budget.interventions,
      },
      alternatives: alternativesOf(allCandidates, answerClass),
      closest: extra.closest ?? [],
    };
  };
  if (baselineEvaluation.reproduces) {
    // The declared links alone reproduce everything; what is left is a difference the window opened with.
    if (baselineEvaluation.startingCounts.length > 0 || presetStarts > 0) return finish('no', 'unexplained', baselineCandidate, { reason: 'predates-window' });
    return finish('yes', 'integration', baselineCandidate);
  }

  // 2. Single rules over their whole range, on the links the residuals implicate.
  const probeOf = async (base: Candidate): Promise<{ probe: Probe; links: number[] }> => {
    let run = baselineRun;
    if (base.faults.length > 0) {
      budget.take(1);
      run = await new Simulation(incident, { faults: base.faults.map((fault) => fault.spec), recordLinkLoad: true, keepLogs: false }).run();
    }
    const comparisons = compare(incident, run);
    // A drop at send time is marked in the link load; any other rule hides what the link would do.
    const opaque = base.faults.filter((fault) => fault.family === 'integration' && fault.spec.kind !== 'webhook_drop');
    const ruleLinks = new Set(opaque.map((fault) => incident.links.findIndex((link) => link.name === fault.spec.params.link)).filter((link) => link >= 0));
    return { probe: { observed: run.observed, linkLoad: run.linkLoad ?? [], mismatchWeekdays: mismatchWeekdays(incident, comparisons), ruleLinks }, links: implicatedLinks(incident, comparisons) };
  };
  const rankOf = new Map<FaultSpec, number>();
  const searchRules = async (base: Candidate, skip: ReadonlySet<string>, allowance: number, maxSteps = base.evaluation.steps, only?: (family: RuleFamily) => boolean): Promise<Candidate[]> => {
    const { probe, links } = await probeOf(base);
    const families = ruleFamilies(incident, probe, only ? incident.links.map((_, index) => index) : links).filter((family) => !skip.has(family.label) && (only === undefined || only(family)));
    const found = await searchFamilies(families, base, evaluateBatch, budget, allowance, maxSteps, large);
    for (const [spec, rank] of found.rankOf) rankOf.set(spec, rank);
    return found.candidates;
  };
  const singles = await searchRules(baselineCandidate, new Set(), sweepAllowance);
  const singleHits = singles.filter((candidate) => candidate.evaluation.reproduces);
  if (singleHits.length > 0) return finish('yes', 'integration', smallest(singleHits, rankOf));

  // One rule per family: values of one family are alike (cadences of 3.5 h and 4 h), and
  // bases of different families make the later rounds look in different places.
  const improving = distinctFamilies(rankRules(singles, baselineEvaluation));

  // Branch and bound (Occam): an explanation of n faults with a human actions beats the best
  // one known so far when n is smaller, or equal with fewer actions. What is known bounds
  // what is still worth trying.
  const explanations: Candidate[] = [];
  let bound = { size: MAX_INTERVENTIONS + 2, actions: MAX_INTERVENTIONS + 2 };
  const canBeat = (size: number, actions: number) => size < bound.size || (size === bound.size && actions < bound.actions);
  const record = (candidate: Candidate) => {
    explanations.push(candidate);
    const size = candidate.faults.length;
    const actions = actionsOf(candidate);
    if (canBeat(size, actions)) bound = { size, actions };
  };
  const countInterventions = async (hypotheses: ExplainedFault[][]) => {
    budget.interventions += Math.min(hypotheses.length, Math.max(0, budget.limit - budget.simulations));
    return evaluateBatch(hypotheses);
  };
  // Refitting is a second look at rules already found. On a large incident, where every
  // replay counts, it is taken only while nothing is explained yet.
  const refitWorthIt = () => !large || explanations.length === 0;
  /** `moving`, a rule of `at`, searched again over its family on top of the rest of `at`. */
  const searchAgain = async (at: Candidate, moving: FaultSpec, allowance: number): Promise<Candidate[] | undefined> => {
    const [base] = await evaluateBatch([at.faults.filter((fault) => fault.spec !== moving)]);
    if (!base) return undefined;
    const link = incident.links.findIndex((definition) => definition.name === moving.params.link);
    return searchRules(base, new Set(), allowance, at.evaluation.steps, (family) => family.kind === moving.kind && family.link === link);
  };
  /**
   * Coordinate descent: each rule of `start` (its kind on its link) searched again on top of
   * everything else in it, keeping what improves (or, on a plateau, moving sideways to a value
   * not visited yet), for at most REFIT_ROUNDS rounds. A rule's best value alone is not
   * always its best beside a second rule or beside human actions. In the first round of a
   * pair of rules on one link (no actions), each rule's runners-up get the other rule
   * refitted beside them (REFIT_RUNNERS_UP).
   */
  const refit = async (start: Candidate, allowance: number): Promise<Candidate[]> => {
    const tried: Candidate[] = [];
    let current = start;
    const visited = new Set([faultsKey(start.faults)]);
    // The rules to refit, each followed through its moves (a refitted rule comes last in the list).
    const rules = start.faults.filter((fault) => fault.family === 'integration').map((fault) => fault.spec);
    for (let round = 0; round < REFIT_ROUNDS; round++) {
      let improved = false;
      for (let rule = 0; rule < rules.length; rule++) {
        if (current.evaluation.reproduces || budget.exhausted) return tried;
        const found = await searchAgain(current, rules[rule]!, allowance);
        if (!found) return tried;
        tried.push(...found);
        if (found.some((candidate) => candidate.evaluation.reproduces)) return tried;
        let next: Candidate | undefined;
        for (const candidate of found) if (explainsMore(candidate.evaluation, (next ?? current).evaluation)) next = candidate;
        // On a plateau (another value scores exactly alike), a sideways move: the next rule's
        // best may differ beside it (a cadence of 2 h and of 1 h 45 m tie beside a limit of
        // 10 an hour; only 2 h fits beside 9).
        next ??= found.find((candidate) => !explainsMore(current.evaluation, candidate.evaluation) && !visited.has(faultsKey(candidate.faults)));
        if (round === 0 && rules.length === 2 && start.faults.length === 2 && rules[0]!.params.link === rules[1]!.params.link) {
          const other = rules[1 - rule]!;
          for (const runner of runnersUp(found, next, REFIT_RUNNERS_UP)) {
            if (budget.exhausted) return tried;
            const beside = await searchAgain(runner, other, allowance);
            if (!beside) return tried;
            tried.push(...beside);
            if (beside.some((candidate) => candidate.evaluation.reproduces)) return tried;
          }
        }
        if (!next) continue;
        if (explainsMore(next.evaluation, current.evaluation)) improved = true;
        current = next;
        rules[rule] = current.faults[current.faults.length - 1]!.spec;
        visited.add(faultsKey(current.faults));
      }
      if (!improved) break;
    }
    return tried;
  };

  /**
   * Human actions inferred greedily on top of a base (inferInterventions), up to `limit`
   * actions in all. A grower stopped by the limit can be taken further later; one that
   * reproduces, stalls or can no longer win is done.
   */
  interface Grower {
    base: Candidate;
    at: Candidate;
    done: boolean;
  }
  const grow = async (grower: Grower, limit: number) => {
    let limited = false;
    const worthGrowing = (size: number, actions: number) => {
      if (!canBeat(size, actions)) return false;
      if (actions > limit) limited = true;
      return !limited;
    };
    const found = await inferInterventions(incident, grower.at, countInterventions, worthGrowing);
    grower.at = found.best ?? grower.at;
    if (!found.reproducing && limited) return;
    grower.done = true;
    let reproducing = found.reproducing;
    // Human actions that leave a residual behind may need the rule beside them at another value.
    const near = grower.at;
    if (!reproducing && refitWorthIt() && near !== grower.base && near.evaluation.steps <= REFIT_STEPS && near.faults.some((fault) => fault.family === 'integration') && canBeat(near.faults.length, actionsOf(near))) {
      reproducing = (await refit(near, Math.floor(sweepAllowance / SECOND_RULE_BASES))).find((candidate) => candidate.evaluation.reproduces);
    }
    if (!reproducing) return;
    const pruned = await prune(reproducing.faults, evaluateBatch);
    if (pruned) record((await foldDaily(incident, pruned, evaluateBatch)) ?? pruned);
  };
  const growers = new Map<Candidate, Grower>();
  const growerOf = (base: Candidate): Grower => {
    let grower = growers.get(base);
    if (!grower) growers.set(base, (grower = { base, at: base, done: false }));
    return grower;
  };
  /** Human actions on top of each base in turn, each grown in one go up to `limit` actions. */
  const deepen = async (bases: readonly Candidate[], limit: number) => {
    for (const base of bases) {
      if (budget.exhausted) return;
      const grower = growerOf(base);
      if (!grower.done) await grow(grower, limit);
    }
  };
  /**
   * Human actions on many bases, best first: the next action goes to the base whose
   * explanation looks smallest, its faults plus its residual steps (each step still wants a
   * fault), then fewer actions, then the order given. A short explanation on any base is so
   * found, and bounds the rest, before a long one on another.
   */
  const growBestFirst = async (bases: readonly Candidate[]) => {
    const list = bases.map(growerOf);
    const keyOf = (grower: Grower) => [grower.at.faults.length + grower.at.evaluation.steps, actionsOf(grower.at)];
    while (!budget.exhausted) {
      let next: Grower | undefined;
      for (const grower of list) if (!grower.done && (!next || lexicographicLess(keyOf(grower), keyOf(next)))) next = grower;
      if (!next) break;
      await grow(next, actionsOf(next.at) + 1);
    }
  };

  // 4. A second rule where the residuals call for one: the whole family search again on top
  //    of each of the best singles, plus the classic pairs of the most promising singles.
  const pairs: Candidate[] = [];
  /** Second rules that explained some of their base's residuals (promoted to bases below). */
  const components: Candidate[] = [];
  const recordPairHits = async (found: readonly Candidate[]) => {
    for (const hit of found.filter((candidate) => candidate.evaluation.reproduces)) {
      const minimal = await prune(hit.faults, evaluateBatch);
      if (minimal) record(minimal);
    }
  };
  // On a large incident (its allowance at the floor) each replay counts: there, once a pair
  // plus an action could no longer win, a pair is given up as soon as it has as many residual
  // steps as its base (bisection still follows pairs that remove some).
  const stepsAllowed = (base: Candidate) => (canBeat(3, 1) || !large ? base.evaluation.steps : Math.max(0, base.evaluation.steps - 1));
  const secondRuleOn = async (base: Candidate) => {
    const label = familyLabelOf(base);
    const found = await searchRules(base, new Set(label ? [label] : []), Math.floor(sweepAllowance / SECOND_RULE_BASES), stepsAllowed(base));
    pairs.push(...found);
    for (const candidate of found) if (explainsMore(candidate.evaluation, base.evaluation)) components.push(candidate);
    return found;
  };
  const secondRules = async () => {
    if (!canBeat(2, 0)) return;
    for (const base of improving.slice(0, SECOND_RULE_BASES)) {
      if (budget.exhausted || !roomBeyondReserve()) break;
      await secondRuleOn(base);
    }
    const top = improving.slice(0, TOP_RULES_FOR_PAIRS);
    const classic: ExplainedFault[][] = [];
    for (let first = 0; first < top.length; first++) {
      for (let second = first + 1; second < top.length; second++) classic.push([...top[first]!.faults, ...top[second]!.faults]);
    }
    pairs.push(...(await evaluateBatch(classic, canBeat(3, 1) || !large ? {} : { maxSteps: Math.max(0, baselineEvaluation.steps - 1) })));
    await recordPairHits(pairs);
  };

  /**
   * A second rule that explains residuals of a first one is evidence for itself, even when
   * alone it explains less than other rules (a paused weekday only matters beside the timeout
   * that loses the catch-up): the best of these, each of a family not yet a base, get a
   * second-rule search of their own.
   */
  const promoteComponents = async () => {
    if (!canBeat(2, 0)) return;
    const used = new Set(improving.slice(0, SECOND_RULE_BASES).map((base) => familyKey(base.faults[0]!.spec)));
    const promoted: Candidate[] = [];
    for (const pair of rankRules(components, baselineEvaluation)) {
      if (promoted.length >= COMPONENT_BASES) break;
      const added = pair.faults[pair.faults.length - 1]!;
      const key = familyKey(added.spec);
      if (used.has(key)) continue;
      used.add(key);
      // Alone, as the singles scored it (again in full when that replay was given up early).
      const single = singles.find((candidate) => sameSpec(candidate.faults[0]!.spec, added.spec) && !candidate.evaluation.aborted);
      const alone = single ?? (await evaluateBatch([[added]]))[0];
      if (alone) promoted.push(alone);
    }
    for (const base of promoted) {
      if (budget.exhausted || !canBeat(2, 0)) break;
      await recordPairHits(await secondRuleOn(base));
    }
  };

  /** The first of `tried` that reproduces, pruned to a minimal explanation and recorded (undefined when none does). */
  const recordFirstHit = async (tried: readonly Candidate[]): Promise<Candidate | undefined> => {
    const hit = tried.find((candidate) => candidate.evaluation.reproduces);
    const minimal = hit && (await prune(hit.faults, evaluateBatch));
    if (minimal) record(minimal);
    return minimal;
  };

  /** Refitted pairs that score unlike the pairs they came from: more bases for human actions. */
  const refitRunners: Candidate[] = [];
  /**
   * A rule's best value alone is not always its best beside a second rule (a threshold that
   * alone best covers the other rule's residuals too): while a pair can still win, the best
   * pairs are refitted one rule at a time with the other held. A refit that reproduces
   * nothing leaves its runners-up in `refitRunners`, bases for human actions.
   */
  const refitPairs = async () => {
    if (!canBeat(2, 0) || !refitWorthIt() || !roomBeyondReserve() || pairs.some((candidate) => candidate.evaluation.reproduces)) return;
    for (const pair of distinctFamilies(rankRules(pairs, baselineEvaluation)).slice(0, REFIT_PAIRS)) {
      const tried = await refit(pair, Math.floor(sweepAllowance / SECOND_RULE_BASES));
      if ((await recordFirstHit(tried)) || budget.exhausted) break;
      // Values the refit passed over that leave as few residual steps, but other ones: a
      // residual of 2 that no human action closes may sit beside one of 16 that one does.
      const pairKey = faultsKey(pair.faults);
      const alike = tried.filter((candidate) => candidate.evaluation.steps <= pair.evaluation.steps && faultsKey(candidate.faults) !== pairKey);
      refitRunners.push(...runnersUp(alike, undefined, REFIT_RUNNERS_UP));
    }
  };

  /**
   * The best single's family at its runner-up value (the next best score): a rule that alone
   * fits best at one value may belong at another beside a second rule on its link. A timeout
   * over 1 a minute loses nearly every message of a batch, so beside it a paused weekday
   * changes nothing, while beside a timeout over 3 the pause shows, and the timeout refitted
   * beside that pause reproduces. Only a near tie that fits otherwise is taken (at most one
   * residual step more than the best, and less error): the second rules on its link are
   * searched on top of it, and the best pair that explains more than it is refitted.
   */
  const secondRuleOnRunnerUp = async () => {
    const best = improving[0];
    if (!best || !canBeat(2, 0) || !refitWorthIt() || !roomBeyondReserve()) return;
    const spec = best.faults[0]!.spec;
    const key = familyKey(spec);
    const sameFamily = singles.filter((candidate) => familyKey(candidate.faults[0]!.spec) === key && !candidate.evaluation.aborted && scoreKey(candidate.evaluation) !== scoreKey(best.evaluation));
    const [runner] = rankRules(sameFamily, baselineEvaluation);
    if (!runner || runner.evaluation.steps > best.evaluation.steps + 1 || runner.evaluation.stepError >= best.evaluation.stepError) return;
    const link = incident.links.findIndex((definition) => definition.name === spec.params.link);
    const found = await searchRules(runner, new Set(), Math.floor(sweepAllowance / SECOND_RULE_BASES), runner.evaluation.steps, (family) => family.link === link && family.kind !== spec.kind);
    await recordPairHits(found);
    const [pair] = rankRules(found, runner.evaluation);
    if (!pair || pair.evaluation.reproduces || budget.exhausted || !canBeat(2, 0)) return;
    await recordFirstHit(await refit(pair, Math.floor(sweepAllowance / SECOND_RULE_BASES)));
  };

  // The pairs come before the human actions on small incidents, but they leave the actions a
  // share of the budget: a second-rule search or a refit starts only while more than that
  // share is left (the singles of an incident whose starting counts need correcting can
  // take most of the budget, and the truth may be human actions alone).
  const roomBeyondReserve = () => large || budget.simulations < budget.limit - Math.floor(budget.limit * ACTION_RESERVE);
  const pairBases = () => distinctFamilies(rankRules(pairs, baselineEvaluation)).slice(0, TOP_PAIRS_AS_BASES);
  const singleBases = improving.slice(0, TOP_RULES_AS_BASES);
  if (large) {
    // On a large incident every replay counts: the explanations with human actions come
    // first, as their bound makes the pair search cheap; each base is grown in one go, and
    // no rule is promoted.
    await deepen([...singleBases, baselineCandidate], MAX_INTERVENTIONS);
    await secondRules();
    // Human actions on top of the best pairs, while a pair plus actions can still win.
    if (canBeat(3, 1)) await deepen(pairBases(), MAX_INTERVENTIONS);
    await refitPairs();
  } else {
    // Occam's order: one human action alone beats any pair, and a pair beats any rule with
    // an action beside it, so the pairs (and their cheap refit) are searched before the human
    // actions they bound; then actions on every base, best first; last, the promoted rules,
    // a longer shot.
    await deepen([baselineCandidate], 1);
    await secondRules();
    await refitPairs();
    await secondRuleOnRunnerUp();
    await growBestFirst([baselineCandidate, ...singleBases, ...pairBases(), ...refitRunners]);
    await promoteComponents();
  }
  if (explanations.length === 0) return finish('no', 'unexplained', undefined, { closest: closestOf(allCandidates), reason: budget.exhausted ? 'budget' : 'no-fit' });
  const best = smallest(explanations, rankOf);
  const kind = explanationClass(best.faults);
  if (kind === 'integration') return finish('yes', 'integration', best);
  return finish('no', kind, best);
}

/**
 * The best of `found` after `chosen` (the value the refit moves to), at most `count`, one per
 * distinct score (values that score alike lead to the same place), best first.
 */
function runnersUp(found: readonly Candidate[], chosen: Candidate | undefined, count: number): Candidate[] {
  const ranked = found
    .map((candidate, index) => ({ candidate, index }))
    .sort((a, b) => (explainsMore(a.candidate.evaluation, b.candidate.evaluation) ? -1 : explainsMore(b.candidate.evaluation, a.candidate.evaluation) ? 1 : a.index - b.index));
  const scores = new Set<string>();
  const runners: Candidate[] = [];
  for (const { candidate } of ranked) {
    if (runners.length >= count) break;
    const score = scoreKey(candidate.evaluation);
    if (candidate === chosen || scores.has(score)) continue;
    scores.add(score);
    runners.push(candidate);
  }
  return runners;
}

/** An evaluation's score as text: candidates that score alike lead to the same place. */
function scoreKey(evaluation: Evaluation): string {
  return `${evaluation.steps} ${evaluation.stepError} ${evaluation.mismatched}`;
}

/** Rules that explain more than the baseline, best first (ties: the order they were tried). */
function rankRules(candidates: readonly Candidate[], baseline: Evaluation): Candidate[] {
  return candidates
    .map((candidate, index) => ({ candidate, index }))
    .filter(({ candidate }) => explainsMore(candidate.evaluation, baseline))
    .sort((a, b) => (explainsMore(a.candidate.evaluation, b.candidate.evaluation) ? -1 : explainsMore(b.candidate.evaluation, a.candidate.evaluation) ? 1 : a.index - b.index))
    .map(({ candidate }) => candidate);
}

/**
 * The best candidate of each kind on each link (the first in rank order), in rank order:
 * thresholds over one minute and over five of one drop rule are one idea, not two bases.
 */
function distinctFamilies(ranked: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return ranked.filter((candidate) => {
    const label = candidate.faults.map((fault) => familyKey(fault.spec)).join('+');
    if (seen.has(label)) return false;
    seen.add(label);
    return true;
  });
}

/** How many human actions an explanation holds. */
function actionsOf(candidate: Candidate): number {
  return candidate.faults.filter((fault) => fault.family === 'process').length;
}

/** A rule's kind and link: one idea, whatever its values. */
function familyKey(spec: FaultSpec): string {
  return `${spec.kind} ${String(spec.params.link ?? spec.params.system ?? '')}`;
}

/** A fault as text: its kind and every parameter. */
function specKey(spec: FaultSpec): string {
  return `${spec.kind} ${JSON.stringify(spec.params)}`;
}

/** A set of faults as text, whatever their order. */
function faultsKey(faults: readonly ExplainedFault[]): string {
  return faults.map((fault) => specKey(fault.spec)).sort().join('\n');
}

function sameSpec(a: FaultSpec, b: FaultSpec): boolean {
  return specKey(a) === specKey(b);
}

/** The label of the family a single-rule candidate came from (so a second rule is of another family). */
const familyOf = new WeakMap<FaultSpec, string>();
function familyLabelOf(candidate: Candidate): string | undefined {
  const last = candidate.faults[candidate.faults.length - 1];
  return last ? familyOf.get(last.spec) : undefined;
}

/**
 * One family search on top of `base`: every family's values (the whole range where the
 * allowance pays for it; else a ladder plus the stand-in's best), screened, then bisected.
 * Stops early once a hypothesis reproduces.
 */
async function searchFamilies(
  families: readonly RuleFamily[],
  base: Candidate,
  evaluateBatch: (hypotheses: ExplainedFault[][], options?: EvaluateOptions) => Promise<Candidate[]>,
  budget: Budget,
  sweepAllowance: number,
  maxSteps: number,
  passOver: boolean,
): Promise<{ candidates: Candidate[]; rankOf: Map<FaultSpec, number> }> {
  const tried = families.map(() => new Map<number, Candidate>());
  const candidates: Candidate[] = [];
  // The phase spends at most twice its sweep allowance, whatever the ranges. On top of a rule
  // or more it is counted in simulations: a hypothesis whose starting counts need correcting
  // costs replays of its own, and what a second-rule search overspends is taken from the
  // human actions after it. The single rules are counted in hypotheses (on a small incident
  // every value of every family, whatever its replays).
  let left = 2 * sweepAllowance;
  const inSimulations = base.faults.length > 0;
  let spent = 0;
  let evaluated = 0;
  const evaluatePoints = async (points: { family: number; value: number }[]): Promise<Candidate[]> => {
    // Until measured, a hypothesis is taken to cost what its base cost.
    const perHypothesis = !inSimulations ? 1 : evaluated > 0 ? spent / evaluated : Math.max(1, base.evaluation.replays);
    const fresh = points.filter(({ family, value }) => !tried[family]!.has(value)).slice(0, Math.max(0, Math.floor(left / perHypothesis)));
    const before = budget.simulations;
    // A rule with more residual steps than `maxSteps` explains nothing worth following (the
    // base's own count; fewer on a large incident once only a full match could still win):
    // stop its replay there.
    const results = await evaluateBatch(
      fresh.map(({ family, value }) => {
        const spec = families[family]!.make(value);
        familyOf.set(spec, families[family]!.label);
        return [...base.faults, { spec, family: 'integration' as const }];
      }),
      { maxSteps },
    );
    const cost = inSimulations ? budget.simulations - before : fresh.length;
    spent += cost;
    evaluated += fresh.length;
    left -= cost;
    results.forEach((candidate, index) => {
      const point = fresh[index]!;
      tried[point.family]!.set(point.value, candidate);
      const kind = families[point.family]!.kind;
      budget.rules.set(kind, (budget.rules.get(kind) ?? 0) + 1);
    });
    candidates.push(...results);
    return results;
  };
  const hit = () => candidates.some((candidate) => candidate.evaluation.reproduces);

  // Whole ranges first for the families the allowance pays for: discrete ones (no bisection
  // can stand in for them) before integer ones, smaller before larger.
  const order = families.map((family, index) => ({ family, index })).sort((a, b) => Number(a.family.refinable) - Number(b.family.refinable) || a.family.values.length - b.family.values.length || a.index - b.index);
  const swept = new Set<number>();
  let allowance = sweepAllowance;
  for (const { family, index } of order) {
    // A family the stand-in ranks is screened at its best values instead of swept.
    if (family.ranked.length > 0 || family.values.length > allowance) continue;
    allowance -= family.values.length;
    swept.add(index);
  }
  // On a large incident a nested family's mildest value goes first: its effect is part of
  // every stronger value's, so a family already worse than its base there is passed over
  // (neither screened nor swept). A heuristic, not a proof (a stronger value that loses more
  // of what really was lost can fix the steps a milder one opens), so only where replays
  // are dear.
  if (passOver) await evaluatePoints(families.flatMap((family, index) => (family.nested && !family.exact ? [{ family: index, value: family.values[0]! }] : [])));
  const passedOver = (index: number) => {
    const family = families[index]!;
    if (!passOver || !family.nested || family.exact || family.values.length < 2) return false;
    const mildest = tried[index]!.get(family.values[0]!);
    return mildest !== undefined && explainsMore(base.evaluation, mildest.evaluation);
  };
  // Screening: the stand-in's best values and a ladder of each family not swept, the ladders
  // sharing what the allowance leaves.
  const ladderPoints = Math.max(MIN_LADDER, Math.floor(sweepAllowance / Math.max(1, families.length - swept.size)));
  const screening = families.flatMap((family, index) => {
    if (swept.has(index) || passedOver(index)) return [];
    return [...new Set(family.exact ? family.ranked : [...family.ranked, ...ladder(family.values, ladderPoints)])].map((value) => ({ family: index, value }));
  });
  await evaluatePoints(screening);
  if (!hit()) {
    const sweep = families.flatMap((family, index) => (swept.has(index) && !passedOver(index) ? family.values.map((value) => ({ family: index, value })) : []));
    await evaluatePoints(sweep);
  }
  for (let round = 0; round < MAX_REFINE_ROUNDS && !hit() && !budget.exhausted && left > 0; round++) {
    const probes = refinementProbes(families, tried, base.evaluation).filter((probe) => !swept.has(probe.family) && !passedOver(probe.family));
    if (probes.length === 0) break;
    await evaluatePoints(probes);
  }
  const rankOf = new Map<FaultSpec, number>();
  families.forEach((family, index) => {
    const values = [...tried[index]!.keys()].sort(family.benignFirst);
    values.forEach((value, rank) => rankOf.set(tried[index]!.get(value)!.faults[base.faults.length]!.spec, rank));
  });
  return { candidates, rankOf };
}

/**
 * A coarse subset of a value list: positions 0, 1, 2, 3, 5, 8, 12, ... and the last; or, when
 * that is more than `points`, `points` positions spread geometrically from the first to the
 * last (a large incident's allowance shared fairly among its families).
 */
function ladder(values: readonly number[], points: number): number[] {
  const picked: number[] = [];
  for (let position = 0; position < values.length; position = position < 3 ? position + 1 : Math.ceil(position * 1.5)) picked.push(values[position]!);
  if (values.length > 0) picked.push(values[values.length - 1]!);
  const natural = [...new Set(picked)];
  if (natural.length <= points) return natural;
  const spread: number[] = [];
  for (let step = 0; step < points; step++) spread.push(values[Math.round(Math.pow(values.length, step / (points - 1))) - 1]!);
  return [...new Set(spread)];
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

type BatchEvaluator = (hypotheses: ExplainedFault[][], options?: EvaluateOptions) => Promise<Candidate[]>;

/**
 * Greedy: replay, find the first mismatched observation, try the interventions that would
 * close it, keep the best, repeat. Stops when everything matches, when no candidate improves,
 * when one more action could no longer beat the best explanation known (`worthGrowing`), or
 * at the budget.
 */
async function inferInterventions(
  incident: Incident,
  base: Candidate,
  evaluateBatch: BatchEvaluator,
  worthGrowing: (size: number, actions: number) => boolean,
): Promise<{ reproducing?: Candidate; best?: Candidate }> {
  let current = base.faults;
  let here: Candidate = base;
  for (let step = 0; step <= MAX_INTERVENTIONS; step++) {
    const evaluation = here.evaluation;
    if (evaluation.reproduces) return { reproducing: here, best: here };
    const actions = current.filter((fault) => fault.family === 'process').length;
    if (step === MAX_INTERVENTIONS || !evaluation.firstMismatchResiduals || !worthGrowing(current.length + 1, actions + 1)) return { best: here };
    const candidates = interventionCandidates(incident, evaluation.firstMismatch, evaluation.firstMismatchResiduals);
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
    actionsOf(candidate),
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

/** Replays the explanation (from the corrected starting counts) once more to report its fit, and to never claim yes without it. */
async function measureFit(incident: Incident, explanation: readonly ExplainedFault[], startingCounts: readonly StartingCount[]) {
  const corrected = withStartingCounts(incident, startingCounts);
  const run = await new Simulation(corrected, { faults: explanation.map((fault) => fault.spec) }).run();
  const summary = summarize(compare(corrected, run), incident.tolerance);
  return { observations: summary.observations, matched: summary.matched, maxAbsError: summary.maxAbsError };
}


/**
 * For each class other than `answered`, the best candidate seen in it: one that reproduces
 * (the smallest), else the one that leaves the fewest observations unmatched.
 */
function alternativesOf(candidates: readonly Candidate[], answered: ExplanationClass | undefined): Alternative[] {
  const classes: ExplanationClass[] = ['integration', 'process', 'both'];
  return classes
    .filter((kind) => kind !== answered)
    .map((kind) => {
      let best: Candidate | undefined;
      for (const candidate of candidates) {
        if (explanationClass(candidate.faults) !== kind) continue;
        if (kind === 'integration' && candidate.faults.length === 0) continue;
        if (!best || alternativeBefore(candidate, best)) best = candidate;
      }
      return best ? { problem: kind, best } : { problem: kind };
    });
}

function alternativeBefore(a: Candidate, b: Candidate): boolean {
  if (a.evaluation.reproduces !== b.evaluation.reproduces) return a.evaluation.reproduces;
  if (a.evaluation.mismatched !== b.evaluation.mismatched) return a.evaluation.mismatched < b.evaluation.mismatched;
  return a.faults.length < b.faults.length;
}
