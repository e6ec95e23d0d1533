/**
 * `drift-sim worker`: a long-running BullMQ worker. It takes jobs from the queue one at a
 * time and answers them:
 *
 * - `evaluate`: a chunk of Gate 2 hypotheses over an incident named by its content hash.
 *   The incident is fetched from Redis once, checked against its hash, and kept (the last
 *   few, `cacheIncidents`) on evaluation threads; the evaluations go back in chunk order.
 * - `suite-case`: one scenario or property seed of `drift-sim suite`, run on a fresh thread.
 *
 * The work always runs on threads, never on the main thread, so the main thread renews the
 * job's lock on time however long a simulation takes: a live worker's job is never taken
 * for stalled. A killed worker's job is: the other workers' stalled-job check puts it back
 * in the queue after `lockDurationMs` (at most two `stalledIntervalMs` later) and another
 * worker runs it, with the same result. A job from another drift-sim version (or protocol)
 * is refused, never run.
 *
 * @example
 * const worker = await startClusterWorker({ url: 'redis://127.0.0.1:6379' });
 * process.on('SIGTERM', () => void worker.close());
 */
import { fileURLToPath } from 'node:url';
import { Worker as ThreadWorker } from 'node:worker_threads';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { WorkerEvaluator } from '../adapters/worker-evaluator.js';
import type { EvaluateOptions } from '../gate/evaluate.js';
import type { FaultSpec } from '../sim/model.js';
import { safeUrl } from './coordinator.js';
import { fetchIncident } from './incident-store.js';
import { packageVersion } from './package-version.js';
import { type ClusterJob, DEFAULT_QUEUE, EVALUATE_JOB, MISSING_INCIDENT, PROTOCOL, SUITE_CASE_JOB, VERSION_REFUSAL } from './protocol.js';
import type { SuiteCase } from './suite-case.js';
import { decodeIncident, fromWire, toWire } from './wire.js';

export interface ClusterWorkerOptions {
  url: string;
  queue?: string;
  /** Evaluation threads per job (default 1; run one worker per core instead where you can). */
  threads?: number;
  /** Incidents kept ready between jobs (default 2). */
  cacheIncidents?: number;
  /** How long a job's lock lives without renewal (default 30 s). */
  lockDurationMs?: number;
  /** How often this worker checks the queue for stalled jobs (default 30 s). */
  stalledIntervalMs?: number;
  /** How many times a job may be found stalled and run again before it fails (default 3). */
  maxStalledCount?: number;
  /** Log every job taken (`took job ID (NAME)`), for following a cluster by eye and for tests. */
  logJobs?: boolean;
  /** A line about what the worker does (default: stderr). */
  log?: (line: string) => void;
}

export interface ClusterWorkerHandle {
  /** Stops taking jobs, lets the job in hand finish, and closes the connections. */
  close(): Promise<void>;
  /** Jobs answered, failed and refused (another version) so far. */
  stats(): { completed: number; failed: number; refused: number };
}

