/**
 * Issue 15: Gate 2 on a Redis / BullMQ cluster. A real redis-server on a loopback port, real
 * `drift-sim worker` processes, the CLI as a user runs it; every cluster answer is compared
 * byte for byte with the same command on one machine (no --redis), and every cluster fault
 * (a worker killed mid-job, Redis stopped or restarted mid-search, a worker of another
 * version, two searches at once) either changes nothing or ends without a verdict, with
 * its own exit status.
 */
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type CliRun, REDIS_MISSING, REDIS_REQUIRED, ROOT, TestRedis, TestWorker, cli } from './cluster-harness.js';

const INCIDENTS = [
  'scenarios/storefront-sits-low.yaml',
  'scenarios/weekend-batch-gap.yaml',
  'test/fixtures/io/examples/storefront-sits-low.yaml',
  'test/fixtures/io/examples/weekend-batch-gap.yaml',
];
/** The search with the most rounds among them: a run long enough to be interrupted. */
const LONG = 'scenarios/storefront-sits-low.yaml';

if (REDIS_MISSING && REDIS_REQUIRED) {
  describe('cluster tests (DRIFT_SIM_REQUIRE_REDIS=1)', () => {
    it('need redis-server', () => {
      throw new Error(`DRIFT_SIM_REQUIRE_REDIS=1 but ${REDIS_MISSING}`);
    });
  });
}

