/**
 * Where `drift-sim fix` replays its remedies: in this thread, or on worker threads. A batch
 * of plans is cut into contiguous slices, one per worker, and the answers are put back by
 * position, so the ranking is the same for any number of workers.
 *
 * @example
 * const pool = threadMeasurer(incident, 2);
 * try { await proveFixes(incident, faults, { measure: pool.measure }); } finally { await pool.close(); }
 */
import { shareIncident } from './shared-movements.js';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Measurement } from '../fix/measure.js';
import { type PlanMeasurer, serialMeasurer } from '../fix/prove-fixes.js';
import type { RemedySpec } from '../fix/remedy-kind.js';
import type { World } from '../fix/world.js';
import type { Incident } from '../sim/model.js';

function workerScript(): URL {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return new URL('../../dist/src/adapters/fix-measure-worker.js', import.meta.url);
  return new URL('./fix-measure-worker.js', import.meta.url);
}

export interface MeasurerPool {
  measure: PlanMeasurer;
  close(): Promise<void>;
}

/**
 * A measurer over `workers` threads for worlds built on `incident` (1: this thread). The
 * worlds it is asked about must share that incident: a remedy's own changes to links travel
 * as the remedy, and each worker applies it.
 */
export function threadMeasurer(incident: Incident, workers = 1): MeasurerPool {
  const count = Math.max(1, Math.floor(workers));
  if (count === 1) return { measure: serialMeasurer, close: async () => {} };
  // The movement, observation and log columns travel by sharing, not by cloning (a clone would lose the stores' methods).
  const shared = shareIncident(incident);
  const threads = Array.from({ length: count }, () => new Worker(workerScript(), { workerData: shared }));
  let nextId = 0;
  const ask = (worker: Worker, faults: World['faults'], plans: readonly (readonly RemedySpec[])[]): Promise<Measurement[]> => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (reply: { id: number; measurements: Measurement[] }) => {
        if (reply.id !== id) return;
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(reply.measurements);
      };
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        reject(error);
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.postMessage({ id, faults, plans });
    });
  };
  const measure: PlanMeasurer = async (world, plans) => {
    if (world.incident !== incident) return serialMeasurer(world, plans);
    const size = Math.ceil(plans.length / threads.length);
    const slices = threads.map((worker, index) => {
      const slice = plans.slice(index * size, (index + 1) * size);
      return slice.length === 0 ? Promise.resolve([]) : ask(worker, world.faults, slice);
    });
    return (await Promise.all(slices)).flat();
  };
  return { measure, close: async () => void (await Promise.all(threads.map((worker) => worker.terminate()))) };
}
