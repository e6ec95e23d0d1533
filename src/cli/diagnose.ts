/**
 * `drift-sim diagnose <incident>`: Gates 1-3, the five checks, the decision table filled in
 * for the incident, and where to route it.
 */
import type { CommandModule } from 'yargs';
import { diagnose } from '../gate/diagnose.js';
import { DEFAULT_BUDGET } from '../gate/search.js';
import { loadIncident } from '../io/load-incident.js';
import { diagnoseToJson, formatDiagnoseText } from '../report/diagnose-output.js';
import { stringifyJson } from '../report/json.js';
import { gate2RerunCommand } from '../report/rerun.js';
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

export const diagnoseCommand: CommandModule<object, DiagnoseArgs> = {
  command: 'diagnose <incident>',
  describe: 'Gates 1-3, the five checks before escalating, the decision table filled in, and where to route the incident',
  builder: (yargs) =>
    yargs
      .positional('incident', { type: 'string', demandOption: true, describe: 'incident file (YAML or JSON)' })
      .option('json', jsonOption)
      .option('workers', { type: 'number', default: 1, description: 'worker threads for the Gate 2 search' })
      .option('budget', { type: 'number', default: DEFAULT_BUDGET, description: 'at most this many simulations for Gate 2' })
      .options(clusterOptions)
      .check((args) => checkClusterArgs(args))
      .example('$0 diagnose incident.yaml', 'all three gates, the five checks, the decision table and the route')
      .example('$0 diagnose incident.yaml --json', 'the same as one JSON document: gates, checks, route, decisionTable')
      .example('$0 diagnose incident.yaml --redis redis://10.0.0.5:6379', "Gate 2's simulations on the drift-sim workers of a Redis") as never,
  handler: (args) =>
    guarded(async () => {
      const incident = await loadIncident(args.incident);
      const bar = progressBar('gate2');
      const result = await diagnose(incident, { evaluator: await chooseEvaluator(args), budget: args.budget, onProgress: (done, total) => bar.update(done, total) });
      bar.stop();
      const rerun = gate2RerunCommand(args.incident, incident, result.gate2);
      process.stdout.write(args.json ? stringifyJson(diagnoseToJson(incident, result, rerun)) : formatDiagnoseText(incident, result, rerun));
    }),
};
