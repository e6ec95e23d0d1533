/**
 * The field's decision table, filled in for one incident: six rows (consistency,
 * reproducibility, root-cause location, error-log signal, fix owner, resolution), each with
 * what an integration problem and a process problem look like, what this incident shows,
 * and which column that points to. The route follows from the table; `why` says how, with
 * the process gap first when both hold.
 *
 * @example
 * const table = decisionTable({ gate1, gate2, gate3, route: 'both' });
 * table.rows[0]; // { row: 'consistency', integration: 'consistent: ...', process: 'irregular: ...', incident: 'irregular: ...', pointsTo: 'process' }
 * table.why[0];  // 'Operations first: ...'
 */
import type { FaultSpec } from '../sim/model.js';
import type { Gate1Result } from './gate1.js';
import type { Gate3Result } from './gate3.js';
import type { Gate2Result } from './search.js';

export type Route = 'it' | 'ops' | 'both';
export type Column = 'integration' | 'process' | 'both' | 'neither';

export type RowName = 'consistency' | 'reproducibility' | 'root-cause location' | 'error-log signal' | 'fix owner' | 'resolution';

export interface DecisionRow {
  row: RowName;
  /** What an integration problem looks like on this row. */
  integration: string;
  /** What a process problem looks like on this row. */
  process: string;
  /** What this incident shows. */
  incident: string;
  pointsTo: Column;
}

export interface DecisionTable {
  rows: DecisionRow[];
  /** Why the route follows, in order of the work: the process gap first for `both`. */
  why: string[];
}

export interface TableInputs {
  gate1: Gate1Result;
  gate2: Gate2Result;
  gate3: Gate3Result;
  route: Route;
}

/**
 * How each fault kind is fixed, in a sentence the fix owner can act on.
 *
 * @example
 * RESOLUTIONS.cadence; // 'run the sync on the schedule it is documented to keep ...'
 */
export const RESOLUTIONS: Readonly<Record<string, string>> = {
  cadence: 'run the sync on the schedule it is documented to keep (or document and staff the gap)',
  batch_capacity: 'raise the job’s per-run limit or run it more often, so a busy day drains within a cycle',
  batch_lag: 'speed up or split the slow batch so it lands within its cycle',
  webhook_drop: 'make webhook delivery reliable: retries with backoff, a dead-letter queue and a reconciliation poll',
  duplicate_delivery: 'make the target idempotent on a key that survives retries',
  timeout: 'make the retried request idempotent and raise the timeout above peak latency',
  rate_limit: 'queue and pace requests under the API limit, retrying throttled ones',
  key_collision: 'widen the idempotency key column (or hash) so distinct updates keep distinct keys',
  truncation: 'widen the field that cuts the SKU, or map long SKUs explicitly',
  manual_override: 'stop hand edits in the downstream system: correct counts in the system of record and let the sync carry them',
  unpropagated_adjustment: 'make count corrections go through the screen or job that raises the sync event',
  split_shipment: 'have the fulfilment partner report partial shipments back into the chain',
};

const FAMILY_RESOLUTION = {
  integration: 'fix the connector, job or schedule that misbehaves',
  process: 'fix the workflow: who may change counts where, and how corrections reach the sync',
} as const;

