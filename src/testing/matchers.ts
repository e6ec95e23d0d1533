/**
 * vitest matchers for incidents, scenarios and connector runs, with per-SKU, per-system
 * differences in their messages. Register them once (in a test file or a setup file):
 *
 * ```ts
 * import { expect } from 'vitest';
 * import { driftSimMatchers } from 'drift-sim/testing';
 * expect.extend(driftSimMatchers);
 * ```
 *
 * - `await expect(incident).toReproduce()`: replaying the incident (with its faults) matches
 *   every observation; `toReproduce(observations)` compares with these instead (file-format
 *   observations: `{at, sku, counts: {system: n}}`).
 * - `await expect(scenario).toConverge()`: after the run, every system shows the same count of
 *   every SKU; also takes a connector run's outcome (`runConnector`).
 * - `await expect(incident).toHaveVerdict('no', 'process')`: Gate 2's answer (and problem).
 *
 * They are asynchronous: always `await` them. vitest is not imported at run time (it is an
 * optional peer dependency); the types extend vitest's `Assertion`.
 *
 * @example
 * await expect(await loadDocument(document)).toHaveVerdict('yes', 'integration');
 */
// Loads vitest's types for the augmentation below; nothing of vitest is imported at run time.
import type {} from 'vitest';
import { gate2 } from '../gate/gate2.js';
import { Simulation } from '../sim/engine.js';
import type { Incident, Observation } from '../sim/model.js';
import { skuIndex } from '../sim/model.js';
import { ObservationStore } from '../sim/observation-store.js';
import { replay } from '../sim/replay.js';
import { formatTime, parseTime } from '../sim/time.js';
import { formatFaultFlag } from '../sim/faults/index.js';
import { rerunCommand } from '../report/rerun.js';
import { type DiffRow, formatDiffRows } from './count-diff.js';
import { type IncidentDocument, loadDocument, type ObservationDocument } from './documents.js';

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/** An incident, or a document of one (loaded through the loader). */
export type IncidentLike = Incident | IncidentDocument;

function isIncident(value: unknown): value is Incident {
  return typeof value === 'object' && value !== null && typeof (value as Incident).window?.startMs === 'number';
}

async function asIncident(value: IncidentLike): Promise<Incident> {
  return isIncident(value) ? value : loadDocument(value);
}

/** File-format observations resolved against an incident's systems and SKUs. */
function resolveObservations(incident: Incident, documents: readonly ObservationDocument[]): Observation[] {
  return documents.map((document, index) => {
    const atMs = parseTime(document.at);
    const sku = skuIndex(incident, document.sku);
    if (atMs === undefined) throw new Error(`toReproduce: observations[${index}].at is not a time with a zone: ${document.at}`);
    if (sku < 0) throw new Error(`toReproduce: observations[${index}].sku ${document.sku} is not a SKU of ${incident.name}`);
    const counts = incident.systems.map((system) => document.counts[system.name]);
    return { atMs, sku, counts };
  });
}

async function toReproduce(this: { isNot: boolean }, received: IncidentLike, observations?: readonly ObservationDocument[]): Promise<MatcherResult> {
  const base = await asIncident(received);
  const incident: Incident = observations ? { ...base, observations: ObservationStore.from(resolveObservations(base, observations), { systems: base.systems.length }) } : base;
  const report = await replay(incident, { faults: incident.faults });
  const rows: DiffRow[] = report.comparisons
    .filter((comparison) => !comparison.matches)
    .map((comparison) => ({
      sku: comparison.sku,
      at: formatTime(comparison.atMs),
      cells: comparison.systems.filter((system) => !system.matches).map((system) => ({ system: system.system, expected: system.observed!, actual: system.simulated })),
    }));
  const faults = incident.faults.map((fault) => `--fault '${formatFaultFlag(fault)}'`).join(' ');
  return {
    pass: report.summary.reproduces,
    message: () =>
      report.summary.reproduces
        ? `expected ${incident.name} not to reproduce, but all ${report.summary.observations} observations match${faults ? ` with ${faults}` : ''}`
        : `expected ${incident.name} to reproduce its observations${faults ? ` with ${faults}` : ''}; ${report.summary.mismatched} of ${report.summary.observations} do not (observed, then simulated):\n${formatDiffRows(rows, { expected: 'observed', actual: 'simulated' })}`,
  };
}

