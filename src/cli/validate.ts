/**
 * `drift-sim validate <file> [--fault SPEC]... [--json]`: parse and validate an incident or
 * scenario file and list every problem (cli.md). Thin: the loader does the checking; this
 * file only prints its answer.
 */
import type { CommandModule } from 'yargs';
import { loadIncident } from '../io/load-incident.js';
import type { Problem } from '../io/problems.js';
import { InputError, formatProblem } from '../io/problems.js';
import { familyOf, faultParamsToJson } from '../sim/faults/index.js';
import type { Incident } from '../sim/model.js';
import { formatDuration, formatTime } from '../sim/time.js';

/** Exit statuses of cli.md: 0 done, 2 invalid input. */
const EXIT_VALID = 0;
const EXIT_INVALID = 2;

interface ValidateArgs {
  file: string;
  fault?: string[];
  json: boolean;
}

/** What `validate` says about a valid file; the `summary` of `--json`. */
export interface IncidentSummary {
  name: string;
  window: { start: string; end: string };
  timezone: string;
  systems: { name: string; kind: string }[];
  recordOf: string;
  links: string[];
  skus: number;
  movements: number;
  observations: number;
  logs: number;
  faults: { kind: string; family: string; params: Record<string, string | number | boolean | string[]> }[];
}

/**
 * The summary of a loaded incident.
 *
 * @example
 * summarizeIncident(incident).movements; // 65
 */
export function summarizeIncident(incident: Incident): IncidentSummary {
  return {
    name: incident.name,
    window: { start: formatTime(incident.window.startMs), end: formatTime(incident.window.endMs) },
    timezone: incident.timezone,
    systems: incident.systems.map((system) => ({ name: system.name, kind: system.kind })),
    recordOf: incident.systems[incident.recordOf]!.name,
    links: incident.links.map((link) => link.name),
    skus: incident.skus.length,
    movements: incident.movements.length,
    observations: incident.observations.length,
    logs: incident.logs.length,
    faults: incident.faults.map((fault) => ({ kind: fault.kind, family: familyOf(fault.kind), params: faultParamsToJson(fault) })),
  };
}

/**
 * The human summary: one line per part of the file.
 *
 * @example
 * formatSummary('incident.yaml', incident);
 * // incident.yaml is valid: storefront-sits-low
 * //   window        2026-03-09T00:00:00Z .. 2026-03-13T00:00:00Z (4d)
 * //   systems       3: wms (wms), erp (erp), storefront (shopify); system of record: wms
 * //   ...
 */
export function formatSummary(file: string, incident: Incident): string {
  const links = incident.links.map((link) => {
    const cadence = link.everyMs === undefined ? '' : ` every ${formatDuration(link.everyMs)}`;
    return `${link.name} (${link.mode}${cadence}, ${link.carries})`;
  });
  const rows: [string, string][] = [
    ['window', `${formatTime(incident.window.startMs)} .. ${formatTime(incident.window.endMs)} (${formatDuration(incident.window.endMs - incident.window.startMs)}), timezone ${incident.timezone}`],
    ['systems', `${incident.systems.length}: ${incident.systems.map((system) => `${system.name} (${system.kind})`).join(', ')}; system of record: ${incident.systems[incident.recordOf]!.name}`],
    ['links', links.length === 0 ? '0' : `${links.length}: ${links.join(', ')}`],
    ['SKUs', String(incident.skus.length)],
    ['movements', String(incident.movements.length)],
    ['observations', String(incident.observations.length)],
    ['logs', String(incident.logs.length)],
    ['faults', incident.faults.length === 0 ? '0' : `${incident.faults.length}: ${incident.faults.map((fault) => fault.kind).join(', ')}`],
  ];
  return [`${file} is valid: ${incident.name}`, ...rows.map(([label, value]) => `  ${label.padEnd(13)} ${value}`)].join('\n') + '\n';
}

/** The `--json` document: `summary` is null when the file is invalid, `problems` empty when it is valid. */
export function validationJson(incident: Incident | undefined, problems: readonly Problem[]): string {
  const document = { valid: incident !== undefined, problems, summary: incident ? summarizeIncident(incident) : null };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate <file>',
  describe: 'parse and validate an incident or scenario file, listing every problem',
  builder: (yargs) =>
    yargs
      .positional('file', { type: 'string', demandOption: true, describe: 'incident or scenario file (YAML or JSON)' })
      .option('fault', {
        type: 'string',
        array: true,
        requiresArg: true,
        description: "also check a fault: kind:key=value,... (lists joined with |), e.g. 'cadence:link=wms->erp,pausedOn=sat|sun'",
      })
      .option('json', { type: 'boolean', default: false, description: 'print one JSON document {valid, problems, summary} on stdout and nothing else there' })
      .example('$0 validate incident.yaml', 'check a file; exit 0 when valid, 2 with every problem listed')
      .example("$0 validate incident.yaml --fault 'webhook_drop:link=wms->erp,nth=10' --json", 'check a file and a fault, as JSON') as never,
  handler: async (args) => {
    let incident: Incident;
    try {
      incident = await loadIncident(args.file, { extraFaults: args.fault ?? [] });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      if (args.json) {
        process.stdout.write(validationJson(undefined, error.problems));
      } else {
        const count = error.problems.length;
        process.stderr.write(`${args.file} is invalid (${count} problem${count === 1 ? '' : 's'}):\n`);
        for (const problem of error.problems) process.stderr.write(`  ${formatProblem(problem)}\n`);
      }
      process.exitCode = EXIT_INVALID;
      return;
    }
    process.stdout.write(args.json ? validationJson(incident, []) : formatSummary(args.file, incident));
    process.exitCode = EXIT_VALID;
  },
};
