/**
 * Gate 2 as a library call: picks the evaluator (this thread, or `workers` worker threads)
 * and runs the search. The answer is the same for any number of workers.
 *
 * @example
 * const result = await gate2(incident, { workers: 2 });
 * console.log(result.answer, result.problem); // 'no' 'process'
 */
import type { Incident } from '../sim/model.js';
import type { Evaluator } from './evaluate.js';
import { SerialEvaluator } from './evaluate.js';
import { type Gate2Result, searchGate2 } from './search.js';
import { WorkerEvaluator } from './worker-evaluator.js';

export interface Gate2RunOptions {
  budget?: number;
  /** Worker threads for simulations; 1 (the default) runs them in this thread. */
  workers?: number;
  onProgress?: (simulations: number, budget: number) => void;
}

export async function gate2(incident: Incident, options: Gate2RunOptions = {}): Promise<Gate2Result> {
  // The search explains the recorded observations; a scenario's own faults are what it must find.
  const recorded: Incident = { ...incident, faults: [] };
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const evaluator: Evaluator = workers > 1 ? new WorkerEvaluator(recorded, workers) : new SerialEvaluator(recorded);
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
