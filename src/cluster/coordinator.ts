/**
 * The coordinator's side of the queue: submits a list of jobs and gives back their results
 * in list order, whichever worker ran which job and in whatever order they finished. It
 * owns what can go wrong between it and the workers:
 *
 * - a worker killed mid-job: BullMQ's stalled-job check (on the other workers) puts the
 *   job back in the queue and another worker runs it; the result is the same because a
 *   job is a pure function of its data;
 * - Redis lost mid-run: the coordinator says so on stderr and waits up to `redisWaitMs`;
 *   when Redis is back it checks every job in flight, submits again any that Redis lost
 *   (a restart without persistence) and asks its owner to store the incident again, then
 *   resumes; when Redis stays away it fails with ClusterUnavailableError, never a verdict;
 * - a worker on another version: its refusal fails the run with ClusterVersionError;
 * - other runs on the same queue: every job id starts with this run's id, and only this
 *   run's ids are collected.
 *
 * @example
 * const coordinator = await ClusterCoordinator.connect({ url: 'redis://127.0.0.1:6379' });
 * const results = await coordinator.run([{ name: 'evaluate', data }]);
 * await coordinator.close();
 */
import { randomUUID } from 'node:crypto';
import { type Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { ClusterUnavailableError, ClusterVersionError } from './cluster-errors.js';
import { packageVersion } from './package-version.js';
import { DEFAULT_QUEUE, type JobHeader, MISSING_INCIDENT, PROTOCOL, VERSION_REFUSAL } from './protocol.js';

export interface CoordinatorOptions {
  /** redis://[user:password@]host:port[/db] (rediss:// for TLS). */
  url: string;
  /** The queue the workers listen on (default `drift-sim`). */
  queue?: string;
  /** How long Redis may be unreachable before the run gives up (default 30 s). */
  redisWaitMs?: number;
  /** A line for the user about the cluster (Redis lost, back, jobs submitted again); default: stderr. */
  notice?: (line: string) => void;
}

/** A job to run: its name and its data (the run's header is added by the caller). */
export interface ClusterJobRequest {
  name: string;
  data: object;
}

interface Pending extends ClusterJobRequest {
  id: string;
  retries: number;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Finished jobs stay readable this long, for a coordinator that missed the event (Redis restart). */
const JOB_OPTIONS = { attempts: 1, removeOnComplete: { age: 3600, count: 100_000 }, removeOnFail: { age: 24 * 3600 } };
/** A job whose incident went missing (Redis restarted empty) is submitted again at most this often. */
const MAX_RETRIES = 3;
const TICK_MS = 250;
/** How often jobs in flight are checked directly, besides their events. */
const RECONCILE_MS = 1000;

export class ClusterCoordinator {
  readonly runId = randomUUID();
  readonly queueName: string;
  private sequence = 0;
  private readonly pending = new Map<string, Pending>();
  private outageSinceMs: number | undefined;
  private needsRecovery = false;
  private reconciling = false;
  private lastReconcileMs = 0;
  private failure: Error | undefined;
  private failWith!: (error: Error) => void;
  private readonly failed: Promise<never>;
  private readonly timer: NodeJS.Timeout;
  private readonly recoveryHooks: (() => Promise<void>)[] = [];
  private closing = false;

  private constructor(
    private readonly options: CoordinatorOptions,
    /** drift-sim's own connection: incident images, and the health of the link to Redis. */
    readonly redis: Redis,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
  ) {
    this.queueName = options.queue ?? DEFAULT_QUEUE;
    this.failed = new Promise<never>((_, reject) => (this.failWith = reject));
    this.failed.catch(() => undefined);
    redis.on('close', () => this.lost());
    redis.on('ready', () => this.back());
    events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, returnvalue));
    events.on('failed', ({ jobId, failedReason }) => void this.onFailed(jobId, failedReason));
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Connects to Redis (waiting up to `redisWaitMs` for it) and starts listening for results. */
  static async connect(options: CoordinatorOptions): Promise<ClusterCoordinator> {
    const waitMs = options.redisWaitMs ?? 30_000;
    const queueName = options.queue ?? DEFAULT_QUEUE;
    const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000) });
    redis.on('error', () => undefined); // reported through 'close' and the outage clock
    redis.connect().catch(() => undefined);
    try {
      await whenReady(redis, waitMs);
    } catch {
      redis.disconnect();
      throw new ClusterUnavailableError(`cannot reach Redis at ${safeUrl(options.url)} (waited ${Math.round(waitMs / 1000)} s); is redis-server running and the URL right?`);
    }
    const connection = { url: options.url, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 200, 2000) };
    const queue = new Queue(queueName, { connection });
    queue.on('error', () => undefined);
    // Events are read from the stream's current end, so none of this run's is missed.
    const newest = await redis.xrevrange(`bull:${queueName}:events`, '+', '-', 'COUNT', 1);
    const events = new QueueEvents(queueName, { connection, lastEventId: newest[0]?.[0] ?? '0-0' });
    events.on('error', () => undefined);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new ClusterCoordinator(options, redis, queue, events);
  }

  /** What every job of this run carries. */
  header(): JobHeader {
    return { version: packageVersion(), protocol: PROTOCOL, runId: this.runId };
  }

  /** Work to redo when Redis came back after an outage (e.g. store the incident again if it was lost). */
  onRecovery(hook: () => Promise<void>): void {
    this.recoveryHooks.push(hook);
  }

  /** Resolves with `promise`, or rejects as soon as the run has failed (Redis gone, refusal). */
  guard<T>(promise: Promise<T>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    return Promise.race([promise, this.failed]);
  }

  /** Workers listening on the queue now (at least 1: a run waits for workers that come later). */
  async workerCount(): Promise<number> {
    try {
      return Math.max(1, await this.guard(this.queue.getWorkersCount()));
    } catch (error) {
      if (this.failure) throw error;
      return 1; // CLIENT LIST may be disabled on a managed Redis
    }
  }

  /** Runs `jobs` on the workers; their results in the order given. */
  async run<T>(jobs: readonly ClusterJobRequest[]): Promise<T[]> {
    if (this.failure) throw this.failure;
    const entries: Pending[] = [];
    const results = jobs.map(
      (job) =>
        new Promise<T>((resolve, reject) => {
          const entry: Pending = { ...job, id: `${this.runId}-${this.sequence++}`, retries: 0, resolve: resolve as (value: unknown) => void, reject };
          entries.push(entry);
          this.pending.set(entry.id, entry);
        }),
    );
    await this.guard(this.queue.addBulk(entries.map((entry) => ({ name: entry.name, data: entry.data, opts: { jobId: entry.id, ...JOB_OPTIONS } }))));
    return this.guard(Promise.all(results));
  }

  /** Stops listening; removes this run's jobs still waiting (best effort) and closes the connections. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.timer);
    const left = [...this.pending.keys()];
    this.pending.clear();
    if (this.redis.status === 'ready') {
      await withTimeout(Promise.all(left.map((id) => this.queue.remove(id).catch(() => 0))), 2000).catch(() => undefined);
    }
    await withTimeout(Promise.allSettled([this.events.close(), this.queue.close()]), 2000).catch(() => undefined);
    // A connection still retrying a Redis that is gone would keep the process alive.
    await withTimeout(Promise.allSettled([this.events.disconnect(), this.queue.disconnect()]), 1000).catch(() => undefined);
    this.redis.disconnect();
  }

  private settle(jobId: string, value: unknown): void {
    const entry = this.pending.get(jobId);
    if (!entry) return; // another run's job, or already settled
    this.pending.delete(jobId);
    entry.resolve(value);
  }

  private async onFailed(jobId: string, reason: string): Promise<void> {
    const entry = this.pending.get(jobId);
    if (!entry) return;
    if (reason.startsWith(VERSION_REFUSAL)) {
      this.fail(new ClusterVersionError(`a worker refused this run's job: ${reason.slice(VERSION_REFUSAL.length).trim()}. Run workers of drift-sim ${packageVersion()}, or give this version its own --queue.`));
      return;
    }
    if (reason.startsWith(MISSING_INCIDENT) && entry.retries < MAX_RETRIES) {
      entry.retries++;
      try {
        for (const hook of this.recoveryHooks) await hook();
        await this.queue.remove(jobId);
        await this.queue.add(entry.name, entry.data, { jobId, ...JOB_OPTIONS });
      } catch {
        this.needsRecovery = true; // Redis is down again; the outage clock takes over
      }
      return;
    }
    this.fail(new Error(`a drift-sim worker failed job ${jobId}: ${reason}`));
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.failWith(error);
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }

  private lost(): void {
    if (this.closing || this.outageSinceMs !== undefined) return;
    this.outageSinceMs = performance.now();
    this.notice(`lost the connection to Redis at ${safeUrl(this.options.url)}; waiting up to ${Math.round(this.waitMs() / 1000)} s for it to come back`);
  }

  private back(): void {
    if (this.closing || this.outageSinceMs === undefined) return;
    const seconds = (performance.now() - this.outageSinceMs) / 1000;
    this.outageSinceMs = undefined;
    this.needsRecovery = true;
    this.notice(`Redis is back after ${seconds.toFixed(1)} s; checking the ${this.pending.size} job(s) in flight and resuming`);
  }

  private tick(): void {
    if (this.failure || this.closing) return;
    if (this.outageSinceMs !== undefined) {
      if (performance.now() - this.outageSinceMs > this.waitMs()) {
        this.fail(
          new ClusterUnavailableError(
            `Redis at ${safeUrl(this.options.url)} has been unreachable for more than ${Math.round(this.waitMs() / 1000)} s in the middle of the run; ` +
              `no verdict was reached. Run the command again once Redis is back.`,
          ),
        );
      }
      return;
    }
    const now = performance.now();
    if (!this.reconciling && (this.needsRecovery || (this.pending.size > 0 && now - this.lastReconcileMs >= RECONCILE_MS))) {
      this.lastReconcileMs = now;
      void this.reconcile();
    }
  }

  /** Checks every job in flight against Redis: collects missed results, submits lost jobs again. */
  private async reconcile(): Promise<void> {
    this.reconciling = true;
    const recovering = this.needsRecovery;
    this.needsRecovery = false;
    let submitted = 0;
    try {
      if (recovering) for (const hook of this.recoveryHooks) await hook();
      for (const entry of [...this.pending.values()]) {
        const job: Job | undefined = await this.queue.getJob(entry.id);
        if (!this.pending.has(entry.id)) continue;
        if (!job) {
          // Redis lost it (restarted without persistence): the same job again gives the same result.
          await this.queue.add(entry.name, entry.data, { jobId: entry.id, ...JOB_OPTIONS });
          submitted++;
        } else if (job.finishedOn !== undefined && job.failedReason) await this.onFailed(entry.id, job.failedReason);
        else if (job.finishedOn !== undefined) this.settle(entry.id, job.returnvalue);
      }
      if (submitted > 0) this.notice(`submitted ${submitted} job(s) again that Redis no longer had`);
    } catch {
      if (recovering) this.needsRecovery = true;
    } finally {
      this.reconciling = false;
    }
  }

  private waitMs(): number {
    return this.options.redisWaitMs ?? 30_000;
  }

  private notice(line: string): void {
    (this.options.notice ?? ((text: string) => process.stderr.write(`drift-sim: ${text}\n`)))(line);
  }
}

/** The URL without its password, for messages. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

function whenReady(redis: Redis, waitMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return withTimeout(
    new Promise<void>((resolve) => redis.once('ready', () => resolve())),
    waitMs,
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
