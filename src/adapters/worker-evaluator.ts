/**
 * Evaluates hypotheses on worker threads. A batch is dealt out in chunks to whichever worker
 * is free (guided self-scheduling: each chunk a share of what is left, so the chunks shrink
 * towards the end and no worker idles while another still holds a long list; hypotheses that
 * give up early and ones that replay to the end are not spread evenly along a batch). The
 * answers are put back by position: the order of results never depends on which worker
 * finishes first, and an evaluation depends only on its hypothesis, so the search's decisions
 * (and its JSON) are the same for any number of workers. The incident's movements,
 * observations and logs reach the workers as shared memory.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FaultSpec, Incident } from '../sim/model.js';
import type { EvaluateOptions, Evaluation, Evaluator } from '../gate/evaluate.js';
import { shareIncident } from './shared-movements.js';

/** The compiled worker script; under a TypeScript runner (tests) the built copy in dist/. */
function workerScript(): URL {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return new URL('../../dist/src/adapters/evaluation-worker.js', import.meta.url);
  return new URL('./evaluation-worker.js', import.meta.url);
}

export class WorkerEvaluator implements Evaluator {
  private readonly workers: Worker[];
  private nextId = 0;

  constructor(incident: Incident, count: number) {
    // The movement, observation and log columns are shared memory: every worker reads the same arrays, none copies them.
    const shared = shareIncident(incident);
    this.workers = Array.from({ length: count }, () => new Worker(workerScript(), { workerData: shared }));
  }

  async evaluate(hypotheses: readonly (readonly FaultSpec[])[], options: EvaluateOptions = {}): Promise<Evaluation[]> {
    const results: Evaluation[] = new Array(hypotheses.length);
    let next = 0;
    const serve = async (worker: Worker) => {
      while (next < hypotheses.length) {
        const from = next;
        const size = Math.max(1, Math.ceil((hypotheses.length - from) / (2 * this.workers.length)));
        next = Math.min(hypotheses.length, from + size);
        const evaluations = await this.ask(worker, hypotheses.slice(from, next), options);
        for (let offset = 0; offset < evaluations.length; offset++) results[from + offset] = evaluations[offset]!;
      }
    };
    await Promise.all(this.workers.map(serve));
    return results;
  }

  private ask(worker: Worker, hypotheses: readonly (readonly FaultSpec[])[], options: EvaluateOptions): Promise<Evaluation[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (reply: { id: number; evaluations: Evaluation[] }) => {
        if (reply.id !== id) return;
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(reply.evaluations);
      };
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        reject(error);
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.postMessage({ id, hypotheses, options });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
