/**
 * A worker thread of the Gate 2 search: receives the incident once, then batches of
 * hypotheses, and answers each batch with its evaluations in the same order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FaultSpec, Incident } from '../sim/model.js';
import { type EvaluateOptions, evaluateHypothesis } from '../gate/evaluate.js';

const incident = workerData as Incident;

parentPort!.on('message', async (request: { id: number; hypotheses: FaultSpec[][]; options: EvaluateOptions }) => {
  const evaluations = [];
  for (const faults of request.hypotheses) evaluations.push(await evaluateHypothesis(incident, faults, request.options));
  parentPort!.postMessage({ id: request.id, evaluations });
});
