/**
 * Gate 2 as a library call: runs the search with the evaluator it is given (by default one
 * that replays every hypothesis in this thread). Where the hypotheses run (this thread,
 * worker threads, a cluster) is an adapter's business, chosen by the caller through
 * `evaluator`; the answer is the same whichever runs them.
 *
 * @example
 * const result = await gate2(incident);
 * console.log(result.answer, result.problem); // 'no' 'process'
 */
import type { Incident } from '../sim/model.js';
import type { Evaluator } from './evaluate.js';
import { SerialEvaluator } from './evaluate.js';
import { requireObservations } from './no-evidence.js';
import { type Gate2Result, searchGate2 } from './search.js';

/** Makes the evaluator for one search over `incident` (closed by the search when it ends). */
export type EvaluatorFactory = (incident: Incident) => Evaluator;

export interface Gate2RunOptions {
  budget?: number;
  /** Where hypotheses are replayed; default: one after another in this thread. */
  evaluator?: EvaluatorFactory;
  onProgress?: (simulations: number, budget: number) => void;
}

/** Throws NoEvidenceError for an incident without observations (no evidence, no verdict). */
export async function gate2(incident: Incident, options: Gate2RunOptions = {}): Promise<Gate2Result> {
  requireObservations(incident);
  // The search explains the recorded observations; a scenario's own faults are what it must find.
  const recorded: Incident = { ...incident, faults: [] };
  const evaluator: Evaluator = options.evaluator ? options.evaluator(recorded) : new SerialEvaluator(recorded);
  try {
    return await searchGate2(recorded, {
      evaluator,
      ...(options.budget !== undefined ? { budget: options.budget } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    await evaluator.close();
  }
}