function where(spec: FaultSpec): string {
  const params = spec.params;
  if (params.link !== undefined) return `the ${String(params.link)} link (${spec.kind})`;
  return `${String(params.system ?? 'a system')}${params.sku !== undefined ? ` / ${String(params.sku)}` : ''} (${spec.kind}, by hand)`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The declared links that make the gaps: the scheduled ones (batch, poll) when any does, else the event links. */
function producers(gate1: Gate1Result): string[] {
  const scheduled = gate1.declared.filter((gap) => gap.scheduled);
  return (scheduled.length > 0 ? scheduled : gate1.declared).map((gap) => gap.described);
}

function consistentWords(gate1: Gate1Result): string {
  const parts: string[] = [];
  const { openedWithMovements, closedBySync } = gate1.tally;
  if (openedWithMovements > 0) parts.push(`${openedWithMovements} gap${openedWithMovements === 1 ? '' : 's'} opened with movements`);
  if (closedBySync > 0) parts.push(`${closedBySync} closed as the sync caught up`);
  if (gate1.tally.crossed > 0) parts.push(`${gate1.tally.crossed} landed on another item`);
  const declared = producers(gate1);
  if (declared.length > 0) parts.push(`the declared ${declared.join(' and ')} produce${declared.length === 1 ? 's' : ''} ${parts.length > 0 ? 'the rest' : 'the gap'}`);
  return parts.length > 0 ? parts.join('; ') : 'no change after the first observation needs a person';
}

function columnOf(integration: boolean, process: boolean): Column {
  if (integration && process) return 'both';
  if (integration) return 'integration';
  if (process) return 'process';
  return 'neither';
}

/**
 * Fills in the table for one incident from its three gates and its route.
 *
 * @example
 * decisionTable({ gate1, gate2, gate3, route: 'it' }).rows.map((row) => row.pointsTo); // ['integration', ...]
 */
export function decisionTable(inputs: TableInputs): DecisionTable {
  const { gate1, gate2, gate3, route } = inputs;
  const rules = gate2.explanation.filter((fault) => fault.family === 'integration');
  const actions = gate2.explanation.filter((fault) => fault.family === 'process');
  const declaredLinks = producers(gate1);
  const rows: DecisionRow[] = [];

  rows.push({
    row: 'consistency',
    integration: 'consistent: the same SKU drifts the same way every time, in step with movements and the sync',
    process: 'irregular: jumps no movement explains, magnitudes unrelated to any input',
    incident:
      gate1.answer === 'no drift'
        ? 'no drift: every observation shows the systems equal'
        : gate1.answer === 'consistent'
          ? `consistent: ${consistentWords(gate1)}`
          : `irregular: ${gate1.tally.irregular} change${gate1.tally.irregular === 1 ? '' : 's'} no movement or sync accounts for`,
    pointsTo: gate1.answer === 'consistent' ? 'integration' : gate1.answer === 'irregular' ? 'process' : 'neither',
  });

  const reproduced = {
    integration: rules.length === 0 ? 'yes: the declared links alone reproduce every observation' : `yes: ${rules.map((fault) => fault.spec.kind).join(' and ')} reproduce${rules.length === 1 ? 's' : ''} every observation`,
    process: `no: only ${actions.length} human action${actions.length === 1 ? '' : 's'} reproduce it`,
    both: `no: ${rules.map((fault) => fault.spec.kind).join(' and ')} plus ${actions.length} human action${actions.length === 1 ? '' : 's'} are needed together`,
    unexplained: 'no: nothing within the search budget reproduces it',
  } as const;
  rows.push({
    row: 'reproducibility',
    integration: 'reproducible: replaying the recorded inputs gives the same drift',
    process: 'not on command: it needs a human action',
    incident: reproduced[gate2.problem],
    pointsTo: gate2.problem === 'unexplained' ? 'neither' : gate2.problem,
  });

  const locations = unique([
    ...(gate2.problem === 'integration' && rules.length === 0 ? declaredLinks.map((link) => `the declared ${link} schedule itself`) : []),
    ...actions.map((fault) => where(fault.spec)),
    ...rules.map((fault) => where(fault.spec)),
  ]);
  rows.push({
    row: 'root-cause location',
    integration: 'middleware, an API or a data pipeline between systems',
    process: 'a person or a workflow step in one system',
    incident: locations.length > 0 ? locations.join('; ') : 'not located: Gate 2 found no explanation',
    pointsTo: columnOf(rules.length > 0 || (gate2.problem === 'integration' && declaredLinks.length > 0), actions.length > 0),
  });

  const codes = unique(gate3.matched.map((line) => `${line.code ?? line.level} on ${line.component}`));
  rows.push({
    row: 'error-log signal',
    integration: 'a logged technical failure at the drift’s time (or none expected from a silent rule)',
    process: 'no technical error anywhere',
    incident:
      gate3.answer === 'yes'
        ? `logged: ${codes.join(', ')} (${gate3.covered} of ${gate3.onsets} onsets)`
        : gate3.answer === 'no log expected'
          ? `none, and none expected: ${gate3.silent.length > 0 ? `${unique(gate3.silent.map((rule) => rule.kind)).join(' and ')} ${gate3.silent.length === 1 ? 'logs' : 'log'}` : 'the declared links log'} nothing by nature`
          : gate3.answer === 'no drift'
            ? 'nothing to look for'
            : `no logged failure for ${gate3.onsets - gate3.covered} of ${gate3.onsets} onsets${codes.length > 0 ? ` (matched: ${codes.join(', ')})` : ''}`,
    pointsTo: gate3.answer === 'yes' || gate3.answer === 'no log expected' ? 'integration' : gate3.answer === 'no' ? 'process' : 'neither',
  });

  rows.push({
    row: 'fix owner',
    integration: 'IT / the integration vendor',
    process: 'the ops manager / inventory lead',
    incident: route === 'it' ? 'IT / the integration vendor' : route === 'ops' ? 'the ops manager / inventory lead' : 'both: operations first, then IT',
    pointsTo: route === 'it' ? 'integration' : route === 'ops' ? 'process' : 'both',
  });

  const fixes = unique([
    ...actions.map((fault) => RESOLUTIONS[fault.spec.kind] ?? FAMILY_RESOLUTION.process),
    ...rules.map((fault) => RESOLUTIONS[fault.spec.kind] ?? FAMILY_RESOLUTION.integration),
  ]);
  if (gate2.problem === 'integration' && rules.length === 0 && declaredLinks.length > 0) {
    fixes.push(`run the ${declaredLinks.join(' and ')} more often (or make it event-driven): the business has outpaced it`);
  }
  rows.push({
    row: 'resolution',
    integration: FAMILY_RESOLUTION.integration,
    process: FAMILY_RESOLUTION.process,
    incident: fixes.length > 0 ? fixes.join('; then ') : 'collect more evidence (logs, exports from each system) and run again',
    pointsTo: route === 'it' ? 'integration' : route === 'ops' ? 'process' : 'both',
  });

  return { rows, why: whyRoute(inputs, rows) };
}

function whyRoute(inputs: TableInputs, rows: readonly DecisionRow[]): string[] {
  const { gate2, route } = inputs;
  const toIntegration = rows.filter((row) => row.row !== 'fix owner' && row.row !== 'resolution' && row.pointsTo === 'integration').map((row) => row.row);
  const toProcess = rows.filter((row) => row.row !== 'fix owner' && row.row !== 'resolution' && row.pointsTo === 'process').map((row) => row.row);
  const actions = gate2.explanation.filter((fault) => fault.family === 'process');
  const rules = gate2.explanation.filter((fault) => fault.family === 'integration');
  const why: string[] = [];
  switch (route) {
    case 'it':
      why.push(
        `IT: ${toIntegration.join(', ')} point${toIntegration.length === 1 ? 's' : ''} to integration${toProcess.length > 0 ? ` (${toProcess.join(', ')} to process)` : ''}, and Gate 2 decides: ${gate2.problem === 'integration' ? 'a replay of the recorded inputs reproduces it without any human action' : 'the drift is consistent and logged'}.`,
      );
      break;
    case 'ops':
      why.push(
        `Operations: ${toProcess.length > 0 ? `${toProcess.join(', ')} point${toProcess.length === 1 ? 's' : ''} to process` : 'the checks point to process'}${toIntegration.length > 0 ? ` (${toIntegration.join(', ')} to integration)` : ''}, and no integration rule reproduces the drift.`,
      );
      break;
    case 'both':
      why.push(
        `Operations first: ${actions.length > 0 ? `${actions.map((fault) => where(fault.spec)).join('; ')} must stop, or ` : 'the process gap the checks found must close, or '}it keeps masking the integration fault and any fix to it cannot be verified.`,
      );
      why.push(`Then IT: ${rules.length > 0 ? rules.map((fault) => where(fault.spec)).join('; ') : 'the integration rule'} ${rules.length === 1 ? 'reproduces' : 'reproduce'} the rest of the drift from the recorded inputs.`);
      break;
  }
  const slow = producers(inputs.gate1);
  if (route !== 'both' && slow.length > 0 && rules.length === 0 && gate2.problem === 'integration') {
    why.push(`Nothing is broken: the declared ${slow.join(' and ')} ${slow.length === 1 ? 'is' : 'are'} too slow for this volume, a design decision IT owns.`);
  }
  return why;
}
