/**
 * The cluster benchmark (opt-in: `npm run bench -- --cluster`, needs Debian's redis-server):
 * the Gate 2 bench case (100,000 movements) searched with its batches on one, two and three
 * `drift-sim worker` processes of a redis-server started here on a loopback port, against
 * the same search in one process (`--workers 1`) measured in the same run.
 *
 * - speed-up: one-process wall time / cluster wall time;
 * - queue overhead per simulation: (one-worker cluster wall - one-process wall) / simulations,
 *   as a share of a simulation's cost (one-process wall / simulations). With one worker the
 *   cluster runs exactly the same simulations one after another, so the difference is what
 *   the queue adds: Redis round trips, JSON, the incident's transfer and the worker's thread.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface ClusterFigures {
  simulations: number;
  answer: string;
  oneProcessMs: number;
  clusterMs: { workers: number; wallMs: number; answer: string }[];
}

type Measure = (...taskArgs: string[]) => { wallMs: number; [figure: string]: number | string };

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
}

/** Runs the comparison; undefined (with the reason on stderr) when redis-server is missing. */
export async function benchCluster(root: string, scenario: string, observeMs: number, measure: Measure): Promise<ClusterFigures | undefined> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    process.stderr.write('cluster benchmark skipped: redis-server is not installed (apt-get install -y redis-server)\n');
    return undefined;
  }
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const workers: ChildProcess[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const local = measure('gate2', scenario, String(observeMs), '1');
    const figures: ClusterFigures = { simulations: Number(local.simulations), answer: String(local.answer), oneProcessMs: local.wallMs, clusterMs: [] };
    for (const count of [1, 2, 3]) {
      while (workers.length < count) workers.push(spawn(process.execPath, [join(root, 'bin', 'drift-sim.js'), 'worker', '--redis', url], { stdio: 'ignore' }));
      await new Promise((resolve) => setTimeout(resolve, 1500)); // the new worker connects
      const run = measure('gate2-cluster', scenario, String(observeMs), url);
      if (Number(run.simulations) !== figures.simulations) throw new Error(`the cluster ran ${run.simulations} simulations, one process ${figures.simulations}`);
      figures.clusterMs.push({ workers: count, wallMs: run.wallMs, answer: String(run.answer) });
    }
    return figures;
  } finally {
    for (const worker of workers) worker.kill('SIGTERM');
    redis.kill('SIGTERM');
  }
}
