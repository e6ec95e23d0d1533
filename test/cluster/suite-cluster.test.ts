/**
 * Issue 15: `drift-sim suite` runs every scenario of a folder and N property seeds, here or
 * on the workers of a Redis, and writes the same JUnit XML either way. A scenario is held to
 * its file's expect.gate2; property seed N's generated scenario has the cause seed % 3 names
 * (0 integration, 1 process, 2 both) and Gate 2 must find it.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_MISSING, REDIS_REQUIRED, ROOT, TestRedis, TestWorker, cli } from './cluster-harness.js';

const EXPECTED_FOR_SEED = ['yes/integration (cause integration)', 'no/process (cause process)', 'no/both (cause both)'];

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'drift-sim-suite-'));
  await copyFile(join(ROOT, 'scenarios', 'weekend-batch-gap.yaml'), join(folder, 'weekend-batch-gap.yaml'));
  await copyFile(join(ROOT, 'scenarios', 'storefront-sits-low.yaml'), join(folder, 'storefront-sits-low.yaml'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface Summary {
  cases: { name: string; status: string; message: string }[];
  passed: number;
  failed: number;
}

describe('suite, here (no Redis needed)', () => {
  it('fails a scenario whose verdict is not its expect.gate2, in the XML and with --exit-code', async () => {
    const wrong = await mkdtemp(join(tmpdir(), 'drift-sim-suite-wrong-'));
    try {
      const text = await readFile(join(ROOT, 'scenarios', 'weekend-batch-gap.yaml'), 'utf8');
      expect(text).toMatch(/answer: yes/);
      await writeFile(join(wrong, 'mislabelled.yaml'), text.replace(/answer: yes/, 'answer: no').replace(/problem: integration/, 'problem: process'));
      const junit = join(wrong, 'junit.xml');
      const run = await cli(['suite', wrong, '--junit', junit, '--exit-code']);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stdout).toContain('FAILED mislabelled.yaml: expected no/process, got yes/integration');
      const xml = await readFile(junit, 'utf8');
      expect(xml).toContain('<testsuites name="drift-sim suite" tests="1" failures="1" errors="0" skipped="0">');
      expect(xml).toContain('<failure message="expected no/process, got yes/integration" type="verdict">');
    } finally {
      await rm(wrong, { recursive: true, force: true });
    }
  }, 300_000);
});

if (REDIS_MISSING && REDIS_REQUIRED) {
  describe('suite --redis (DRIFT_SIM_REQUIRE_REDIS=1)', () => {
    it('needs redis-server', () => {
      throw new Error(`DRIFT_SIM_REQUIRE_REDIS=1 but ${REDIS_MISSING}`);
    });
  });
}

describe.skipIf(REDIS_MISSING !== undefined)(`suite --redis on a real cluster${REDIS_MISSING ? ` (NOT RUN: ${REDIS_MISSING})` : ''}`, () => {
  let redis: TestRedis;
  const workers: TestWorker[] = [];

  beforeAll(async () => {
    redis = await TestRedis.start();
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill('SIGKILL')));
    await redis?.kill();
  });

  it('two scenarios and three property seeds: the same JUnit XML as here, every case held to its verdict', async () => {
    workers.push(new TestWorker(redis.url), new TestWorker(redis.url));
    const here = join(folder, 'here.xml');
    const there = join(folder, 'cluster.xml');
    const [local, cluster] = await Promise.all([
      cli(['suite', folder, '--seeds', '3', '--junit', here, '--json']),
      cli(['suite', folder, '--seeds', '3', '--junit', there, '--json', '--redis', redis.url]),
    ]);
    expect(local.status, local.stderr).toBe(0);
    expect(cluster.status, cluster.stderr).toBe(0);
    expect(await readFile(there, 'utf8')).toBe(await readFile(here, 'utf8'));
    const summary = JSON.parse(cluster.stdout) as Summary;
    expect(summary.cases.map((c) => [c.name, c.status, c.message])).toEqual([
      ['storefront-sits-low.yaml', 'passed', 'no/process'],
      ['weekend-batch-gap.yaml', 'passed', 'yes/integration'],
      ['seed 1', 'passed', EXPECTED_FOR_SEED[1]],
      ['seed 2', 'passed', EXPECTED_FOR_SEED[2]],
      ['seed 3', 'passed', EXPECTED_FOR_SEED[0]],
    ]);
    // Both workers took cases.
    for (const worker of workers) expect(worker.stderr).toContain('took job');
  }, 300_000);
});
