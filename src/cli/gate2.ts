/**
 * `drift-sim gate2 <incident>`: the Gate 2 verdict (gates.md).
 */
import { withStartingCounts } from '../sim/starting-counts.js';
import type { CommandModule } from 'yargs';
import { threadMeasurer } from '../adapters/fix-measurers.js';
import { proveFixes } from '../fix/prove-fixes.js';
import { gate2 } from '../gate/gate2.js';
import { DEFAULT_BUDGET, type Gate2Result } from '../gate/search.js';
import type { Incident } from '../sim/model.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { loadIncident } from '../io/load-incident.js';
import { formatGate2Text, gate2ToJson } from '../report/gate2-output.js';
import { stringifyJson } from '../report/json.js';
import { gate2RerunCommand } from '../report/rerun.js';
import { replay } from '../sim/replay.js';
import { exitCodeOption, jsonOption, transportOption } from './common-options.js';
import { type TransportChoice, transportFor } from './transport-choice.js';
import { EXIT_ANSWER, EXIT_DONE, guarded } from './exit.js';
import { progressBar } from './progress.js';
import { checkClusterArgs, chooseEvaluator, clusterOptions } from './evaluator-choice.js';

/** Gate 2's explanation against the remedy library, for the report's "What would fix it". */
async function proveFixesForReport(incident: Incident, result: Gate2Result, file: string, workers: number) {
  const recorded = { ...incident, faults: [] };
  const pool = threadMeasurer(recorded, workers);
  try {
    const fix = await proveFixes(recorded, result.explanation.map((fault) => fault.spec), { measure: pool.measure, ...(result.problem === 'unexplained' ? { plans: [] } : {}) });
    return { result: fix, context: { file, gate2: result } };
  } finally {
    await pool.close();
  }
}

interface Gate2Args {
  incident: string;
  json: boolean;
  report?: string;
  workers: number;
  budget: number;
  transport: TransportChoice;
  'exit-code': boolean;
  redis?: string;
  queue: string;
  'redis-wait': number;
}

export const gate2Command: CommandModule<object, Gate2Args> = {
  command: 'gate2 <incident>',
  describe: 'answer Gate 2: does replaying the recorded inputs reproduce the drift (integration) or does it need a human action (process)?',
  builder: (yargs) =>
    yargs
      .positional('incident', { type: 'string', demandOption: true, describe: 'incident file (YAML or JSON)' })
      .option('json', jsonOption)
      .option('report', { type: 'string', requiresArg: true, description: 'write a self-contained HTML report with charts' })
      .option('workers', { type: 'number', default: 1, description: 'worker threads for simulations (the answer is the same for any number)' })
      .option('budget', { type: 'number', default: DEFAULT_BUDGET, description: 'at most this many simulations' })
      .option('exit-code', exitCodeOption)
      .options(clusterOptions)
      .option('transport', {
        ...transportOption,
        description: 'in-process for the search; with http, the explanation is also replayed through fetch to the mocked APIs as a second proof',
      })
      .check((args) => {
        if (!Number.isInteger(args.workers) || args.workers < 1 || args.workers > 64) throw new Error('--workers takes a whole number from 1 to 64');
        if (!Number.isInteger(args.budget) || args.budget < 1) throw new Error('--budget takes a positive whole number');
        return checkClusterArgs(args);
      })
      .example('$0 gate2 incident.yaml --report gate2.html', 'the verdict, the smallest explanation, and an HTML report')
      .example('$0 gate2 incident.yaml --json --workers 2', 'the verdict as JSON, simulations on two threads')
      .example('$0 gate2 incident.yaml --redis redis://10.0.0.5:6379', 'simulations on the drift-sim workers of a Redis (docs/cluster.md); the same answer')
      .example('$0 gate2 incident.yaml --transport http', 'also prove the explanation through the mocked WMS / NetSuite / Shopify APIs') as never,
  handler: (args) =>
    guarded(async () => {
      const incident = await loadIncident(args.incident);
      const bar = progressBar('gate2');
      const result = await gate2(incident, { budget: args.budget, evaluator: await chooseEvaluator(args), onProgress: (done, total) => bar.update(done, total) });
      bar.stop();
      const rerun = gate2RerunCommand(args.incident, incident, result, args.transport === 'http' ? ['--transport', 'http'] : []);
      if (args.transport === 'http' && result.problem !== 'unexplained') {
        // The search runs in-process (the fast path); the proof is replayed once more over HTTP.
        const proof = await replay(withStartingCounts(incident, result.startingCounts), { faults: result.explanation.map((fault) => fault.spec), ...transportFor('http', incident) });
        if (!proof.summary.reproduces) throw new Error(`gate2: the explanation does not reproduce over the http transport (${proof.summary.matched}/${proof.summary.observations})`);
      }
      if (args.report) {
        // The report says what would fix it: every remedy that answers the explanation, replayed.
        const fix = await proveFixesForReport(incident, result, args.incident, args.workers);
        await writeFileAtomic(args.report, await (await import('../report/html-report.js')).renderGate2Report(incident, result, { rerun, fix }));
      }
      if (args.json) process.stdout.write(stringifyJson(gate2ToJson(incident, result, rerun)));
      else {
        process.stdout.write(formatGate2Text(incident, result, rerun));
        if (args.report) process.stdout.write(`Report: ${args.report}\n`);
      }
      return args['exit-code'] && result.answer === 'no' ? EXIT_ANSWER : EXIT_DONE;
    }),
};
