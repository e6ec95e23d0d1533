/**
 * What the cluster tests need: a real `redis-server` on a free loopback port (started and
 * stopped by the test, never one started by hand), `drift-sim worker` processes from the
 * built CLI, and the CLI run as a user runs it. When redis-server is not installed the
 * tests say so loudly and skip, unless DRIFT_SIM_REQUIRE_REDIS=1 (CI), where they fail.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = `${ROOT}bin/drift-sim.js`;

/** Why the cluster tests cannot run here, or undefined when they can. */
export const REDIS_MISSING: string | undefined = (() => {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : 'redis-server is not installed (Debian: apt-get install -y redis-server)';
})();

/** CI sets this: then a missing redis-server fails the tests instead of skipping them. */
export const REDIS_REQUIRED = process.env.DRIFT_SIM_REQUIRE_REDIS === '1';

if (REDIS_MISSING) {
  const banner = REDIS_REQUIRED
    ? `DRIFT_SIM_REQUIRE_REDIS=1 and ${REDIS_MISSING}: the cluster tests FAIL`
    : `THE CLUSTER TESTS DID NOT RUN: ${REDIS_MISSING}. Set DRIFT_SIM_REQUIRE_REDIS=1 to make this a failure.`;
  console.warn(`\n${'!'.repeat(banner.length + 8)}\n!!! ${banner} !!!\n${'!'.repeat(banner.length + 8)}\n`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A redis-server of the test's own, without persistence (a restart starts it empty). */
export class TestRedis {
  private process: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<TestRedis> {
    const redis = new TestRedis(await freePort());
    await redis.restart();
    return redis;
  }

  /** Starts (again) on the same port. */
  async restart(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process = child;
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let tries = 0; tries < 100; tries++) {
      if (output.includes('Ready to accept connections')) return;
      if (child.exitCode !== null) throw new Error(`redis-server exited: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`redis-server did not get ready:\n${output}`);
  }

  /** Kills it outright (SIGKILL: as a crash or a lost machine) and waits for it to be gone. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}

/** A `drift-sim worker` process; its stderr is kept for the test to read. */
export class TestWorker {
  stderr = '';
  private readonly exited: Promise<unknown>;

  constructor(
    url: string,
    extra: string[] = [],
    bin = BIN,
    readonly child: ChildProcess = spawn(process.execPath, [bin, 'worker', '--redis', url, '--lock-duration', '2', '--stalled-interval', '1', '--log-jobs', ...extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) {
    this.exited = once(child, 'exit');
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /** Resolves when the worker has written `text` on stderr (within `ms`). */
  async waitFor(text: string, ms = 60_000): Promise<void> {
    for (let waited = 0; waited < ms; waited += 20) {
      if (this.stderr.includes(text)) return;
      if (this.child.exitCode !== null) throw new Error(`the worker exited before writing "${text}":\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`the worker did not write "${text}" within ${ms} ms:\n${this.stderr}`);
  }

  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    await this.exited;
  }
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to the end, as a user would. */
export async function cli(args: readonly string[]): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [status] = (await once(child, 'exit')) as [number | null];
  return { status, stdout, stderr };
}

/** Starts the CLI and hands back the running child with its outputs so far. */
export function startCli(args: readonly string[]): { done: Promise<CliRun> } {
  return { done: cli(args) };
}
