/**
 * `drift-sim train [NAME]`: walk a team through a failure mode: the story, the chart (what
 * the field recorded), the question, and the answer (Gate 2 on the recorded incident, next
 * to the scenario's real cause).
 */
import { createInterface } from 'node:readline/promises';
import type { CommandModule } from 'yargs';
import { gate2 } from '../gate/gate2.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { findScenario, listScenarios } from '../io/scenario-library.js';
import { describeFault } from '../report/describe-fault.js';
import { formatGate2Text } from '../report/gate2-output.js';
import { rerunCommand } from '../report/rerun.js';
import { terminalChart } from '../report/terminal-chart.js';
import { driftBySku } from '../sim/drift.js';
import { emitIncident } from '../sim/emit-incident.js';
import { Simulation } from '../sim/engine.js';
import { formatDuration } from '../sim/time.js';
import { guarded } from './exit.js';

/** Training incidents are recorded hourly: fine enough to see a day's pattern. */
export const TRAINING_OBSERVE_MS = 3_600_000;

interface TrainArgs {
  name?: string;
  wait: boolean;
  report?: string;
  web?: string;
}

export const trainCommand: CommandModule<object, TrainArgs> = {
  command: 'train [name]',
  describe: 'walk a team through a failure mode: the story, the chart, the question, the answer',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', describe: 'a bundled scenario (drift-sim scenarios lists them)' })
      .option('wait', { type: 'boolean', default: process.stdin.isTTY === true, description: 'pause for Enter before the answer (default on a terminal)' })
      .option('report', { type: 'string', requiresArg: true, description: "also write the answer's HTML report" })
      .option('web', { type: 'string', requiresArg: true, description: 'write the browser workshop (every bundled scenario) as a static site into DIR, and stop' })
      .example('$0 train --web out/workshop', 'the browser workshop, to serve from any static host (npx serve out/workshop)')
      .example('$0 train weekend-batch-gap', 'the weekend batch gap, step by step') as never,
  handler: (args) =>
    guarded(async () => {
      const out = (text = '') => process.stdout.write(`${text}\n`);
      if (args.web) {
        const { writeWorkshopSite } = await import('../adapters/workshop-site.js');
        const site = await writeWorkshopSite(args.web, { observeMs: TRAINING_OBSERVE_MS });
        out(`The browser workshop: ${site.scenarios} scenarios, ${site.files.length} files, ${(site.bytes / 1024).toFixed(0)} KiB in ${site.directory}`);
        out(`Serve it over http (a service worker cannot run from file://), e.g. npx serve ${site.directory}`);
        return;
      }
      if (!args.name) {
        out('Pick a failure mode to train on:');
        for (const entry of await listScenarios()) out(`  drift-sim train ${entry.name}`);
        return;
      }
      const entry = await findScenario(args.name);
      const scenario = entry.incident;
      const recorded = entry.isScenario ? (await emitIncident(scenario, TRAINING_OBSERVE_MS)).incident : scenario;

      out(`1. The story: ${scenario.name}`);
      out(`   ${scenario.description ?? ''}`);
      out(`   Chain: ${scenario.links.map((link) => `${link.name} (${link.mode}${link.everyMs ? ` every ${formatDuration(link.everyMs)}` : ''}, ${link.carries})`).join('; ')}.`);
      out();
      const timelineSkus = new Set(scenario.skus.map((_, index) => index));
      const run = await new Simulation(scenario, { faults: scenario.faults, timelineSkus }).run();
      const drift = driftBySku(scenario, run.timeline).sort((a, b) => b.largestGap - a.largestGap || a.sku - b.sku);
      out('2. The chart: what the systems showed');
      if (drift.length === 0) out('   (no SKU drifted)');
      else out(terminalChart(scenario, run.timeline, drift[0]!.sku, { colour: process.stdout.isTTY === true }));
      if (recorded.logs.length > 0) out(`   The middleware logged ${recorded.logs.length} line(s), e.g. ${recorded.logs[0]!.level} ${recorded.logs[0]!.code ?? ''} on ${recorded.logs[0]!.component}.`);
      out();
      out('3. The question: would replaying the recorded movements through the declared links reproduce this drift');
      out('   (an integration problem: route to IT), or does it need a human action (a process problem: route to operations), or both?');
      if (args.wait) {
        const prompt = createInterface({ input: process.stdin, output: process.stdout });
        await prompt.question('   Discuss, then press Enter for the answer... ');
        prompt.close();
      }
      out();
      out('4. The answer (Gate 2 on the incident as recorded):');
      const result = await gate2(recorded);
      const rerun = rerunCommand(entry.path, result.explanation.map((fault) => fault.spec));
      out(formatGate2Text(recorded, result, rerun).replace(/^/gm, '   '));
      if (scenario.faults.length > 0) {
        out('   What really happened (the scenario\'s faults):');
        for (const fault of scenario.faults) out(`     - ${describeFault(fault)}`);
      }
      const expected = scenario.expect?.gate2;
      if (expected) {
        const agrees = expected.answer === result.answer && expected.problem === result.problem;
        out(`   Expected verdict ${expected.answer} / ${expected.problem}: ${agrees ? 'Gate 2 agrees.' : 'Gate 2 disagrees - please report it.'}`);
      }
      if (args.report) {
        await writeFileAtomic(args.report, await (await import('../report/html-report.js')).renderGate2Report(recorded, result, { rerun }));
        out(`   Report: ${args.report}`);
      }
    }),
};
