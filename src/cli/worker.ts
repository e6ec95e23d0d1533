/**
 * `drift-sim worker --redis URL`: a long-running worker of a drift-sim cluster (see
 * docs/cluster.md). It evaluates the Gate 2 batches of `gate2 --redis` / `diagnose --redis`
 * and the cases of `suite --redis` until stopped with SIGTERM or SIGINT, when it finishes
 * the job in hand and exits 0.
 */
import type { CommandModule } from 'yargs';
import { stringifyJson } from '../report/json.js';
import { jsonOption } from './common-options.js';
import { checkClusterArgs } from './evaluator-choice.js';
import { guarded } from './exit.js';

interface WorkerArgs {
  redis: string;
  queue: string;
  threads: number;
  cache: number;
  'lock-duration': number;
  'stalled-interval': number;
  'max-stalled': number;
  json: boolean;
  'log-jobs': boolean;
}

export const workerCommand: CommandModule<object, WorkerArgs> = {
  command: 'worker',
  describe: 'run as a cluster worker: evaluate the simulation batches of gate2/diagnose/suite --redis from a BullMQ queue until stopped',
  builder: (yargs) =>
    yargs
      .option('redis', { type: 'string', demandOption: true, requiresArg: true, description: 'the Redis to take jobs from: redis://host:port (rediss:// for TLS)' })
      .option('queue', { type: 'string', default: 'drift-sim', requiresArg: true, description: 'the queue to listen on (coordinators name the same with --queue)' })
      .option('threads', { type: 'number', default: 1, description: 'evaluation threads per job (one worker per core is the usual layout)' })
      .option('cache', { type: 'number', default: 2, description: 'incidents kept loaded between jobs (two searches at once need 2)' })
      .option('lock-duration', { type: 'number', default: 30, description: "seconds a job's lock lives unrenewed: how soon a killed worker's job is run again" })
      .option('stalled-interval', { type: 'number', default: 30, description: 'seconds between this worker\'s checks for stalled jobs (of killed workers)' })
      .option('max-stalled', { type: 'number', default: 3, description: 'times a job may stall (its worker killed) and be run again before it fails' })
      .option('log-jobs', { type: 'boolean', default: false, description: 'log every job taken, on stderr' })
      .option('json', { ...jsonOption, description: 'on stop, print one JSON document with the jobs answered, failed and refused' })
      .check((args) => {
        for (const name of ['threads', 'cache', 'max-stalled'] as const) {
          if (!Number.isInteger(args[name]) || args[name] < 1 || args[name] > 64) return `--${name} takes a whole number from 1 to 64`;
        }
        for (const name of ['lock-duration', 'stalled-interval'] as const) {
          if (!Number.isFinite(args[name]) || args[name] <= 0) return `--${name} takes a positive number of seconds`;
        }
        return checkClusterArgs(args);
      })
      .example('$0 worker --redis redis://10.0.0.5:6379', 'take simulation batches from that Redis until stopped')
      .example('$0 worker --redis redis://127.0.0.1:6379 --queue drift-sim-0.1.0', 'a queue of its own, e.g. one per drift-sim version') as never,
  handler: (args) =>
    guarded(async () => {
      const { startClusterWorker } = await import('../cluster/cluster-worker.js');
      const worker = await startClusterWorker({
        url: args.redis,
        queue: args.queue,
        threads: args.threads,
        cacheIncidents: args.cache,
        lockDurationMs: args['lock-duration'] * 1000,
        stalledIntervalMs: args['stalled-interval'] * 1000,
        maxStalledCount: args['max-stalled'],
        logJobs: args['log-jobs'],
      });
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      process.stderr.write('drift-sim worker: stopping after the job in hand\n');
      await worker.close();
      if (args.json) process.stdout.write(stringifyJson(worker.stats()));
      // A Redis client still retrying a lost server would keep the process alive: it is done.
      setTimeout(() => process.exit(), 1000).unref();
    }),
};
