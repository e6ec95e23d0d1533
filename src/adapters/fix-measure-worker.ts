/**
 * A worker thread of `drift-sim fix`: receives the incident once, then batches of
 * (faults, remedy plans), and answers each with the plans' measurements in the same order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FaultSpec, Incident } from '../sim/model.js';
import type { RemedySpec } from '../fix/remedy-kind.js';
import { serialMeasurer } from '../fix/prove-fixes.js';
import { type SharedIncident, receiveIncident } from './shared-movements.js';

const incident: Incident = receiveIncident(workerData as SharedIncident);

parentPort!.on('message', async (request: { id: number; faults: FaultSpec[]; plans: RemedySpec[][] }) => {
  const measurements = await serialMeasurer({ incident, faults: request.faults }, request.plans);
  parentPort!.postMessage({ id: request.id, measurements });
});
