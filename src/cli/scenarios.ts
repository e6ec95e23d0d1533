/**
 * `drift-sim scenarios [list|show NAME]`: the bundled scenario library.
 */
import type { CommandModule } from 'yargs';
import { findScenario, listScenarios } from '../io/scenario-library.js';
import { describeFault } from '../report/describe-fault.js';
import { stringifyJson, faultToJson } from '../report/json.js';
import { formatDuration, formatTime } from '../sim/time.js';
import { jsonOption } from './common-options.js';
import { guarded } from './exit.js';

interface ScenariosArgs {
  action: 'list' | 'show';
  name?: string;
  json: boolean;
}

function firstSentence(text: string | undefined): string {
  if (!text) return '';
  const end = text.search(/[.!?](\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

export const scenariosCommand: CommandModule<object, ScenariosArgs> = {
  command: 'scenarios [action] [name]',
  describe: 'the bundled scenario library: list them, or show one',
  builder: (yargs) =>
    yargs
      .positional('action', { choices: ['list', 'show'] as const, default: 'list' as const, describe: 'list every scenario, or show one' })
      .positional('name', { type: 'string', describe: 'with show: the scenario name' })
      .option('json', jsonOption)
      .check((args) => {
        if (args.action === 'show' && !args.name) throw new Error('scenarios show needs a NAME (see drift-sim scenarios list)');
        return true;
      })
      .example('$0 scenarios', 'list the bundled scenarios')
      .example('$0 scenarios show weekend-batch-gap', 'the story, the links and the cause of one') as never,
  handler: (args) =>
    guarded(async () => {
      if (args.action === 'list') {
        const entries = await listScenarios();
        if (args.json) {
          process.stdout.write(
            stringifyJson(entries.map((entry) => ({ name: entry.name, type: entry.isScenario ? 'scenario' : 'incident', expect: entry.incident.expect?.gate2 ?? null, path: entry.path }))),
          );
          return;
        }
        const width = Math.max(...entries.map((entry) => entry.name.length));
        for (const entry of entries) {
          const expect = entry.incident.expect?.gate2;
          const verdict = expect ? `${expect.answer}/${expect.problem}` : '-';
          process.stdout.write(`${entry.name.padEnd(width)}  ${(entry.isScenario ? 'scenario' : 'incident').padEnd(8)}  ${verdict.padEnd(16)}  ${firstSentence(entry.incident.description)}\n`);
        }
        process.stdout.write(`\n${entries.length} entries. 'drift-sim scenarios show NAME' for one; 'drift-sim train NAME' to walk a team through it.\n`);
        return;
      }
      const entry = await findScenario(args.name!);
      const incident = entry.incident;
      if (args.json) {
        process.stdout.write(
          stringifyJson({ name: incident.name, description: incident.description ?? '', path: entry.path, faults: incident.faults.map(faultToJson), expect: incident.expect?.gate2 ?? null }),
        );
        return;
      }
      const lines = [
        `${incident.name} (${entry.isScenario ? 'scenario' : 'incident'}, ${entry.path})`,
        '',
        incident.description ?? '',
        '',
        `Window: ${formatTime(incident.window.startMs)} .. ${formatTime(incident.window.endMs)}; ${incident.skus.length} SKUs, ${incident.movements.length} movements, ${incident.observations.length} observations.`,
        `Systems: ${incident.systems.map((system) => `${system.name} (${system.kind})`).join(', ')}.`,
        'Links:',
        ...incident.links.map(
          (link) =>
            `  ${link.name}: ${link.mode}${link.everyMs ? ` every ${formatDuration(link.everyMs)}${link.offsetMs ? ` offset ${formatDuration(link.offsetMs)}` : ''}` : ''}, ${link.carries}${link.latencyMs ? `, latency ${formatDuration(link.latencyMs)}` : ''}${link.types ? `, types ${link.types.join('|')}` : ''}`,
        ),
        ...(incident.faults.length ? ['Cause (its faults):', ...incident.faults.map((fault) => `  - ${describeFault(fault)}`)] : []),
        ...(incident.expect?.gate2 ? [`Expected Gate 2 verdict: ${incident.expect.gate2.answer} / ${incident.expect.gate2.problem}.`] : []),
        '',
        entry.isScenario ? `Try: drift-sim train ${incident.name}   or   drift-sim run ${entry.path}` : `Try: drift-sim gate2 ${entry.path}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }),
};
