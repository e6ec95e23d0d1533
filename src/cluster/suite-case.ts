/**
 * One case of `drift-sim suite`, and what it checks. The same function runs on a worker
 * (in a thread of `drift-sim worker`) and, without `--redis`, in the suite's own process.
 *
 * - A **scenario** case: a file of the suite's folder. A scenario (it declares faults, or
 *   records no observations) is first recorded hourly, as `train` records it; then Gate 2
 *   runs, and the case passes when the verdict is the file's `expect.gate2` and the
 *   explanation replays to a full match. A file without `expect.gate2` passes when its
 *   verdict's explanation replays to a full match (its verdict is reported, not judged).
 * - A **property seed** N: the Gate 2 round trip of a generated scenario with a known cause
 *   (`propertyScenario`): record it every 2 hours (`run --emit-incident --observe 2h`),
 *   then Gate 2 must answer yes/integration for a rule alone, no/process for night
 *   overrides alone, no/both for both, and the rerun command's `--fault` flags must parse
 *   back and replay to a full match. A cause must show before it can be asked to be found:
 *   the first of 8 draws for the seed whose cause shows in the observations is used (for
 *   both, neither half alone may reproduce them); a seed with none is skipped, saying so.
 *
 * @example
 * const result = await runSuiteCase({ kind: 'property', name: 'seed 7', seed: 7 });
 * result.status; // 'passed'
 */
import { gate2 } from '../gate/gate2.js';
import type { Gate2Result } from '../gate/search.js';
import { loadIncidentFromText } from '../io/load-incident.js';
import { emitIncident } from '../sim/emit-incident.js';
import { formatFaultFlag, parseFaultFlag } from '../sim/faults/index.js';
import type { FaultSpec, Incident } from '../sim/model.js';
import { replay } from '../sim/replay.js';
import { propertyScenario } from './property-scenario.js';

export type SuiteCase =
  | { kind: 'scenario'; name: string; file: string; /** SHA-256 of the scenario's image in Redis. */ incident: string; budget?: number }
  | { kind: 'property'; name: string; seed: number; budget?: number };

export interface SuiteCaseResult {
  name: string;
  /** 'scenarios' or 'property seeds'. */
  group: string;
  status: 'passed' | 'failed' | 'skipped' | 'error';
  /** One line: why it failed or was skipped, or the verdict. */
  message: string;
  /** Lines: verdict, explanation as --fault flags, simulations, how to re-run. */
  detail: string;
  simulations: number;
}

/** Scenarios are recorded hourly, as `train` and the scenario library's test record them. */
export const SCENARIO_OBSERVE_MS = 3_600_000;
/** Property scenarios are recorded every 2 hours, as the round-trip test records them. */
export const PROPERTY_OBSERVE_MS = 2 * 3_600_000;
/** Draws per property seed before it is skipped for a cause that never shows. */
export const PROPERTY_ATTEMPTS = 8;

/** Runs one case; `incident` is the scenario file's content for a scenario case. */
export async function runSuiteCase(suiteCase: SuiteCase, incident?: Incident): Promise<SuiteCaseResult> {
  try {
    if (suiteCase.kind === 'scenario') {
      if (!incident) throw new Error(`scenario case ${suiteCase.name} without its incident`);
      return await scenarioCase(suiteCase, incident);
    }
    return await propertyCase(suiteCase);
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { name: suiteCase.name, group: groupOf(suiteCase), status: 'error', message: firstLine(text), detail: text, simulations: 0 };
  }
}

function groupOf(suiteCase: SuiteCase): string {
  return suiteCase.kind === 'scenario' ? 'scenarios' : 'property seeds';
}

async function scenarioCase(suiteCase: Extract<SuiteCase, { kind: 'scenario' }>, loaded: Incident): Promise<SuiteCaseResult> {
  const isScenario = loaded.faults.length > 0 || loaded.observations.length === 0;
  const incident = isScenario ? (await emitIncident(loaded, SCENARIO_OBSERVE_MS)).incident : loaded;
  const result = await gate2(incident, suiteCase.budget !== undefined ? { budget: suiteCase.budget } : {});
  const verdict = `${result.answer}/${result.problem}`;
  const lines = describe(result);
  const expected = loaded.expect?.gate2;
  const base = { name: suiteCase.name, group: 'scenarios', simulations: result.searched.simulations };
  if (expected && (expected.answer !== result.answer || expected.problem !== result.problem)) {
    return { ...base, status: 'failed', message: `expected ${expected.answer}/${expected.problem}, got ${verdict}`, detail: lines.join('\n') };
  }
  const proof = await proves(incident, result.explanation.map((fault) => fault.spec), result.problem);
  if (proof) return { ...base, status: 'failed', message: proof, detail: lines.join('\n') };
  const message = expected ? verdict : `${verdict} (the file has no expect.gate2: reported, not judged)`;
  return { ...base, status: 'passed', message, detail: lines.join('\n') };
}

