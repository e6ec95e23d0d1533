/**
 * What Gate 2 says beside its answer: the starting counts it took as given (differences
 * already there when the window opens) and the margin (the best explanation of every other
 * class and what it leaves unmatched). Text, JSON and the HTML report all say it in these
 * words.
 *
 * @example
 * marginSentences(incident, result);
 * // ['No rules-only explanation: the best, every 7th webhook lost on erp->storefront, misses 3 of 96 observations.']
 */
import type { Alternative, ExplanationClass, Gate2Result } from '../gate/search.js';
import type { StartingCount } from '../sim/starting-counts.js';
import type { Incident } from '../sim/model.js';
import { describeFault } from './describe-fault.js';
import { faultToJson } from './json.js';

const CLASS_WORDS: Record<ExplanationClass, string> = {
  integration: 'rules-only',
  process: 'human-actions-only',
  both: 'rules-and-human-actions',
};

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

/** One sentence on the starting counts, or undefined when there are none. */
export function startingCountsSentence(incident: Incident, startingCounts: readonly StartingCount[]): string | undefined {
  if (startingCounts.length === 0) return undefined;
  const shown = startingCounts.slice(0, 6).map((start) => `${incident.systems[start.system]!.name} ${incident.skus[start.sku]!.sku} by ${signed(start.difference)}`);
  if (startingCounts.length > 6) shown.push(`${startingCounts.length - 6} more (--json lists them)`);
  return `Already apart when the window opens (taken as starting counts, not faults): ${shown.join(', ')}. Widen the window to see its cause.`;
}

/** Whether another class came within one observation of the answer (or also reproduces). */
export function marginIsThin(result: Gate2Result): boolean {
  if (result.problem === 'unexplained') return false;
  return result.alternatives.some((alternative) => alternative.best !== undefined && alternative.best.evaluation.mismatched <= 1);
}

/** A sentence per other class, then whether the margin is thin. */
export function marginSentences(incident: Incident, result: Gate2Result): string[] {
  const total = incident.observations.length;
  const sentences = result.alternatives.map((alternative) => alternativeSentence(alternative, total));
  if (marginIsThin(result)) sentences.push('The margin is thin: an explanation of another class comes within one observation of this one; more spot checks would settle it.');
  return sentences;
}

function alternativeSentence(alternative: Alternative, total: number): string {
  const words = CLASS_WORDS[alternative.problem];
  const best = alternative.best;
  if (!best) return `No ${words} explanation was evaluated: the search found its answer without one.`;
  const shown = best.faults.slice(0, 3).map((fault) => describeFault(fault.spec));
  if (best.faults.length > 3) shown.push(`and ${best.faults.length - 3} more faults`);
  if (best.evaluation.reproduces) return `A ${words} explanation also reproduces, with ${best.faults.length} fault${best.faults.length === 1 ? '' : 's'} (${shown.join('; ')}): larger, so it loses.`;
  return `No ${words} explanation: the best, ${shown.join('; ')}, misses ${best.evaluation.mismatched} of ${total} observations.`;
}

/** The JSON of the margin and the starting counts (gate2 --json). */
export function marginToJson(incident: Incident, result: Gate2Result) {
  return {
    startingCounts: result.startingCounts.map((start) => ({ system: incident.systems[start.system]!.name, sku: incident.skus[start.sku]!.sku, difference: start.difference })),
    alternatives: result.alternatives.map((alternative) => ({
      problem: alternative.problem,
      tried: alternative.best !== undefined,
      ...(alternative.best
        ? {
            explanation: alternative.best.faults.map((fault) => faultToJson(fault.spec)),
            reproduces: alternative.best.evaluation.reproduces,
            unmatched: alternative.best.evaluation.mismatched,
            observations: incident.observations.length,
          }
        : {}),
    })),
    margin: result.problem === 'unexplained' ? 'none' : marginIsThin(result) ? 'thin' : 'clear',
  };
}
