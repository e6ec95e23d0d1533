/**
 * Choosing where Gate 2's hypotheses are replayed: in this thread, or on `workers` worker
 * threads. The search never knows which; results come back in list order either way.
 *
 * @example
 * const result = await gate2(incident, { evaluator: threadEvaluator(2) });
 */
import type { EvaluatorFactory } from '../gate/gate2.js';
import { SerialEvaluator } from '../gate/evaluate.js';
import { WorkerEvaluator } from './worker-evaluator.js';

/** An evaluator factory for `workers` threads (1: this thread, no workers started). */
export function threadEvaluator(workers = 1): EvaluatorFactory {
  const count = Math.max(1, Math.floor(workers));
  return (incident) => (count > 1 ? new WorkerEvaluator(incident, count) : new SerialEvaluator(incident));
}