async function propertyCase(suiteCase: Extract<SuiteCase, { kind: 'property' }>): Promise<SuiteCaseResult> {
  const base = { name: suiteCase.name, group: 'property seeds' };
  for (let attempt = 0; attempt < PROPERTY_ATTEMPTS; attempt++) {
    const generated = propertyScenario(suiteCase.seed, attempt);
    const plain = await loadIncidentFromText(generated.yaml, `property-seed-${suiteCase.seed}.yaml`);
    const faults = parseFlags(plain, generated.flags);
    const { incident } = await emitIncident({ ...plain, faults }, PROPERTY_OBSERVE_MS);
    if (!(await causeShows(incident, generated.cause, faults))) continue;
    const result = await gate2(incident, suiteCase.budget !== undefined ? { budget: suiteCase.budget } : {});
    const expected = generated.cause === 'integration' ? 'yes/integration' : `no/${generated.cause}`;
    const verdict = `${result.answer}/${result.problem}`;
    const lines = [
      `seed ${suiteCase.seed}, draw ${attempt}: cause ${generated.cause}, faults ${generated.flags.join(' ')}`,
      ...describe(result),
      `re-run alone: drift-sim suite --first-seed ${suiteCase.seed} --seeds 1`,
    ];
    const withSimulations = { ...base, simulations: result.searched.simulations };
    if (verdict !== expected) return { ...withSimulations, status: 'failed', message: `seed ${suiteCase.seed}: expected ${expected}, got ${verdict}`, detail: lines.join('\n') };
    // The rerun command's flags parse back and replay to a full match.
    const rerun = parseFlags(incident, result.explanation.map((fault) => formatFaultFlag(fault.spec)));
    const proof = await proves(incident, rerun, result.problem);
    if (proof) return { ...withSimulations, status: 'failed', message: `seed ${suiteCase.seed}: ${proof}`, detail: lines.join('\n') };
    return { ...withSimulations, status: 'passed', message: `${verdict} (cause ${generated.cause})`, detail: lines.join('\n') };
  }
  return {
    ...base,
    status: 'skipped',
    message: `seed ${suiteCase.seed}: in ${PROPERTY_ATTEMPTS} draws the cause never showed in the observations, so there was nothing to find`,
    detail: '',
    simulations: 0,
  };
}

/** True when the cause is visible: process and both need a mismatch; both needs each half alone to fall short. */
async function causeShows(incident: Incident, cause: string, faults: readonly FaultSpec[]): Promise<boolean> {
  if (cause === 'integration') return true;
  if ((await replay(incident, {})).summary.reproduces) return false;
  if (cause !== 'both') return true;
  const actions = faults.filter((fault) => fault.kind === 'manual_override');
  const rules = faults.filter((fault) => fault.kind !== 'manual_override');
  return !(await replay(incident, { faults: actions })).summary.reproduces && !(await replay(incident, { faults: rules })).summary.reproduces;
}

/** A problem sentence when the explanation does not replay to a full match; undefined when it does. */
async function proves(incident: Incident, faults: FaultSpec[], problem: string): Promise<string | undefined> {
  if (problem === 'unexplained') return undefined;
  const proof = await replay(incident, { faults });
  return proof.summary.reproduces ? undefined : `the explanation replays to ${proof.summary.matched}/${proof.summary.observations} observations, not all`;
}

function describe(result: Gate2Result): string[] {
  const flags = result.explanation.map((fault) => `--fault '${formatFaultFlag(fault.spec)}'`).join(' ');
  return [`verdict ${result.answer}/${result.problem}`, `explanation: ${flags || '(none needed)'}`, `simulations: ${result.searched.simulations}`];
}

function parseFlags(incident: Incident, flags: readonly string[]): FaultSpec[] {
  const context = {
    systems: incident.systems.map((system) => system.name),
    links: incident.links.map((link) => link.name),
    linkModes: Object.fromEntries(incident.links.map((link) => [link.name, link.mode])),
  };
  return flags.map((flag) => {
    const parsed = parseFaultFlag(flag, context);
    if (!parsed.spec) throw new Error(`the fault ${flag} does not parse: ${JSON.stringify(parsed.problems)}`);
    return parsed.spec;
  });
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!;
}
