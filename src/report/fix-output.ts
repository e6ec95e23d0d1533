/**
 * `drift-sim fix` output: the human text and the `--json` document, from one `FixResult`.
 * Every figure comes from a replay; the words only say what the figures mean, and each ranked
 * remedy carries the command that re-runs exactly its replay.
 *
 * @example
 * const text = formatFixText(incident, result, { file: 'incident.yaml' });
 * const json = fixToJson(incident, result, { file: 'incident.yaml' });
 */
import type { Measurement } from '../fix/measure.js';
import type { FixResult, Outcome } from '../fix/prove-fixes.js';
import { formatRemedyFlag, remedyParamsToJson } from '../fix/remedies/index.js';
import type { Gate2Result } from '../gate/search.js';
import { formatFaultFlag } from '../sim/faults/index.js';
import type { Incident } from '../sim/model.js';
import { describeFault } from './describe-fault.js';
import { faultToJson } from './json.js';
import { shellQuote } from './rerun.js';

/** How many ranked remedies the text lists (the JSON has them all). */
export const TEXT_REMEDIES_LISTED = 10;

export interface FixContext {
  /** The incident file, for the re-run commands. */
  file: string;
  /** Set when the world's faults came from Gate 2 (no `--fault`). */
  gate2?: Pick<Gate2Result, 'answer' | 'problem'>;
}

/**
 * `drift-sim fix <file> --fault ... --remedy ...`: the world's faults given, so no search runs again.
 *
 * @example
 * fixRerunCommand('incident.yaml', result, result.ranked[0]!); // "drift-sim fix incident.yaml --fault '...' --remedy '...'"
 */