/** Final counts by system and SKU, from a run or from a connector outcome. */
async function finalCounts(received: IncidentLike | { final: Record<string, Record<string, number>> }): Promise<{ name: string; recordOf: string; final: Record<string, Record<string, number>> }> {
  if (typeof received === 'object' && received !== null && 'final' in received && !('version' in received)) {
    const systems = Object.keys(received.final);
    return { name: 'the connector run', recordOf: systems[0] ?? '', final: received.final };
  }
  const incident = await asIncident(received as IncidentLike);
  const simulation = new Simulation(incident, { faults: incident.faults });
  await simulation.run();
  const final = Object.fromEntries(incident.systems.map((system, index) => [system.name, Object.fromEntries(incident.skus.map((sku, skuIndexValue) => [sku.sku, simulation.state.count(index, skuIndexValue)]))]));
  return { name: incident.name, recordOf: incident.systems[incident.recordOf]!.name, final };
}

async function toConverge(this: { isNot: boolean }, received: IncidentLike | { final: Record<string, Record<string, number>> }): Promise<MatcherResult> {
  const { name, recordOf, final } = await finalCounts(received);
  const rows: DiffRow[] = [];
  for (const [sku, expected] of Object.entries(final[recordOf] ?? {})) {
    const cells = Object.entries(final)
      .filter(([system, counts]) => system !== recordOf && counts[sku] !== expected)
      .map(([system, counts]) => ({ system, expected, actual: counts[sku] }));
    if (cells.length > 0) rows.push({ sku, cells });
  }
  return {
    pass: rows.length === 0,
    message: () =>
      rows.length === 0
        ? `expected ${name} not to converge, but every system shows ${recordOf}'s count of every SKU at the end`
        : `expected ${name} to converge: at the end, ${rows.length} SKU(s) differ from ${recordOf} (the system of record):\n${formatDiffRows(rows, { expected: `${recordOf} has`, actual: 'shows' })}`,
  };
}

async function toHaveVerdict(this: { isNot: boolean }, received: IncidentLike, answer: 'yes' | 'no', problem?: 'integration' | 'process' | 'both' | 'unexplained'): Promise<MatcherResult> {
  const incident = await asIncident(received);
  const result = await gate2(incident);
  const pass = result.answer === answer && (problem === undefined || result.problem === problem);
  const explanation = result.explanation.map((fault) => `  ${fault.family}: ${formatFaultFlag(fault.spec)}`).join('\n');
  const rerun = rerunCommand(incident.sourcePath ?? `${incident.name}.yaml`, result.explanation.map((fault) => fault.spec));
  return {
    pass,
    message: () =>
      `expected Gate 2 on ${incident.name}${pass ? ' not' : ''} to answer ${answer}${problem ? ` / ${problem}` : ''}; it answered ${result.answer} / ${result.problem}` +
      `${explanation ? `, explained by:\n${explanation}` : ''}\n(fit ${result.fit.matched}/${result.fit.observations}; rerun: ${rerun})`,
  };
}

/**
 * The matchers, for `expect.extend(driftSimMatchers)`.
 *
 * @example
 * expect.extend(driftSimMatchers);
 * await expect(incident).toReproduce();
 */
export const driftSimMatchers = { toReproduce, toConverge, toHaveVerdict };

/** The matchers' signatures, as vitest sees them once registered. */
export interface DriftSimMatchers<R = unknown> {
  /** Replaying the incident (with its faults) matches every observation, or `observations`. */
  toReproduce(observations?: readonly ObservationDocument[]): Promise<R>;
  /** After the run every system shows the system of record's count of every SKU. */
  toConverge(): Promise<R>;
  /** Gate 2 answers `answer` (and `problem`, when given). */
  toHaveVerdict(answer: 'yes' | 'no', problem?: 'integration' | 'process' | 'both' | 'unexplained'): Promise<R>;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Assertion<T = any> extends DriftSimMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends DriftSimMatchers {}
}
