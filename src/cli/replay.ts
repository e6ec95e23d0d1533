/**
 * `drift-sim replay <incident> [--fault SPEC]...`: replay the recorded movements with the
 * file's faults plus any `--fault`, and compare with the observations one by one.
 */
import type { CommandModule } from 'yargs';
import { loadIncident } from '../io/load-incident.js';
import { replayFile } from '../io/stream-replay.js';
import { replayToJson, stringifyJson } from '../report/json.js';
import { formatReplayText } from '../report/replay-text.js';
import { rerunCommand } from '../report/rerun.js';
import { replay } from '../sim/replay.js';
import { connectorOption, exitCodeOption, faultOption, jsonOption, startingCountOption, traceOption, transportOption } from './common-options.js';
import { readStartingCounts } from '../io/read-starting-counts.js';
import { withStartingCounts } from '../sim/starting-counts.js';
import { EXIT_ANSWER, EXIT_DONE, guarded } from './exit.js';
import { transportFor } from './transport-choice.js';
import { prepareConnector } from './connector-choice.js';
import { withTraceFile } from './trace-file.js';

interface ReplayArgs {
  incident: string;
  fault?: string[];
  'starting-count'?: string[];
  json: boolean;
  trace?: string;
  transport: 'in-process' | 'http';
  'exit-code': boolean;
  all: boolean;
  connector?: string;
}

export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: 'replay <incident>',
  describe: 'replay the recorded movements (with the file\'s faults and any --fault) and compare every observation',
  builder: (yargs) =>
    yargs
      .positional('incident', { type: 'string', demandOption: true, describe: 'incident or scenario file (YAML or JSON)' })
      .option('fault', faultOption)
      .option('starting-count', startingCountOption)
      .option('json', jsonOption)
      .option('trace', traceOption)
      .option('transport', transportOption)
      .option('connector', connectorOption)
      .option('exit-code', exitCodeOption)
      .option('all', { type: 'boolean', default: false, description: 'list matching observations too on large incidents' })
      .example("$0 replay incident.yaml --fault 'cadence:link=wms->erp,pausedOn=sat|sun'", 'replay with the weekend pause, then compare') as never,
  handler: (args) =>
    guarded(async () => {
      const startingCounts = args['starting-count'] ?? [];
      // The plain case (in-process, no trace, no connector) may read and replay at once.
      const { incident, report, connector } =
        args.connector === undefined && args.trace === undefined && args.transport === 'in-process'
          ? { ...(await replayFile(args.incident, { extraFaults: args.fault ?? [], startingCounts })), connector: undefined }
          : await loadThenReplay(args, startingCounts);
      connector?.printLogs();
      const rerun = rerunCommand(args.incident, [], [
        ...(args.fault ?? []).flatMap((fault) => ['--fault', fault]),
        ...startingCounts.flatMap((value) => ['--starting-count', value]),
        ...(args.connector ? ['--connector', args.connector] : []),
      ]);
      if (args.json) process.stdout.write(stringifyJson(replayToJson(incident, incident.faults, report, rerun)));
      else process.stdout.write(formatReplayText(incident, report, { all: args.all, rerun }));
      return args['exit-code'] && !report.summary.reproduces ? EXIT_ANSWER : EXIT_DONE;
    }),
};

/** Load, then replay with the trace, transport or connector asked for. */
async function loadThenReplay(args: ReplayArgs, startingCounts: readonly string[]) {
  const loaded = await loadIncident(args.incident, { extraFaults: args.fault ?? [] });
  const incident = withStartingCounts(loaded, readStartingCounts(loaded, startingCounts));
  const connector = await prepareConnector(args.connector, incident);
  const report = await withTraceFile(args.trace, (trace) =>
    connector
      ? replay(connector.incident, { ...connector.options, ...(trace ? { trace } : {}) })
      : replay(incident, { faults: incident.faults, ...(trace ? { trace } : {}), ...transportFor(args.transport, incident) }),
  );
  return { incident, report, connector };
}