export function fixRerunCommand(file: string, result: Pick<FixResult, 'faults'>, outcome: Pick<Outcome, 'remedies'>): string {
  const words = ['drift-sim', 'fix', shellQuote(file)];
  for (const fault of result.faults) words.push('--fault', shellQuote(formatFaultFlag(fault)));
  for (const remedy of outcome.remedies) words.push('--remedy', shellQuote(formatRemedyFlag(remedy)));
  return words.join(' ');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The drift a measurement leaves, in one phrase.
 *
 * @example
 * driftWords(result.before); // 'largest gap 30 at 117 of 438 observations, 6 SKUs, 1476.42 unit-hours apart'
 */
export function driftWords(measurement: Measurement): string {
  const drift = measurement.drift;
  if (drift.largestGap === 0) return `no drift at any of the ${plural(drift.observations, 'observation')} (${drift.unitHours} unit-hours apart in between)`;
  return `largest gap ${drift.largestGap} at ${drift.driftingObservations} of ${plural(drift.observations, 'observation')}, ${plural(drift.skusAffected, 'SKU')}, ${drift.unitHours} unit-hours apart`;
}

/**
 * What a measurement costs the chain, in one phrase.
 *
 * @example
 * costWords(outcome.measurement); // '96 messages a day; Shopify 48 calls a day, within its limits; ...'
 */
export function costWords(measurement: Measurement): string {
  const cost = measurement.cost;
  const api = (name: string, calls: number, perDay: number, over: number, overWord: string) =>
    calls === 0 ? '' : `; ${name} ${perDay} calls a day${over > 0 ? `, ${over} ${overWord}` : ', within its limits'}`;
  return `${cost.messagesPerDay} messages a day${api('Shopify', cost.shopify.calls, cost.shopify.callsPerDay, cost.shopify.overLimit, 'throttled')}${api('NetSuite', cost.netsuite.calls, cost.netsuite.callsPerDay, cost.netsuite.overLimit, 'over the concurrency limit')}`;
}

function remediesWords(outcome: Outcome): string {
  return outcome.remedies.map(formatRemedyFlag).join(' + ');
}

/**
 * The plain answer: can a remedy in the library remove the drift, and which.
 *
 * @example
 * fixVerdict(result, {}); // 'The top remedy, retry:link=storefront->erp, leaves the systems agreeing at every observation.'
 */
export function fixVerdict(result: FixResult, context: Pick<FixContext, 'gate2'>): string {
  if (context.gate2?.problem === 'unexplained') {
    return 'Gate 2 found no explanation for this incident, so there is no known fault to remedy. Give the faults you suspect with --fault to try remedies against them.';
  }
  const best = result.ranked[0];
  if (!best) {
    const named = result.unanswered.map((key) => (key === 'declared_links' ? "the declared links' own drift (every link is already event-driven)" : key));
    return `No remedy in the library answers ${named.length ? named.join(', ') : 'these faults'}: none can be tried.`;
  }
  const name = remediesWords(best);
  if (result.zeroDrift) return `The top remedy, ${name}, leaves the systems agreeing at every observation.`;
  if (best.removesFaultDrift) {
    return `No remedy in the library leaves zero drift at every observation. The best, ${name}, removes all the drift the faults caused; what is left (${driftWords(best.measurement)}) is the declared links' own drift: messages still in flight or waiting for a batch at the instant of an observation.`;
  }
  return `No remedy in the library removes this drift. The best, ${name}, still leaves ${driftWords(best.measurement)}, against ${driftWords(result.before)} as things are.`;
}

/**
 * For a `both` answer: why the process gap goes first, with the figures.
 *
 * @example
 * orderLines(result)[0]; // 'Why the process gap goes first:'
 */
export function orderLines(result: FixResult): string[] {
  const order = result.order;
  if (!order) return [];
  return [
    'Why the process gap goes first:',
    `  - fixing only the integration (${remediesWords(order.integrationOnly)}) leaves the overrides' drift: ${driftWords(order.integrationOnly.measurement)};`,
    `  - fixing only the process (${remediesWords(order.processOnly)}) leaves the backlog: ${driftWords(order.processOnly.measurement)};`,
    `  - both (${remediesWords(order.both)}): ${driftWords(order.both.measurement)}.`,
    '  Close the process gap first: while people correct counts by hand, their corrections hide the',
    "  integration's own drift, so no integration fix can be measured; with the hand changes stopped, what",
    '  is left replays exactly and the integration fix is proven on it. Then apply both.',
  ];
}

/**
 * The human output of `drift-sim fix`.
 *
 * @example
 * process.stdout.write(formatFixText(incident, result, { file: 'incident.yaml' }));
 */
export function formatFixText(incident: Incident, result: FixResult, context: FixContext): string {
  const lines: string[] = [`drift-sim fix: ${incident.name}`];
  const source = context.gate2 ? `Gate 2's explanation (${context.gate2.answer}, ${context.gate2.problem})` : 'the faults given with --fault';
  if (result.faults.length === 0) lines.push(`The world as it is: ${source}: the declared links alone.`);
  else {
    lines.push(`The world as it is: ${source}:`);
    for (const fault of result.faults) lines.push(`  - ${describeFault(fault)}`);
  }
  lines.push(`Drift as it is: ${driftWords(result.before)}.`);
  lines.push(`The declared links without any fault: ${driftWords(result.declared)}.`);
  lines.push('');
  if (result.ranked.length > 0) {
    lines.push(`${result.ranked.length} ${result.ranked.length === 1 ? "remedy" : "remedies"} tried, least drift left first, then least cost to the chain:`);
    result.ranked.slice(0, TEXT_REMEDIES_LISTED).forEach((outcome, index) => {
      lines.push(` ${index + 1}. ${remediesWords(outcome)}`);
      lines.push(`    leaves ${driftWords(outcome.measurement)}${outcome.removesFaultDrift && outcome.measurement.drift.largestGap > 0 ? ' (only the declared links\' own drift)' : ''}`);
      lines.push(`    costs ${costWords(outcome.measurement)}`);
      lines.push(`    re-run: ${fixRerunCommand(context.file, result, outcome)}`);
    });
    if (result.ranked.length > TEXT_REMEDIES_LISTED) lines.push(`  ... and ${result.ranked.length - TEXT_REMEDIES_LISTED} more (--json lists them all).`);
    lines.push('');
  }
  const order = orderLines(result);
  if (order.length) lines.push(...order, '');
  lines.push(fixVerdict(result, context));
  return `${lines.join('\n')}\n`;
}

function measurementJson(measurement: Measurement) {
  return { drift: { ...measurement.drift }, cost: measurement.cost };
}

/**
 * The `--json` document of `drift-sim fix`.
 *
 * @example
 * process.stdout.write(stringifyJson(fixToJson(incident, result, { file: 'incident.yaml' })));
 */
export function fixToJson(incident: Incident, result: FixResult, context: FixContext) {
  const rankOf = (outcome: Outcome) => result.ranked.indexOf(outcome) + 1;
  return {
    incident: incident.name,
    source: context.gate2 ? 'gate2' : 'faults',
    ...(context.gate2 ? { gate2: { answer: context.gate2.answer, problem: context.gate2.problem } } : {}),
    faults: result.faults.map(faultToJson),
    before: measurementJson(result.before),
    declared: measurementJson(result.declared),
    remedies: result.ranked.map((outcome, index) => ({
      rank: index + 1,
      remedies: outcome.remedies.map((remedy) => ({ kind: remedy.kind, params: remedyParamsToJson(remedy), flag: formatRemedyFlag(remedy) })),
      side: outcome.side,
      answers: outcome.groups,
      ...measurementJson(outcome.measurement),
      zeroDrift: outcome.measurement.drift.largestGap === 0,
      removesFaultDrift: outcome.removesFaultDrift,
      rerun: fixRerunCommand(context.file, result, outcome),
    })),
    unanswered: result.unanswered,
    zeroDrift: result.zeroDrift,
    ...(result.order
      ? { order: { processOnly: rankOf(result.order.processOnly), integrationOnly: rankOf(result.order.integrationOnly), both: rankOf(result.order.both), first: 'process' } }
      : {}),
    verdict: fixVerdict(result, context),
  };
}
