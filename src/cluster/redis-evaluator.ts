/**
 * Gate 2's hypotheses evaluated by `drift-sim worker` processes through Redis / BullMQ.
 * The search runs here, round by round, as on one machine; each round's batch is cut into
 * chunks, one job each, and the evaluations come back in list order, so the search decides
 * exactly as it would with `--workers 1` and its JSON is the same bytes.
 *
 * The incident is stored in Redis once per search, named by its content hash; the jobs
 * carry only that name, the hypotheses and the options.
 *
 * This module (and BullMQ with it) is imported only when a command is given `--redis`.
 *
 * @example
 * const result = await gate2(incident, { evaluator: redisEvaluator({ url: 'redis://127.0.0.1:6379' }) });
 */
import type { EvaluatorFactory } from '../gate/gate2.js';
import type { EvaluateOptions, Evaluation, Evaluator } from '../gate/evaluate.js';
import type { FaultSpec, Incident } from '../sim/model.js';
import { ClusterCoordinator, type CoordinatorOptions } from './coordinator.js';
import { releaseIncident, storeIncident, touchIncident } from './incident-store.js';
import { EVALUATE_JOB, type EvaluateJob } from './protocol.js';
import { type EncodedIncident, encodeIncident, fromWire, toWire } from './wire.js';

export interface RedisEvaluatorOptions extends CoordinatorOptions {
  /**
   * Hypotheses per job; default: a round's batch cut into about four jobs per worker
   * listening (enough to even out fast and slow hypotheses, few enough that the queue's
   * cost per job stays small against a simulation's).
   */
  chunkSize?: number;
}

/** An evaluator factory whose evaluators send their batches to the workers on `options.url`. */
export function redisEvaluator(options: RedisEvaluatorOptions): EvaluatorFactory {
  return (incident) => new RedisEvaluator(incident, options);
}

interface Session {
  coordinator: ClusterCoordinator;
  encoded: EncodedIncident;
}

/** Refresh the stored incident's expiry at most this often. */
const TOUCH_MS = 3_600_000;

export class RedisEvaluator implements Evaluator {
  private session: Promise<Session> | undefined;
  private touchedMs = 0;

  constructor(
    private readonly incident: Incident,
    private readonly options: RedisEvaluatorOptions,
  ) {}

  async evaluate(hypotheses: readonly (readonly FaultSpec[])[], options: EvaluateOptions = {}): Promise<Evaluation[]> {
    if (hypotheses.length === 0) return [];
    const { coordinator, encoded } = await this.start();
    if (performance.now() - this.touchedMs > TOUCH_MS) {
      this.touchedMs = performance.now();
      await coordinator.guard(touchIncident(coordinator.redis, coordinator.queueName, encoded.hash, Math.max(1, Math.ceil(encoded.bytes.length / (64 * 1024 * 1024)))));
    }
    const size = this.options.chunkSize ?? Math.ceil(hypotheses.length / Math.min(hypotheses.length, 4 * (await coordinator.workerCount())));
    const jobs = [];
    for (let start = 0; start < hypotheses.length; start += size) {
      const data: EvaluateJob = {
        ...coordinator.header(),
        kind: EVALUATE_JOB,
        incident: encoded.hash,
        hypotheses: toWire(hypotheses.slice(start, start + size)),
        options: toWire(options),
      };
      jobs.push({ name: EVALUATE_JOB, data });
    }
    const chunks = await coordinator.run<unknown>(jobs);
    const evaluations = chunks.flatMap((chunk) => fromWire<Evaluation[]>(chunk));
    if (evaluations.length !== hypotheses.length) throw new Error(`the workers answered ${evaluations.length} evaluations for ${hypotheses.length} hypotheses`);
    return evaluations;
  }

  async close(): Promise<void> {
    const session = await this.session?.catch(() => undefined);
    if (!session) return;
    const { coordinator, encoded } = session;
    if (coordinator.redis.status === 'ready') await releaseIncident(coordinator.redis, coordinator.queueName, encoded.hash, coordinator.runId).catch(() => undefined);
    await coordinator.close();
  }

  private start(): Promise<Session> {
    this.session ??= (async () => {
      const coordinator = await ClusterCoordinator.connect(this.options);
      const encoded = encodeIncident(this.incident);
      const store = () => storeIncident(coordinator.redis, coordinator.queueName, encoded, coordinator.runId);
      try {
        await coordinator.guard(store());
      } catch (error) {
        await coordinator.close();
        throw error;
      }
      this.touchedMs = performance.now();
      coordinator.onRecovery(store);
      return { coordinator, encoded };
    })();
    return this.session;
  }
}
