/**
 * The worker thread of a streamed replay: reads the movement file it is given and hands its
 * rows to the main thread as they are read (see stream-movements.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ReaderPort, type StreamRequest, readMovementStream } from './stream-movements.js';

await readMovementStream(workerData as StreamRequest, parentPort! as unknown as ReaderPort);
