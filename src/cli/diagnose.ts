/**
 * `drift-sim diagnose <incident>`: Gates 1-3, the five checks, and where to route it.
 */
import pc from 'picocolors';
import type { CommandModule } from 'yargs';
import { diagnose } from '../gate/diagnose.js';
import { DEFAULT_BUDGET } from '../gate/search.js';
import { loadIncident } from '../io/load-incident.js';
import { formatGate2Text, gate2ToJson } from '../report/gate2-output.js';
import { stringifyJson } from '../report/json.js';
import { rerunCommand } from '../report/rerun.js';
import { jsonOption } from './common-options.js';
import { guarded } from './exit.js';
import { progressBar } from './progress.js';
import { checkClusterArgs, chooseEvaluator, clusterOptions } from './evaluator-choice.js';

interface DiagnoseArgs {
  incident: string;
  json: boolean;
  workers: number;
  budget: number;
  redis?: string;
  queue: string;
  'redis-wait': number;
}

const ROUTE_WORDS = {
  it: 'Route to IT / the integration vendor.',
  ops: 'Route to operations: the ops manager / inventory lead.',
  both: 'Route to both: operations first for the process gap, then IT.',
} as const;

export const diagnoseCommand: CommandModule<object, DiagnoseArgs> = {
  command: 'diagnose <incident>',
  describe: 'Gates 1-3, the five checks before escalating, and where to route the incident',
  builder: (yargs) =>
    yargs
      .positional('incident', { type: 'string', demandOption: true, describe: 'incident file (YAML or JSON)' })
      .option('json', jsonOption)
      .option('workers', { type: 'number', default: 1, description: 'worker threads for the Gate 2 search' })
      .option('budget', { type: 'number', default: DEFAULT_BUDGET, description: 'at most this many simulations for Gate 2' })
      .options(clusterOptions)
      .check((args) => checkClusterArgs(args))
      .example('$0 diagnose incident.yaml', 'all three gates, the five checks and the route')
      .example('$0 diagnose incident.yaml --redis redis://10.0.0.5:6379', "Gate 2's simulations on the drift-sim workers of a Redis") as never,
  handler: (args) =>
    guarded(async () => {
      const incident = await loadIncident(args.incident);
      const bar = progressBar('gate2');
      const result = await diagnose(incident, { evaluator: await chooseEvaluator(args), budget: args.budget, onProgress: (done, total) => bar.update(done, total) });
      bar.stop();
      const rerun = rerunCommand(args.incident, result.gate2.explanation.map((fault) => fault.spec));
      if (args.json) {
        process.stdout.write(
          stringifyJson({
            incident: incident.name,
            gates: {
              1: { answer: result.gate1.answer, evidence: result.gate1.evidence },
              2: gate2ToJson(incident, result.gate2, rerun),
              3: { answer: result.gate3.answer, covered: result.gate3.covered, onsets: result.gate3.onsets, evidence: result.gate3.evidence },
            },
            checks: result.checks,
            route: result.route,
            reason: result.reason,
          }),
        );
        return;
      }
      const out: string[] = [];
      out.push(pc.bold(`${ROUTE_WORDS[result.route]} ${result.reason}`));
      out.push('');
      out.push(`Gate 1, consistency: ${pc.bold(result.gate1.answer)}`);
      for (const line of result.gate1.evidence) out.push(`  ${line}`);
      out.push(`Gate 2, reproducibility: ${pc.bold(`${result.gate2.answer} / ${result.gate2.problem}`)}`);
      out.push(formatGate2Text(incident, result.gate2, rerun).trimEnd().replace(/^/gm, '  '));
      out.push(`Gate 3, log evidence: ${pc.bold(result.gate3.answer)} (${result.gate3.covered} of ${result.gate3.onsets} drift onsets have a logged failure)`);
      for (const line of result.gate3.evidence) out.push(`  ${line}`);
      out.push('The five checks before escalating:');
      for (const check of result.checks) out.push(`  ${check.check}. ${check.name}: ${check.found ? pc.yellow('FOUND') : 'nothing'} - ${check.finding}`);
      process.stdout.write(`${out.join('\n')}\n`);
    }),
};
