/**
 * `drift-sim fix` as a library call: replay the world as it is (the incident with the
 * explanation's faults in place) with each remedy, measure the drift left and the cost, and
 * rank. Without plans of its own it tries every remedy of the library that answers one of the
 * faults, alone, in the pairs the explanation needs, and (for three or more groups) each
 * group's best together.
 *
 * Where the worlds are replayed is the caller's choice (`measure`): in this thread by default,
 * on worker threads through an adapter; results come back in the order given, so the ranking
 * never depends on it.
 *
 * @example
 * const result = await proveFixes(incident, explanation.map((fault) => fault.spec));
 * result.ranked[0]?.remedies; // the remedy that leaves the least drift, cheapest first
 */
import type { FaultSpec, Incident } from '../sim/model.js';
import { type FaultGroup, type RemedyPlan, faultGroups, pairPlans, processFirst, singlePlans } from './candidates.js';
import { type Measurement, measureWorld } from './measure.js';
import { compareOutcomes } from './rank.js';
import type { RemedySpec } from './remedy-kind.js';
import { applyRemedies, remedyKind } from './remedies/index.js';
import type { World } from './world.js';

/** Measures each plan's world, in the order given. */
export type PlanMeasurer = (world: World, plans: readonly (readonly RemedySpec[])[]) => Promise<Measurement[]>;

/**
 * Replays every plan in this thread, one after another.
 *
 * @example
 * const [measurement] = await serialMeasurer({ incident, faults }, [[remedy]]);
 */
export const serialMeasurer: PlanMeasurer = async (world, plans) => {
  const results: Measurement[] = [];
  for (const plan of plans) {
    const { drift, cost, gaps } = await measureWorld(applyRemedies(world, plan));
    results.push({ drift, cost, gaps });
  }
  return results;
};

export interface Outcome {
  remedies: RemedySpec[];
  /** The fault groups it answers (`kind@link`, `kind@system`, `declared_links`). */
  groups: string[];
  side: 'integration' | 'process' | 'both';
  measurement: Measurement;
  /** Position in the order tried. */
  tried: number;
  /**
   * True when at no observation the systems are further apart than the declared links leave
   * them without any fault: the remedy removes all the drift the faults caused.
   */
  removesFaultDrift: boolean;
}

/** For a `both` answer: the process-only, integration-only and combined best, side by side. */
export interface BothOrder {
  processOnly: Outcome;
  integrationOnly: Outcome;
  both: Outcome;
}

export interface FixResult {
  /** The world's faults (the explanation, or the faults given). */
  faults: FaultSpec[];
  groups: FaultGroup[];
  /** The world as it is, and the declared links without any fault. */
  before: Measurement;
  declared: Measurement;
  /** Best first. */
  ranked: Outcome[];
  /** Groups no remedy in the library answers. */
  unanswered: string[];
  /** True when the best remedy leaves the systems agreeing at every observation. */
  zeroDrift: boolean;
  /** Set when both sides have a remedy: why the process gap goes first. */
  order?: BothOrder;
}

export interface ProveOptions {
  /** Evaluate exactly these plans (`--remedy`), instead of the library's candidates. */
  plans?: readonly (readonly RemedySpec[])[];
  measure?: PlanMeasurer;
}

function sideOf(remedies: readonly RemedySpec[]): Outcome['side'] {
  const sides = new Set(remedies.map((remedy) => remedyKind(remedy.kind).side));
  return sides.size > 1 ? 'both' : sides.has('process') ? 'process' : 'integration';
}

export async function proveFixes(incident: Incident, faults: readonly FaultSpec[], options: ProveOptions = {}): Promise<FixResult> {
  const measure = options.measure ?? serialMeasurer;
  const world: World = { incident, faults: [...faults] };
  const groups = faultGroups(incident, faults);
  const before = (await measure(world, [[]]))[0]!;
  const declared = (await measure({ incident, faults: [] }, [[]]))[0]!;

  let plans: RemedyPlan[] = options.plans
    ? options.plans.map((remedies) => ({ remedies: [...remedies], groups: groups.filter((group) => remedies.some((remedy) => answers(remedy, group, faults))).map((group) => group.key) }))
    : [...singlePlans(groups), ...pairPlans(groups)];
  let measured = await measure(world, plans.map((plan) => plan.remedies));
  const removes = (measurement: Measurement) => measurement.gaps.every((gap, index) => gap <= declared.gaps[index]!);
  let outcomes: Outcome[] = plans.map((plan, tried) => ({ ...plan, side: sideOf(plan.remedies), measurement: measured[tried]!, tried, removesFaultDrift: removes(measured[tried]!) }));

  if (!options.plans && groups.length >= 3) {
    // Each group's best remedy, all together: the explanation needs every group answered.
    const best = groups.map((group) => outcomes.filter((outcome) => outcome.groups.length === 1 && outcome.groups[0] === group.key).sort(compareOutcomes)[0]);
    if (best.every((outcome) => outcome !== undefined)) {
      plans = [{ remedies: processFirst(best.flatMap((outcome) => outcome!.remedies)), groups: groups.map((group) => group.key) }];
      measured = await measure(world, plans.map((plan) => plan.remedies));
      outcomes = [...outcomes, { ...plans[0]!, side: sideOf(plans[0]!.remedies), measurement: measured[0]!, tried: outcomes.length, removesFaultDrift: removes(measured[0]!) }];
    }
  }

  const ranked = [...outcomes].sort(compareOutcomes);
  const bestOf = (side: Outcome['side']) => ranked.find((outcome) => outcome.side === side);
  const processOnly = bestOf('process');
  const integrationOnly = bestOf('integration');
  const both = bestOf('both');
  return {
    faults: [...faults],
    groups,
    before,
    declared,
    ranked,
    unanswered: groups.filter((group) => group.candidates.length === 0).map((group) => group.key),
    zeroDrift: ranked.length > 0 && ranked[0]!.measurement.drift.largestGap === 0,
    ...(processOnly && integrationOnly && both ? { order: { processOnly, integrationOnly, both } } : {}),
  };
}

/** True when `remedy` answers a fault of `group` (its kind answers the group's kind, on the same target). */
function answers(remedy: RemedySpec, group: FaultGroup, faults: readonly FaultSpec[]): boolean {
  if (!remedyKind(remedy.kind).answers.includes(group.kind)) return false;
  const fault = faults[group.faults[0]!];
  if (!fault) return true;
  const target = remedy.params.link ?? remedy.params.system;
  return target === undefined || target === fault.params.link || target === fault.params.system;
}