describe.skipIf(REDIS_MISSING !== undefined)(`gate2 --redis on a real cluster${REDIS_MISSING ? ` (NOT RUN: ${REDIS_MISSING})` : ''}`, () => {
  let redis: TestRedis;
  const oneMachine = new Map<string, string>();
  const workers: TestWorker[] = [];
  const startWorkers = (count: number, extra: string[] = []) => {
    const started = Array.from({ length: count }, () => new TestWorker(redis.url, extra));
    workers.push(...started);
    return started;
  };
  const stopWorkers = async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.kill('SIGKILL')));
  };
  const expectSame = (run: CliRun, file: string) => {
    expect(run.stderr, file).not.toContain('internal error');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout, file).toBe(oneMachine.get(file));
  };

  beforeAll(async () => {
    redis = await TestRedis.start();
    const runs = await Promise.all(INCIDENTS.map((file) => cli(['gate2', file, '--json'])));
    runs.forEach((run, index) => {
      expect(run.status, run.stderr).toBe(0);
      oneMachine.set(INCIDENTS[index]!, run.stdout);
    });
  }, 300_000);

  afterAll(async () => {
    await stopWorkers();
    await redis?.kill();
  });

  it('gives byte-identical Gate 2 JSON to one machine on every bundled incident (3 workers)', async () => {
    const started = startWorkers(3);
    // Two searches at a time (the other test below has them truly side by side).
    for (let index = 0; index < INCIDENTS.length; index += 2) {
      const pair = INCIDENTS.slice(index, index + 2);
      const runs = await Promise.all(pair.map((file) => cli(['gate2', file, '--json', '--redis', redis.url])));
      runs.forEach((run, offset) => expectSame(run, pair[offset]!));
    }
    // The work was spread: every worker took jobs.
    for (const worker of started) expect(worker.stderr).toContain('took job');
    await stopWorkers();
  }, 300_000);

  it('diagnose --redis gives the same JSON as on one machine', async () => {
    startWorkers(2);
    const local = await cli(['diagnose', LONG, '--json']);
    const cluster = await cli(['diagnose', LONG, '--json', '--redis', redis.url]);
    expect(cluster.status, cluster.stderr).toBe(0);
    expect(cluster.stdout).toBe(local.stdout);
    await stopWorkers();
  }, 300_000);

  it('a worker killed with SIGKILL mid-job changes nothing: its job stalls and another worker runs it', async () => {
    const [doomed] = startWorkers(1);
    const search = cli(['gate2', LONG, '--json', '--redis', redis.url]);
    // Killed as soon as it has taken its first job: fetching the incident and starting its
    // thread alone take longer than this, so the job is in hand, unanswered.
    await doomed!.waitFor('took job');
    await doomed!.kill('SIGKILL');
    const survivors = startWorkers(2);
    const run = await search;
    expectSame(run, LONG);
    // The stalled-job check of a survivor found the dead worker's job and queued it again.
    expect(survivors.map((worker) => worker.stderr).join('')).toContain('had stalled');
    await stopWorkers();
  }, 300_000);

  it('two searches at once on one queue are kept apart: each gets its own answer', async () => {
    startWorkers(3);
    const [a, b] = await Promise.all([
      cli(['gate2', 'scenarios/storefront-sits-low.yaml', '--json', '--redis', redis.url]),
      cli(['gate2', 'scenarios/weekend-batch-gap.yaml', '--json', '--redis', redis.url]),
    ]);
    expectSame(a!, 'scenarios/storefront-sits-low.yaml');
    expectSame(b!, 'scenarios/weekend-batch-gap.yaml');
    await stopWorkers();
  }, 300_000);

  it('a worker of another drift-sim version refuses the job: exit 76, no verdict', async () => {
    // A copy of the built package that says it is another version.
    const folder = await mkdtemp(join(tmpdir(), 'drift-sim-other-version-'));
    try {
      const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
      await writeFile(join(folder, 'package.json'), JSON.stringify({ ...manifest, version: '9.9.9-other' }));
      await cp(join(ROOT, 'dist'), join(folder, 'dist'), { recursive: true });
      await cp(join(ROOT, 'bin'), join(folder, 'bin'), { recursive: true });
      await symlink(join(ROOT, 'node_modules'), join(folder, 'node_modules'));
      const other = new TestWorker(redis.url, ['--queue', 'version-check'], join(folder, 'bin', 'drift-sim.js'));
      workers.push(other);
      await other.waitFor('drift-sim 9.9.9-other');
      const run = await cli(['gate2', LONG, '--json', '--redis', redis.url, '--queue', 'version-check']);
      expect(run.status, run.stderr).toBe(76);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('9.9.9-other');
      expect(run.stderr).toMatch(/refused/);
      expect(other.stderr).toContain('refused job');
    } finally {
      await stopWorkers();
      await rm(folder, { recursive: true, force: true });
    }
    expect(BIN).toContain('bin/drift-sim.js');
  }, 300_000);

  it('Redis restarted (empty) mid-search: the coordinator says so, resumes, and the answer is the same', async () => {
    const [first] = startWorkers(2);
    const search = cli(['gate2', LONG, '--json', '--redis', redis.url, '--redis-wait', '60']);
    await first!.waitFor('took job');
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await redis.restart();
    const run = await search;
    expectSame(run, LONG);
    expect(run.stderr).toContain('lost the connection to Redis');
    expect(run.stderr).toContain('Redis is back');
    await stopWorkers();
  }, 300_000);

  it('Redis stopped mid-search: a clear message and exit 69, never a verdict', async () => {
    const [first] = startWorkers(2);
    const search = cli(['gate2', LONG, '--json', '--redis', redis.url, '--redis-wait', '2']);
    await first!.waitFor('took job');
    await redis.kill();
    const run = await search;
    expect(run.status, run.stderr).toBe(69);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unreachable for more than 2 s');
    expect(run.stderr).toContain('no verdict');
    expect(run.stderr).not.toContain('internal error');
    await stopWorkers();
    await redis.restart();
  }, 300_000);

  it('Redis not there at all: exit 69 after --redis-wait, with the URL named', async () => {
    const run = await cli(['gate2', LONG, '--json', '--redis', 'redis://127.0.0.1:1', '--redis-wait', '1']);
    expect(run.status, run.stderr).toBe(69);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('cannot reach Redis at redis://127.0.0.1:1');
  }, 60_000);
});