/** Starts a worker on `options.url`; it runs until closed. */
export async function startClusterWorker(options: ClusterWorkerOptions): Promise<ClusterWorkerHandle> {
  const log = options.log ?? ((line: string) => process.stderr.write(`drift-sim worker: ${line}\n`));
  const queue = options.queue ?? DEFAULT_QUEUE;
  const version = packageVersion();
  const retryStrategy = (times: number) => Math.min(times * 200, 2000);
  const redis = new Redis(options.url, { maxRetriesPerRequest: null, retryStrategy });
  let connected = false;
  redis.on('ready', () => {
    connected = true;
    log(`connected to Redis at ${safeUrl(options.url)}, queue ${queue}, drift-sim ${version}`);
  });
  redis.on('error', () => undefined); // reported once, below, when the connection drops
  redis.on('close', () => {
    if (connected) log(`lost the connection to Redis at ${safeUrl(options.url)}; reconnecting`);
    connected = false;
  });
  const incidents = new IncidentCache(redis, queue, Math.max(1, options.threads ?? 1), Math.max(1, options.cacheIncidents ?? 2));

  const processJob = async (job: Job): Promise<unknown> => {
    const data = job.data as ClusterJob;
    if (options.logJobs) log(`took job ${job.id} (${job.name})`);
    if (data.version !== version || data.protocol !== PROTOCOL) {
      log(`refused job ${job.id}: it comes from drift-sim ${String(data.version)} (protocol ${String(data.protocol)})`);
      throw new UnrecoverableError(
        `${VERSION_REFUSAL} the worker runs drift-sim ${version} (protocol ${PROTOCOL}), the job comes from drift-sim ${String(data.version)} (protocol ${String(data.protocol)})`,
      );
    }
    if (job.name === EVALUATE_JOB && data.kind === EVALUATE_JOB) {
      const evaluator = await incidents.evaluator(data.incident);
      return toWire(await evaluator.evaluate(fromWire<FaultSpec[][]>(data.hypotheses), fromWire<EvaluateOptions>(data.options)));
    }
    if (job.name === SUITE_CASE_JOB && data.kind === SUITE_CASE_JOB) {
      const bytes = data.case.kind === 'scenario' ? await incidents.bytes(data.case.incident) : undefined;
      return runCaseOnThread(data.case, bytes);
    }
    throw new UnrecoverableError(`unknown job ${job.name}`);
  };

  const worker = new Worker(queue, processJob, {
    connection: { url: options.url, maxRetriesPerRequest: null, retryStrategy },
    concurrency: 1,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 3,
  });
  worker.on('error', () => undefined); // connection errors: reported once by our own client above
  const stats = { completed: 0, failed: 0, refused: 0 };
  worker.on('completed', () => stats.completed++);
  worker.on('failed', (job, error) => {
    if (error.message.startsWith(VERSION_REFUSAL)) stats.refused++;
    else {
      stats.failed++;
      log(`job ${job?.id ?? '?'} failed: ${error.message}`);
    }
  });
  worker.on('stalled', (jobId) => log(`job ${jobId} had stalled (its worker stopped); it is queued again`));
  return {
    stats: () => ({ ...stats }),
    async close() {
      // With Redis reachable, the job in hand finishes first; without it there is nothing
      // to hand its answer to (another worker will run it once Redis is back), so stop now.
      const force = redis.status !== 'ready';
      await Promise.race([worker.close(force), new Promise((resolve) => setTimeout(resolve, force ? 2000 : 24 * 3_600_000).unref())]);
      await incidents.close();
      redis.disconnect();
    },
  };
}

/** The suite-case thread's script; under a TypeScript runner (tests) the built copy in dist/. */
function suiteThreadScript(): URL {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return new URL('../../dist/src/cluster/suite-case-thread.js', import.meta.url);
  return new URL('./suite-case-thread.js', import.meta.url);
}

function runCaseOnThread(suiteCase: SuiteCase, bytes: Buffer | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const thread = new ThreadWorker(suiteThreadScript(), { workerData: { suiteCase, bytes } });
    thread.once('message', resolve);
    thread.once('error', reject);
    thread.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`the suite case thread exited with ${code}`))));
  });
}

/** Incidents by content hash, fetched from Redis once, each kept ready on evaluation threads. */
class IncidentCache {
  private readonly ready = new Map<string, Promise<WorkerEvaluator>>();

  constructor(
    private readonly redis: Redis,
    private readonly queue: string,
    private readonly threads: number,
    private readonly size: number,
  ) {}

  async bytes(hash: string): Promise<Buffer> {
    const bytes = await fetchIncident(this.redis, this.queue, hash);
    if (!bytes) throw new Error(`${MISSING_INCIDENT} ${hash} is not in Redis (expired, or Redis restarted empty)`);
    return bytes;
  }

  evaluator(hash: string): Promise<WorkerEvaluator> {
    let entry = this.ready.get(hash);
    if (entry) {
      // Most recently used last: Map keeps insertion order.
      this.ready.delete(hash);
      this.ready.set(hash, entry);
      return entry;
    }
    entry = this.bytes(hash).then((bytes) => new WorkerEvaluator(decodeIncident(hash, bytes), this.threads));
    entry.catch(() => this.ready.delete(hash));
    this.ready.set(hash, entry);
    while (this.ready.size > this.size) {
      const [oldest, evicted] = this.ready.entries().next().value as [string, Promise<WorkerEvaluator>];
      this.ready.delete(oldest);
      void evicted.then((evaluator) => evaluator.close()).catch(() => undefined);
    }
    return entry;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.ready.values()].map(async (entry) => (await entry).close()));
    this.ready.clear();
  }
}
