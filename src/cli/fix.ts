/**
 * `drift-sim fix <incident> [--remedy SPEC]...`: prove a fix before building it. Replays the
 * incident with the faults in place (Gate 2's explanation, or the `--fault` flags) plus each
 * remedy, and ranks the remedies by the drift they leave and what they cost the chain.
 */
import type { CommandModule } from 'yargs';
import { threadMeasurer } from '../adapters/fix-measurers.js';
import { proveFixes } from '../fix/prove-fixes.js';
import { gate2 } from '../gate/gate2.js';
import { requireObservations } from '../gate/no-evidence.js';
import { DEFAULT_BUDGET } from '../gate/search.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { loadIncident } from '../io/load-incident.js';
import { readRemedyFlags } from '../io/read-remedies.js';
import { type FixContext, fixToJson, formatFixText } from '../report/fix-output.js';
import { stringifyJson } from '../report/json.js';
import { rerunCommand } from '../report/rerun.js';
import { faultOption, jsonOption } from './common-options.js';
import { guarded } from './exit.js';
import { progressBar } from './progress.js';
import { checkClusterArgs, chooseEvaluator, clusterOptions } from './evaluator-choice.js';

interface FixArgs {
  incident: string;
  remedy?: string[];
  fault?: string[];
  json: boolean;
  report?: string;
  workers: number;
  budget: number;
  redis?: string;
  queue: string;
  'redis-wait': number;
}

export const fixCommand: CommandModule<object, FixArgs> = {
  command: 'fix <incident>',
  describe: 'prove a fix before building it: replay the incident with each remedy and rank them by the drift they leave',
  builder: (yargs) =>
    yargs
      .positional('incident', { type: 'string', demandOption: true, describe: 'incident file (YAML or JSON) with observations' })
      .option('remedy', {
        type: 'string',
        array: true,
        requiresArg: true,
        description: "evaluate exactly these remedies, together: kind:key=value,... (docs/remedies.md), e.g. 'retry:link=storefront->erp,attempts=5'",
      })
      .option('fault', { ...faultOption, description: "the faults in place (the file's own plus these); without it Gate 2's explanation is used" })
      .option('json', jsonOption)
      .option('report', { type: 'string', requiresArg: true, description: "write the Gate 2 HTML report with its 'What would fix it' section" })
      .option('workers', { type: 'number', default: 1, description: 'worker threads for simulations (the ranking is the same for any number)' })
      .option('budget', { type: 'number', default: DEFAULT_BUDGET, description: 'at most this many Gate 2 simulations' })
      .options(clusterOptions)
      .check((args) => {
        const cluster = checkClusterArgs(args);
        if (cluster !== true) throw new Error(cluster);
        if (!Number.isInteger(args.workers) || args.workers < 1 || args.workers > 64) throw new Error('--workers takes a whole number from 1 to 64');
        if (!Number.isInteger(args.budget) || args.budget < 1) throw new Error('--budget takes a positive whole number');
        if (args.report && (args.fault as string[] | undefined)?.length) throw new Error('--report shows Gate 2\'s explanation: leave out --fault to write it');
        return true;
      })
      .example('$0 fix incident.yaml', "try every remedy that answers Gate 2's explanation, ranked")
      .example("$0 fix incident.yaml --remedy 'approval_gate:system=storefront' --remedy 'link:link=wms->erp,capacity=50'", 'evaluate exactly these two remedies together')
      .example("$0 fix incident.yaml --fault 'webhook_drop:link=storefront->erp,above=10/5m' --json", 'against faults you name, as JSON') as never,
  handler: (args) =>
    guarded(async () => {
      const flags = args.fault ?? [];
      const loaded = await loadIncident(args.incident, { extraFaults: flags });
      const remedies = args.remedy?.length ? readRemedyFlags(args.remedy, loaded) : undefined;
      requireObservations(loaded);
      const incident = { ...loaded, faults: [] };
      const context: FixContext = { file: args.incident };
      let faults = loaded.faults;
      let verdict;
      if (flags.length === 0) {
        const bar = progressBar('gate2');
        verdict = await gate2(loaded, { budget: args.budget, evaluator: await chooseEvaluator(args), onProgress: (done, total) => bar.update(done, total) });
        bar.stop();
        faults = verdict.explanation.map((fault) => fault.spec);
        context.gate2 = verdict;
      }
      const pool = threadMeasurer(incident, args.workers);
      let result;
      try {
        const plans = remedies ? [remedies] : verdict?.problem === 'unexplained' ? [] : undefined;
        result = await proveFixes(incident, faults, { measure: pool.measure, ...(plans ? { plans } : {}) });
      } finally {
        await pool.close();
      }
      if (args.report && verdict) {
        const rerun = rerunCommand(args.incident, faults);
        const { renderGate2Report } = await import('../report/html-report.js');
        await writeFileAtomic(args.report, await renderGate2Report(incident, verdict, { rerun, fix: { result, context } }));
      }
      if (args.json) process.stdout.write(stringifyJson(fixToJson(incident, result, context)));
      else {
        process.stdout.write(formatFixText(incident, result, context));
        if (args.report) process.stdout.write(`Report: ${args.report}\n`);
      }
    }),
};
