/**
 * A worker thread of `drift-sim worker` that runs one suite case, so the worker's main
 * thread stays free to renew its BullMQ job lock while a case's Gate 2 search runs (a busy
 * main thread would let the lock expire and the job be taken for stalled).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runSuiteCase, type SuiteCase } from './suite-case.js';
import { decodeIncident, toWire } from './wire.js';

const input = workerData as { suiteCase: SuiteCase; bytes?: Uint8Array };
const incident = input.suiteCase.kind === 'scenario' && input.bytes ? decodeIncident(input.suiteCase.incident, Buffer.from(input.bytes)) : undefined;
const result = await runSuiteCase(input.suiteCase, incident);
parentPort!.postMessage(toWire(result));
