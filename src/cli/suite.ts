/**
 * `drift-sim suite [dir]`: every scenario in a folder and N property seeds, each checked
 * against the verdict it implies, spread over the workers of a Redis with `--redis` (here
 * without it); one JUnit XML file and one summary at the end.
 */
import type { CommandModule } from 'yargs';
import { writeFileAtomic } from '../io/atomic-write.js';
import { stringifyJson } from '../report/json.js';
import { junitXml } from '../report/junit-xml.js';
import { exitCodeOption, jsonOption } from './common-options.js';
import { checkClusterArgs, clusterOptions } from './evaluator-choice.js';
import { EXIT_ANSWER, EXIT_DONE, guarded } from './exit.js';

interface SuiteArgs {
  dir?: string;
  seeds: number;
  'first-seed': number;
  budget?: number;
  junit: string;
  json: boolean;
  'exit-code': boolean;
  redis?: string;
  queue: string;
  'redis-wait': number;
}

export const suiteCommand: CommandModule<object, SuiteArgs> = {
  command: 'suite [dir]',
  describe: 'every scenario in a folder and N property seeds, each held to its verdict, spread over the cluster workers (--redis); JUnit XML and a summary',
  builder: (yargs) =>
    yargs
      .positional('dir', { type: 'string', describe: 'folder of scenario / incident files (.yaml, .yml, .json; subfolders too); each with expect.gate2 is held to it' })
      .option('seeds', { type: 'number', default: 0, description: 'property seeds: generated scenarios with a known cause, Gate 2 must find it (docs/cluster.md)' })
      .option('first-seed', { type: 'number', default: 1, description: 'the first property seed (the seeds are first-seed, first-seed+1, ...)' })
      .option('budget', { type: 'number', description: "Gate 2's budget per case (default: Gate 2's own)" })
      .option('junit', { type: 'string', default: 'drift-sim-suite.xml', requiresArg: true, description: 'where to write the JUnit XML report' })
      .option('json', { ...jsonOption, description: 'print the summary as one JSON document on stdout' })
      .option('exit-code', { ...exitCodeOption, description: 'exit 1 when a case failed or erred' })
      .options(clusterOptions)
      .check((args) => {
        if (!Number.isInteger(args.seeds) || args.seeds < 0 || args.seeds > 1_000_000) return '--seeds takes a whole number from 0 to 1000000';
        if (!Number.isInteger(args['first-seed']) || args['first-seed'] < 0 || args['first-seed'] > 2 ** 31) return '--first-seed takes a whole number from 0';
        if (args.budget !== undefined && (!Number.isInteger(args.budget) || args.budget < 1)) return '--budget takes a positive whole number';
        if (args.dir === undefined && args.seeds === 0) return 'name a folder of scenarios, or ask for --seeds N, or both';
        return checkClusterArgs(args);
      })
      .example('$0 suite scenarios --seeds 200 --redis redis://10.0.0.5:6379 --exit-code', 'the scenario library and 200 property seeds on the cluster; exit 1 on a failure')
      .example('$0 suite my-scenarios --junit out/junit.xml', 'every scenario of a folder, here, one after another') as never,
  handler: (args) =>
    guarded(async () => {
      const { runSuite } = await import('../cluster/suite-run.js');
      const report = await runSuite({
        ...(args.dir !== undefined ? { dir: args.dir } : {}),
        seeds: args.seeds,
        firstSeed: args['first-seed'],
        ...(args.budget !== undefined ? { budget: args.budget } : {}),
        ...(args.redis ? { cluster: { url: args.redis, queue: args.queue, redisWaitMs: args['redis-wait'] * 1000 } } : {}),
      });
      await writeFileAtomic(args.junit, junitXml('drift-sim suite', report.cases));
      const { totals } = report;
      if (args.json) {
        process.stdout.write(stringifyJson({ ...totals, junit: args.junit, cases: report.cases.map(({ name, group, status, message, simulations }) => ({ name, group, status, message, simulations })) }));
      } else {
        const lines = [
          `drift-sim suite: ${totals.cases} case(s): ${totals.passed} passed, ${totals.failed} failed, ${totals.errors} error(s), ${totals.skipped} skipped; ${totals.simulations} simulations`,
        ];
        for (const result of report.cases) if (result.status !== 'passed') lines.push(`  ${result.status.toUpperCase()} ${result.name}: ${result.message}`);
        lines.push(`JUnit XML: ${args.junit}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      return args['exit-code'] && totals.failed + totals.errors > 0 ? EXIT_ANSWER : EXIT_DONE;
    }),
};
