/**
 * Where a command's Gate 2 simulations run: worker threads here (`--workers N`), or the
 * `drift-sim worker` processes behind a Redis (`--redis URL`). A command that searches adds
 * `clusterOptions` to its builder and asks `chooseEvaluator(args)` for its factory; BullMQ
 * is imported only when `--redis` is given, so nothing else changes without it.
 *
 * @example
 * builder: (yargs) => yargs.options(clusterOptions),
 * handler: async (args) => gate2(incident, { evaluator: await chooseEvaluator(args) }),
 */
import type { Options } from 'yargs';
import { threadEvaluator } from '../adapters/evaluators.js';
import type { EvaluatorFactory } from '../gate/gate2.js';

/** `--redis`, `--queue`, `--redis-wait`: shared by every command that can use the workers. */
export const clusterOptions = {
  redis: {
    type: 'string',
    requiresArg: true,
    description: 'run the simulations on the drift-sim workers of this Redis (redis://host:port; see docs/cluster.md); the answer is the same bytes',
  },
  queue: { type: 'string', default: 'drift-sim', requiresArg: true, description: 'with --redis: the queue the workers listen on' },
  'redis-wait': {
    type: 'number',
    default: 30,
    requiresArg: true,
    description: 'with --redis: seconds to wait for Redis when it is unreachable before giving up (exit 69)',
  },
} satisfies Record<string, Options>;

export interface EvaluatorChoiceArgs {
  workers?: number;
  redis?: string;
  queue?: string;
  'redis-wait'?: number;
}

/** Worker threads, or with `--redis` the cluster's workers. */
export async function chooseEvaluator(args: EvaluatorChoiceArgs): Promise<EvaluatorFactory> {
  if (!args.redis) return threadEvaluator(args.workers ?? 1);
  const { redisEvaluator } = await import('../cluster/redis-evaluator.js');
  return redisEvaluator({ url: args.redis, queue: args.queue ?? 'drift-sim', redisWaitMs: (args['redis-wait'] ?? 30) * 1000 });
}

/**
 * For yargs .check: true, or the one-line usage problem (a returned string, which the CLI
 * reports as bad usage, exit 2) with --redis or --redis-wait.
 */
export function checkClusterArgs(args: EvaluatorChoiceArgs): true | string {
  const wait = args['redis-wait'];
  if (wait !== undefined && (!Number.isFinite(wait) || wait <= 0)) return '--redis-wait takes a positive number of seconds';
  if (args.redis !== undefined && !/^rediss?:\/\//.test(args.redis)) return '--redis takes a URL: redis://host:port (rediss:// for TLS)';
  return true;
}
