/**
 * `drift-sim train [NAME]`: walk a team through a failure mode: the story, the chart (what
 * the field recorded), the question, and the answer (Gate 2 on the recorded incident, next
 * to the scenario's real cause). On a terminal it asks for the team's answer first and keeps
 * score; `--all` plays the whole library as one session (src/cli/train-session.ts).
 */
import pc from 'picocolors';
import type { CommandModule } from 'yargs';
import { findScenario, listScenarios } from '../io/scenario-library.js';
import { InputError } from '../io/problems.js';
import { guarded } from './exit.js';
import { TRAINING_OBSERVE_MS, runTraining } from './train-session.js';

export { TRAINING_OBSERVE_MS } from './train-session.js';

interface TrainArgs {
  name?: string;
  all: boolean;
  ask: boolean;
  report?: string;
  web?: string;
}

export const trainCommand: CommandModule<object, TrainArgs> = {
  command: 'train [name]',
  describe: 'walk a team through a failure mode: the story, the chart, the question, the answer',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', describe: 'a bundled scenario (drift-sim scenarios lists them)' })
      .option('all', { type: 'boolean', default: false, description: 'every bundled scenario in turn, as one session that keeps score' })
      .option('ask', {
        type: 'boolean',
        alias: 'wait',
        default: process.stdin.isTTY === true && process.stdout.isTTY === true,
        description: "ask for the team's answer before each reveal and keep score (default on a terminal; --no-ask prints everything)",
      })
      .option('report', { type: 'string', requiresArg: true, description: "also write the answer's HTML report (one scenario)" })
      .option('web', { type: 'string', requiresArg: true, description: 'write the browser workshop (every bundled scenario) as a static site into DIR, and stop' })
      .conflicts('report', 'all')
      .example('$0 train weekend-batch-gap', 'the weekend batch gap, step by step')
      .example('$0 train --all', 'the whole library as a quiz, with the score at the end')
      .example('$0 train --web out/workshop', 'the browser workshop, to serve from any static host (npx serve out/workshop)') as never,
  handler: (args) =>
    guarded(async () => {
      if (args.web) {
        const { writeWorkshopSite } = await import('../adapters/workshop-site.js');
        const site = await writeWorkshopSite(args.web, { observeMs: TRAINING_OBSERVE_MS });
        process.stdout.write(`The browser workshop: ${site.scenarios} scenarios, ${site.files.length} files, ${(site.bytes / 1024).toFixed(0)} KiB in ${site.directory}\n`);
        process.stdout.write(`Serve it over http (a service worker cannot run from file://), e.g. npx serve ${site.directory}\n`);
        return;
      }
      if (args.all && args.name) {
        throw new InputError([{ file: 'command line', path: 'NAME', expected: 'a scenario name or --all, not both', found: JSON.stringify(args.name) }]);
      }
      if (!args.name && !args.all) {
        process.stdout.write('Pick a failure mode to train on, or all of them with drift-sim train --all:\n');
        for (const entry of await listScenarios()) process.stdout.write(`  drift-sim train ${entry.name}\n`);
        return;
      }
      const entries = args.all ? await listScenarios() : [await findScenario(args.name!)];
      await runTraining(
        entries,
        { input: process.stdin, output: process.stdout, ask: args.ask, colour: pc.isColorSupported && process.stdout.isTTY === true },
        args.report ? { report: args.report } : {},
      );
    }),
};
