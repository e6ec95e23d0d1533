/**
 * `npm run bench`: the figures the README reports, each against a baseline measured in the
 * same run (the machine is shared and noisy, so only ratios travel), with peak memory.
 *
 * 1. Replay: a generated incident of 1,000,000 movements over 2,000 SKUs in NDJSON through a
 *    three-system chain (a 15-minute batch and an event link), against merely reading the
 *    same file line by line and JSON.parse-ing each line. Target: ratio <= 2.0, peak <= 1 GB.
 * 2. Gate 2: 100,000 movements, 200 SKUs, 7 days, one integration rule and one intervention.
 *    Target: wall time <= 30 s on this 2-core machine; time per simulation against one
 *    plain replay measured in the same process.
 * 3. Http transport: N deliveries by `HttpTransport.deliver` (Shopify `inventoryAdjustQuantities`
 *    through the mocked Admin GraphQL API, msw in-process) against a bare msw round trip (a
 *    fetch to a trivial handler answering constant JSON), rounds alternating in this process.
 *    Target: per-request cost ratio <= 1.5. Its peak memory is this process's (the other
 *    sections run in children).
 *
 * 4. Cluster (opt-in, `--cluster`; needs redis-server): the Gate 2 case on one, two and three
 *    `drift-sim worker` processes against the same search in one process; speed-up and the
 *    queue's overhead per simulation (target: <= 5% of a simulation's cost). See cluster.ts.
 *
 * Each measurement runs in its own process (its peak memory is its own); replay rounds
 * alternate with their baseline and the medians are compared.
 *
 * Usage: npm run bench [-- --movements N --rounds R --deliveries N --skip-gate2 --skip-replay --skip-http --cluster]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGate2Scenario, writeReplayIncident } from './generate.js';
import { benchCluster } from './cluster.js';
import { benchHttpTransport } from './http-transport.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};

interface Measurement {
  task: string;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  [figure: string]: number | string;
}

function measure(...taskArgs: string[]): Measurement {
  const result = spawnSync(process.execPath, [join(here, 'task.js'), ...taskArgs], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`bench task ${taskArgs[0]} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Measurement;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (value: number, digits = 0) => value.toFixed(digits);

if (!args.includes('--skip-replay')) {
  const movements = option('movements', 1_000_000);
  const rounds = option('rounds', 3);
  process.stdout.write(`Replay benchmark: generating ${movements} movements over 2000 SKUs (cached in .bench/)...\n`);
  const incident = await writeReplayIncident(join(root, '.bench', 'replay'), { movements, skus: 2000, days: 30, seed: 20261128 });
  const movementsFile = join(root, '.bench', 'replay', 'movements.ndjson');
  const baseline: Measurement[] = [];
  const replay: Measurement[] = [];
  for (let round = 0; round < rounds; round++) {
    baseline.push(measure('read+parse', movementsFile));
    replay.push(measure('load+replay', incident));
  }
  const base = median(baseline.map((m) => m.wallMs));
  const subject = median(replay.map((m) => m.wallMs));
  const last = replay[replay.length - 1]!;
  process.stdout.write(
    [
      `  read + JSON.parse, line by line: ${fmt(base)} ms (median of ${rounds}), peak ${fmt(median(baseline.map((m) => m.maxRssMb)))} MB`,
      `  load + validate + replay:        ${fmt(subject)} ms (median of ${rounds}; load ${fmt(median(replay.map((m) => Number(m.loadMs))))} ms), peak ${fmt(median(replay.map((m) => m.maxRssMb)))} MB`,
      `  ratio replay / read+parse: ${fmt(subject / base, 2)} (target <= 2.0)`,
      `  ${fmt((Number(last.movements) / subject) * 1000)} movements/s end to end; ${last.messages} link messages, ${last.deliveries} deliveries, ${last.cycles} cycles`,
      '',
    ].join('\n'),
  );
}

if (!args.includes('--skip-gate2')) {
  const spec = { movements: 100_000, skus: 200, days: 7, seed: 7, observeMs: 4 * 3_600_000 };
  const scenario = await writeGate2Scenario(join(root, '.bench', 'gate2'), spec);
  for (const workers of [2, 1]) {
    const m = measure('gate2', scenario, String(spec.observeMs), String(workers));
    const perSimulation = m.wallMs / Number(m.simulations);
    process.stdout.write(
      [
        `Gate 2 benchmark (${m.movements} movements, ${spec.skus} SKUs, ${spec.days} days, ${m.observations} observations; one rule and one intervention), --workers ${workers}:`,
        `  answer ${m.answer} (${m.explanation}), ${m.simulations} simulations, wall ${fmt(m.wallMs / 1000, 1)} s (target <= 30 s), peak ${fmt(m.maxRssMb)} MB`,
        `  ${fmt(perSimulation)} ms per simulation against ${fmt(Number(m.plainReplayMs))} ms for one plain replay: ratio ${fmt(perSimulation / Number(m.plainReplayMs), 2)}`,
        '',
      ].join('\n'),
    );
  }
}

if (!args.includes('--skip-http')) {
  const m = await benchHttpTransport({ deliveries: option('deliveries', 5000), rounds: option('rounds', 3) });
  process.stdout.write(
    [
      `Http transport benchmark (${m.deliveries} Shopify inventoryAdjustQuantities deliveries, median of ${m.rounds} alternating rounds):`,
      `  bare msw round trip (fetch + constant JSON): ${fmt(m.bareUs)} µs/request, ${fmt(m.barePerSecond)} requests/s`,
      `  HttpTransport.deliver:                       ${fmt(m.transportUs)} µs/request, ${fmt(m.transportPerSecond)} requests/s`,
      `  per-request cost ratio: ${fmt(m.ratio, 2)} (target <= 1.5), peak ${fmt(m.maxRssMb)} MB`,
      '',
    ].join('\n'),
  );
}

if (args.includes('--cluster')) {
  const spec = { movements: 100_000, skus: 200, days: 7, seed: 7, observeMs: 4 * 3_600_000 };
  const scenario = await writeGate2Scenario(join(root, '.bench', 'gate2'), spec);
  const m = await benchCluster(root, scenario, spec.observeMs, measure);
  if (m) {
    const perSimulation = m.oneProcessMs / m.simulations;
    const one = m.clusterMs[0]!;
    const overhead = (one.wallMs - m.oneProcessMs) / m.simulations;
    process.stdout.write(
      [
        `Cluster benchmark (the Gate 2 case above, ${m.simulations} simulations, answer ${m.answer}; redis-server on loopback):`,
        `  one process (--workers 1): ${fmt(m.oneProcessMs / 1000, 1)} s, ${fmt(perSimulation)} ms per simulation`,
        ...m.clusterMs.map((run) => `  --redis, ${run.workers} worker process(es): ${fmt(run.wallMs / 1000, 1)} s, speed-up ${fmt(m.oneProcessMs / run.wallMs, 2)}, answer ${run.answer}`),
        `  queue overhead per simulation (1 worker against one process): ${fmt(overhead, 1)} ms, ${fmt((overhead / perSimulation) * 100, 1)}% of a simulation (target <= 5%)`,
        '',
      ].join('\n'),
    );
  }
}
