/**
 * One benchmark measurement, run in its own process so that its peak memory is its own.
 * Prints one JSON line: { task, wallMs, cpuMs, maxRssMb, ...figures }.
 *
 * Wall-clock time is read here, in the benchmark, never in the engine or the search.
 */
import { threadEvaluator } from '../src/adapters/evaluators.js';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { gate2 } from '../src/gate/gate2.js';
import { loadIncident } from '../src/io/load-incident.js';
import { emitIncident } from '../src/sim/emit-incident.js';
import { Simulation } from '../src/sim/engine.js';
import { formatFaultFlag } from '../src/sim/faults/index.js';

function report(task: string, started: { wall: number; cpu: NodeJS.CpuUsage }, figures: Record<string, number | string>): void {
  const cpu = process.cpuUsage(started.cpu);
  const wallMs = performance.now() - started.wall;
  process.stdout.write(
    `${JSON.stringify({ task, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, ...figures })}\n`,
  );
}

function start() {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}

async function readAndParse(path: string): Promise<void> {
  const started = start();
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let parsed = 0;
  for await (const line of lines) if (JSON.parse(line)) parsed++;
  report('read+parse', started, { lines: parsed });
}

async function replayFile(path: string): Promise<void> {
  const started = start();
  const incident = await loadIncident(path);
  const loadedMs = performance.now() - started.wall;
  const run = await new Simulation(incident).run();
  report('load+replay', started, { movements: run.stats.movements, messages: run.stats.messages, deliveries: run.stats.deliveries, cycles: run.stats.cycles, loadMs: loadedMs });
}

async function gate2Bench(path: string, observeMs: number, workers: number): Promise<void> {
  // observeMs 0: `path` is already an incident with its observations (the sparse case).
  const scenario = await loadIncident(path);
  const incident = observeMs > 0 ? (await emitIncident(scenario, observeMs)).incident : scenario;
  // One plain replay, timed in this same process (warm, like the search's), as the unit of cost.
  let plainMs = Infinity;
  for (let round = 0; round < 3; round++) {
    const plain = performance.now();
    await new Simulation(incident).run();
    plainMs = Math.min(plainMs, performance.now() - plain);
  }
  const started = start();
  const result = await gate2(incident, { evaluator: threadEvaluator(workers) });
  report('gate2', started, {
    workers,
    movements: incident.movements.length,
    observations: incident.observations.length,
    answer: `${result.answer}/${result.problem}`,
    explanation: result.explanation.map((fault) => fault.spec.kind).join('+'),
    found: result.explanation.map((fault) => formatFaultFlag(fault.spec)).join(' '),
    simulations: result.searched.simulations,
    plainReplayMs: plainMs,
  });
}

/** The same search with its batches on the `drift-sim worker` processes of a Redis (bench --cluster). */
async function gate2ClusterBench(path: string, observeMs: number, url: string): Promise<void> {
  const scenario = await loadIncident(path);
  const { incident } = await emitIncident(scenario, observeMs);
  const { redisEvaluator } = await import('../src/cluster/redis-evaluator.js');
  const started = start();
  const result = await gate2(incident, { evaluator: redisEvaluator({ url }) });
  report('gate2-cluster', started, {
    answer: `${result.answer}/${result.problem}`,
    explanation: result.explanation.map((fault) => fault.spec.kind).join('+'),
    simulations: result.searched.simulations,
  });
}

const [task, ...rest] = process.argv.slice(2);
if (task === 'read+parse') await readAndParse(rest[0]!);
else if (task === 'load+replay') await replayFile(rest[0]!);
else if (task === 'gate2') await gate2Bench(rest[0]!, Number(rest[1]), Number(rest[2] ?? 1));
else if (task === 'gate2-cluster') await gate2ClusterBench(rest[0]!, Number(rest[1]), rest[2]!);
else {
  process.stderr.write(`unknown task ${String(task)}\n`);
  process.exitCode = 2;
}
