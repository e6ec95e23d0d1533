/**
 * The worker thread of `readMovementsInParts`: reads the part of a movement file it is given
 * and posts its rows (on shared memory: nothing is copied back) with what the merge needs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type MovementPartRequest, readMovementPart } from './movement-parts.js';

parentPort!.postMessage(await readMovementPart(workerData as MovementPartRequest));
