/**
 * `drift-sim run <scenario>`: simulate with the declared faults (and any --fault); a timeline
 * summary per system for the SKUs that drifted; `--trace`, `--report`, and
 * `--emit-incident out.yaml --observe 1d` to write the incident the field would have recorded.
 */
import type { CommandModule } from 'yargs';
import { writeFileAtomic } from '../io/atomic-write.js';
import { loadIncident } from '../io/load-incident.js';
import { InputError } from '../io/problems.js';
import { writeIncidentFiles } from '../io/write-incident-files.js';
import { logToJson, stringifyJson, faultToJson } from '../report/json.js';
import { rerunCommand, shellQuote } from '../report/rerun.js';
import { formatRunText } from '../report/run-text.js';
import { driftBySku } from '../sim/drift.js';
import { emitIncident } from '../sim/emit-incident.js';
import { Simulation } from '../sim/engine.js';
import { formatTime, parseDuration } from '../sim/time.js';
import { connectorOption, faultOption, jsonOption, traceOption, transportOption } from './common-options.js';
import { EXIT_DONE, guarded } from './exit.js';
import { withTraceFile } from './trace-file.js';
import { transportFor } from './transport-choice.js';
import { prepareConnector } from './connector-choice.js';

interface RunArgs {
  scenario: string;
  fault?: string[];
  json: boolean;
  trace?: string;
  report?: string;
  transport: 'in-process' | 'http';
  'emit-incident'?: string;
  observe: string;
  connector?: string;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <scenario>',
  describe: 'simulate a scenario with its declared faults; summarise the drift per system',
  builder: (yargs) =>
    yargs
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (an incident with faults)' })
      .option('fault', faultOption)
      .option('json', jsonOption)
      .option('trace', traceOption)
      .option('report', { type: 'string', requiresArg: true, description: 'write a self-contained HTML report of the run' })
      .option('transport', transportOption)
      .option('connector', connectorOption)
      .option('emit-incident', { type: 'string', requiresArg: true, description: 'write the incident the field would record: sampled observations and logs, faults removed' })
      .option('observe', { type: 'string', default: '1d', description: 'with --emit-incident: sample every SKU in every system this often' })
      .example('$0 run scenarios/weekend-batch-gap.yaml', 'simulate a bundled scenario')
      .example('$0 run scenario.yaml --emit-incident incident.yaml --observe 4h', 'make a synthetic incident with a known cause') as never,
  handler: (args) =>
    guarded(async () => {
      const incident = await loadIncident(args.scenario, { extraFaults: args.fault ?? [] });
      const periodMs = parseDuration(args.observe);
      if (periodMs === undefined || periodMs <= 0) {
        throw new InputError([{ file: '--observe', path: 'observe', expected: 'a positive duration like 1d, 4h, 15m', found: JSON.stringify(args.observe) }]);
      }
      const timelineSkus = new Set(incident.skus.map((_, index) => index));
      const connector = await prepareConnector(args.connector, incident);
      const run = await withTraceFile(args.trace, async (trace) =>
        connector
          ? new Simulation(connector.incident, { ...connector.options, timelineSkus, ...(trace ? { trace } : {}) }).run()
          : new Simulation(incident, { faults: incident.faults, timelineSkus, ...(trace ? { trace } : {}), ...transportFor(args.transport, incident) }).run(),
      );
      connector?.printLogs();
      const drift = driftBySku(incident, run.timeline);
      const rerun = ['drift-sim', 'run', shellQuote(args.scenario), ...(args.fault ?? []).flatMap((fault) => ['--fault', shellQuote(fault)]), ...(args.connector ? ['--connector', shellQuote(args.connector)] : [])].join(' ');
      if (args['emit-incident']) {
        const { incident: recorded } = await emitIncident(incident, periodMs);
        await writeIncidentFiles(args['emit-incident'], recorded);
      }
      if (args.report) await writeFileAtomic(args.report, await (await import('../report/html-report.js')).renderRunReport(incident, { faults: incident.faults }, { command: rerun }));
      if (args.json) {
        process.stdout.write(
          stringifyJson({
            scenario: incident.name,
            faults: incident.faults.map(faultToJson),
            stats: run.stats,
            drift: drift.map((entry) => ({
              sku: incident.skus[entry.sku]!.sku,
              firstDivergence: formatTime(entry.firstDivergenceMs),
              largestGap: entry.largestGap,
              largestGapAt: formatTime(entry.largestGapMs),
              atLargestGap: Object.fromEntries(incident.systems.map((system, index) => [system.name, entry.atLargestGap[index]!])),
              final: Object.fromEntries(incident.systems.map((system, index) => [system.name, entry.final[index]!])),
            })),
            logs: run.logs.map(logToJson),
            ...(args['emit-incident'] ? { emitted: args['emit-incident'], replay: rerunCommand(args['emit-incident'], incident.faults) } : {}),
            rerun,
          }),
        );
      } else {
        process.stdout.write(formatRunText(incident, incident.faults, run, drift, rerun));
        if (args['emit-incident']) {
          process.stdout.write(`Wrote ${args['emit-incident']} (observations every ${args.observe}, faults removed).\n`);
          process.stdout.write(`Replay it with the faults: ${rerunCommand(args['emit-incident'], incident.faults)}\n`);
        }
        if (args.report) process.stdout.write(`Report: ${args.report}\n`);
      }
      return EXIT_DONE;
    }),
};
