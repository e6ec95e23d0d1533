/**
 * A worker thread of the Gate 2 search: receives the incident once (its movements, observations and logs as shared
 * columns), then batches of hypotheses, and answers each batch with its evaluations in the same order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FaultSpec } from '../sim/model.js';
import { type EvaluateOptions, evaluateHypothesis } from '../gate/evaluate.js';
import { type SharedIncident, receiveIncident } from './shared-movements.js';

// The movement, observation and log columns are the loading thread's memory, shared: reading them copies nothing.
const incident = receiveIncident(workerData as SharedIncident);

parentPort!.on('message', async (request: { id: number; hypotheses: FaultSpec[][]; options: EvaluateOptions }) => {
  const evaluations = [];
  for (const faults of request.hypotheses) evaluations.push(await evaluateHypothesis(incident, faults, request.options));
  parentPort!.postMessage({ id: request.id, evaluations });
});
