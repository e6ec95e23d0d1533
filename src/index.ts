/**
 * drift-sim as a library (`import ... from 'drift-sim'`): load and validate an incident,
 * replay it, answer Gate 2 and diagnose, emit an incident from a scenario, and the mocked
 * WMS / NetSuite / Shopify APIs, in-process or served over HTTP.
 *
 * What this module exports is the public API; everything else under `dist/` is internal and
 * may change in any release (the README's "Use it as a library and in your tests" section says
 * what semver covers). The regression-testing kit is the second entry point,
 * `drift-sim/testing`.
 *
 * @example
 * import { loadIncident, gate2 } from 'drift-sim';
 * const incident = await loadIncident('incident.yaml');
 * const result = await gate2(incident);
 * console.log(result.answer, result.problem); // 'no' 'process'
 */
import type { ConnectorModule } from './adapters/connector-runner.js';
import { connectorRun } from './adapters/connector-runner.js';
import { transportFor } from './cli/transport-choice.js';
import { loadIncident as loadIncidentFile, loadIncidentFromText as loadText, type LoadOptions } from './io/load-incident.js';
import { InputError, type Problem } from './io/problems.js';
import { emitIncident as emitFromScenario } from './sim/emit-incident.js';
import type { SimulationOptions } from './sim/engine.js';
import { parseFaultFlag } from './sim/faults/index.js';
import type { FaultSpec, Incident } from './sim/model.js';
import { replay as replayWithEngine, type ReplayReport } from './sim/replay.js';
import { parseDuration } from './sim/time.js';
import type { TraceSink } from './sim/trace.js';
import { startServeSession, type ServeSession } from './cli/serve.js';

// ---- types ------------------------------------------------------------------------------

export type {
  FaultParamValue,
  FaultSpec,
  Incident,
  LinkCarries,
  LinkDef,
  LinkMode,
  LogLevel,
  LogLine,
  Movement,
  MovementType,
  Observation,
  SkuDef,
  SystemDef,
  SystemKind,
} from './sim/model.js';
export type { LoadOptions } from './io/load-incident.js';
export type { Problem } from './io/problems.js';
export type { ObservationComparison, ReplayReport, ReplaySummary, SystemComparison } from './sim/replay.js';
export type { SimulationOptions, SimulationResult, CycleHook } from './sim/engine.js';
export type { TraceEvent, TraceSink } from './sim/trace.js';
export type { Candidate, ExplainedFault, Gate2Answer, Gate2Problem, Gate2Result } from './gate/search.js';
export type { EvaluatorFactory, Gate2RunOptions } from './gate/gate2.js';
export type { DiagnoseResult, Route } from './gate/diagnose.js';
export type { Gate1Result } from './gate/gate1.js';
export type { Gate3Result } from './gate/gate3.js';
export type { CheckResult } from './gate/checks.js';
export type { Connector, ConnectorContext, ConnectorJob, ConnectorModule, ConnectorRun, ConnectorWebhookHandler } from './adapters/connector-runner.js';
export type { ChangeAnnotation, HttpFaultHook, HttpFaultOutcome, MockApis, MockContext, MockOptions, MockRequestInfo, MockSystemApi } from '../mocks/index.js';
export type { MockServer } from './adapters/msw-server.js';
export type { ServeSession, ServedSystem } from './cli/serve.js';
export type { LibraryEntry } from './io/scenario-library.js';

// ---- values re-exported as they are -----------------------------------------------------

/**
 * Thrown for invalid input (a file, a `--fault` value): `problems` lists every problem with
 * its file, line, column, field path, what was expected and what was found.
 *
 * @example
 * try { await loadIncident('bad.yaml'); } catch (error) {
 *   if (error instanceof InputError) for (const problem of error.problems) console.log(formatProblem(problem));
 * }
 */
export { InputError, formatProblem } from './io/problems.js';

/**
 * Gate 2 (reproducibility): the smallest explanation of an incident's observations and its
 * verdict. Throws `NoEvidenceError` on an incident without observations.
 *
 * @example
 * const result = await gate2(incident, { budget: 4000, evaluator: threadEvaluator(2) });
 * result.answer;  // 'yes' | 'no'
 * result.problem; // 'integration' | 'process' | 'both' | 'unexplained'
 */
export { gate2 } from './gate/gate2.js';

/**
 * Gates 1-3, the five checks and the route (`it`, `ops`, `both`).
 *
 * @example
 * const { route, reason } = await diagnose(incident);
 */
export { diagnose } from './gate/diagnose.js';

/**
 * What `gate2` and `diagnose` throw for an incident with no observations (no evidence, no verdict).
 *
 * @example
 * try { await gate2(incident); } catch (error) { if (error instanceof NoEvidenceError) console.log(error.message); }
 */
export { NoEvidenceError } from './gate/no-evidence.js';

/**
 * Replays Gate 2's hypotheses on `n` worker threads (1: this thread).
 *
 * @example
 * await gate2(incident, { evaluator: threadEvaluator(2) });
 */
export { threadEvaluator } from './adapters/evaluators.js';

/**
 * The mocked APIs of an incident's systems (msw handlers over one `SystemState`): Shopify
 * Admin GraphQL, NetSuite REST, a generic WMS.
 *
 * @example
 * const state = new SystemState(incident.systems.length, incident.skus.length, incident.initial);
 * const mocks = createHandlers({ incident, state, clock: { nowMs: () => incident.window.startMs }, accessToken: 't', appSecret: 's' });
 * const server = startMockServer(mocks.handlers);
 * await fetch(`${mocks.baseUrlOf('wms')}/inventory/MUG-01`, { headers: { Authorization: 'Bearer t' } });
 * stopMockServer(server);
 */
export { createHandlers, DEFAULT_BASE_URL, shopifyFetch } from '../mocks/index.js';

/**
 * Intercepts `fetch` in this process with msw and answers from the given handlers; `stopMockServer` restores it.
 *
 * @example
 * const server = startMockServer(createHandlers(context).handlers);
 * stopMockServer(server);
 */
export { startMockServer, stopMockServer } from './adapters/msw-server.js';

/**
 * Every system's counts and applied idempotency keys; what the engine and the mocks share.
 *
 * @example
 * const state = new SystemState(2, 1, [[10], [10]]);
 * state.add(1, 0, -3); state.count(1, 0); // 7
 */
export { SystemState } from './sim/state.js';

/**
 * The deterministic engine itself, for stepping a run (`runUntil`) or reading its state.
 *
 * @example
 * const simulation = new Simulation(incident, { faults: incident.faults });
 * await simulation.runUntil(incident.window.startMs + 3_600_000);
 * simulation.state.count(0, 0);
 * const result = await simulation.finish();
 */
export { Simulation } from './sim/engine.js';

/**
 * The connector contract (`--connector`): load a module, or prepare a run of one.
 *
 * @example
 * const connector = await loadConnector('./my-connector.ts');
 * const report = await replay(incident, { connector });
 */
export { connectorRun, loadConnector } from './adapters/connector-runner.js';

/**
 * Writes an incident back as YAML text (defaults left out, times in UTC); `writeIncidentFiles`
 * writes it to a path, large lists in NDJSON side files, atomically.
 *
 * @example
 * await writeFile('recorded.yaml', incidentToYaml(incident));
 * await writeIncidentFiles('recorded.yaml', incident);
 */
export { incidentToYaml } from './io/write-incident.js';
/** @example await writeIncidentFiles('out/recorded.yaml', incident); // ['out/recorded.yaml'] */
export { writeIncidentFiles } from './io/write-incident-files.js';

/**
 * The bundled scenario library: every entry, or one by name.
 *
 * @example
 * const { incident } = await findScenario('weekend-batch-gap');
 * (await listScenarios()).map((entry) => entry.name);
 */
export { findScenario, listScenarios } from './io/scenario-library.js';

/**
 * Times and durations the way the format writes them.
 *
 * @example
 * parseTime('2026-03-02T09:00:00Z'); // 1772442000000
 * formatTime(1772442000000);         // '2026-03-02T09:00:00Z'
 * parseDuration('15m');              // 900000
 */
export { formatDuration, formatTime, parseDuration, parseTime } from './sim/time.js';

/**
 * Fault flags: `formatFaultFlag` writes a parsed fault back as a `--fault` value.
 *
 * @example
 * formatFaultFlag(parseFault('cadence:link=wms->erp,pausedOn=sat|sun', incident)); // 'cadence:link=wms->erp,pausedOn=sat|sun'
 */
export { formatFaultFlag } from './sim/faults/index.js';

/**
 * Human-readable reports, as the CLI prints them, and the command that re-runs a result.
 *
 * @example
 * process.stdout.write(formatReplayText(incident, report));
 * process.stdout.write(formatGate2Text(incident, result, rerunCommand('incident.yaml', result.explanation.map((fault) => fault.spec))));
 */
export { formatReplayText } from './report/replay-text.js';
/** @example process.stdout.write(formatGate2Text(incident, await gate2(incident), 'drift-sim replay incident.yaml')); */
export { formatGate2Text } from './report/gate2-output.js';
/** @example rerunCommand('incident.yaml', faults); // "drift-sim replay incident.yaml --fault 'cadence:...'" */
export { rerunCommand } from './report/rerun.js';

// ---- loading ------------------------------------------------------------------------------

/**
 * Reads and validates an incident or scenario file (YAML or JSON, with CSV/NDJSON side files
 * resolved against its folder).
 *
 * @throws InputError listing every problem.
 * @example
 * const incident = await loadIncident('incidents/weekend-batch-gap.yaml');
 * incident.movements.length; // 135
 */
export function loadIncident(path: string, options: LoadOptions = {}): Promise<Incident> {
  return loadIncidentFile(path, options);
}

/**
 * Validates an incident given as YAML or JSON text. `fileName` names it in problems and is
 * the folder side files are resolved against (default `incident.yaml` in the working folder).
 *
 * @throws InputError listing every problem.
 * @example
 * const incident = await loadIncidentFromText(await readFile('incident.yaml', 'utf8'), 'incident.yaml');
 */
export function loadIncidentFromText(text: string, fileName = 'incident.yaml', options: LoadOptions = {}): Promise<Incident> {
  return loadText(text, fileName, options);
}

/**
 * Validates an incident given as a plain object shaped like the file (what `JSON.parse` or a
 * YAML parser gives for a file: times as ISO text, durations as `15m`). It goes through the
 * same loader as a file, so it gets the same checks and the same problems.
 *
 * @throws InputError listing every problem (the file is named `fileName`, default `incident.json`).
 * @example
 * const incident = await loadIncidentFromObject({
 *   version: 1, name: 'tiny', systems: ['wms', 'storefront'],
 *   window: { start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z' },
 *   initial: { 'MUG-01': 10 },
 *   links: [{ from: 'wms', to: 'storefront', mode: 'batch', every: '15m' }],
 * });
 */
export function loadIncidentFromObject(document: unknown, fileName = 'incident.json', options: LoadOptions = {}): Promise<Incident> {
  let text: string;
  try {
    // JSON is YAML: the loader then reports problems with line and column in this text.
    text = JSON.stringify(document, null, 1);
  } catch (error) {
    throw new InputError([{ file: fileName, path: '(top level)', expected: 'a JSON-serialisable object', found: error instanceof Error ? error.message : String(error) }]);
  }
  if (text === undefined) throw new InputError([{ file: fileName, path: '(top level)', expected: 'an incident object', found: String(document) }]);
  return loadText(text, fileName, options);
}

/** Where an incident comes from: a path, text, or an object shaped like the file. */
export type IncidentSource = string | { text: string; fileName?: string } | { document: unknown; fileName?: string };

/**
 * Validates an incident without throwing: `{ ok: true, incident }` or `{ ok: false, problems }`.
 *
 * @example
 * const checked = await validateIncident('incident.yaml');
 * if (!checked.ok) checked.problems.forEach((problem) => console.log(formatProblem(problem)));
 * const fromText = await validateIncident({ text: 'version: 1\nname: x\n', fileName: 'x.yaml' });
 */
export async function validateIncident(source: IncidentSource, options: LoadOptions = {}): Promise<{ ok: true; incident: Incident } | { ok: false; problems: Problem[] }> {
  try {
    const incident =
      typeof source === 'string'
        ? await loadIncidentFile(source, options)
        : 'text' in source
          ? await loadText(source.text, source.fileName ?? 'incident.yaml', options)
          : await loadIncidentFromObject(source.document, source.fileName, options);
    return { ok: true, incident };
  } catch (error) {
    if (error instanceof InputError) return { ok: false, problems: error.problems };
    throw error;
  }
}

/**
 * Parses one `--fault` value against an incident (its systems, links and SKUs).
 *
 * @throws InputError when the value is not a valid fault.
 * @example
 * const pause = parseFault('cadence:link=wms->erp,pausedOn=sat|sun', incident);
 * await replay(incident, { faults: [...incident.faults, pause] });
 */
export function parseFault(flag: string, incident: Incident): FaultSpec {
  const parsed = parseFaultFlag(flag, {
    systems: incident.systems.map((system) => system.name),
    links: incident.links.map((link) => link.name),
    linkModes: Object.fromEntries(incident.links.map((link) => [link.name, link.mode])),
    skus: new Set(incident.skus.map((sku) => sku.sku)),
  });
  if (!parsed.spec) {
    throw new InputError(parsed.problems.map((problem) => ({ file: '--fault', path: problem.path ? `--fault.${problem.path}` : '--fault', expected: problem.expected, found: problem.found })));
  }
  return parsed.spec;
}

// ---- replay -------------------------------------------------------------------------------

/** Options of `replay`. */
export interface ReplayOptions {
  /**
   * The faults to replay with: parsed specs or `--fault` values. Default: the incident's own
   * `faults` (a scenario's); pass `[]` for none.
   */
  faults?: readonly (FaultSpec | string)[];
  /** Receives every event of the run with its cause (the `--trace` NDJSON events). */
  trace?: TraceSink;
  /** `in-process` (default) or `http`: every link message through `fetch` to the mocked APIs. */
  transport?: 'in-process' | 'http';
  /** A connector under test (a module object or a path) that replaces the incident's links. */
  connector?: ConnectorModule | string;
  /** Seeds stochastic faults that give no seed of their own (default 1). */
  seed?: number;
}

/**
 * Replays an incident with faults and compares every observation with the simulated counts.
 *
 * @example
 * const report = await replay(incident, { faults: ['cadence:link=wms->erp,pausedOn=sat|sun'] });
 * report.summary.reproduces; // true when every observation matches within tolerance
 * report.comparisons[0].systems; // per system: observed, simulated, difference
 */
export async function replay(incident: Incident, options: ReplayOptions = {}): Promise<ReplayReport> {
  const faults = (options.faults ?? incident.faults).map((fault) => (typeof fault === 'string' ? parseFault(fault, incident) : fault));
  const seed = options.seed !== undefined ? { seed: options.seed } : {};
  if (options.connector !== undefined) {
    const { loadConnector } = await import('./adapters/connector-runner.js');
    const module = typeof options.connector === 'string' ? await loadConnector(options.connector) : options.connector;
    const prepared = connectorRun(incident, module, { faults, ...seed });
    return replayWithEngine(prepared.incident, { ...prepared.options, ...(options.trace ? { trace: options.trace } : {}) });
  }
  const simulation: SimulationOptions = {
    faults,
    ...seed,
    ...(options.trace ? { trace: options.trace } : {}),
    ...transportFor(options.transport ?? 'in-process', incident),
  };
  return replayWithEngine(incident, simulation);
}

// ---- emitting -----------------------------------------------------------------------------

/**
 * Makes the incident the field would have recorded from a scenario: simulates it with its
 * faults, samples every SKU in every system every `every` (a duration like `1h`, or
 * milliseconds), keeps the logs the faults produced and drops the faults.
 *
 * @example
 * const scenario = await loadIncident('scenarios/flash-sale-webhook-drops.yaml');
 * const recorded = await emitIncident(scenario, '1h');
 * recorded.faults.length; // 0
 * (await gate2(recorded)).answer; // 'yes'
 */
export async function emitIncident(scenario: Incident, every: string | number): Promise<Incident> {
  const periodMs = typeof every === 'number' ? every : parseDuration(every);
  if (periodMs === undefined || !(periodMs > 0)) {
    throw new InputError([{ file: 'emitIncident', path: 'every', expected: 'a positive duration like 1h or 15m', found: String(every) }]);
  }
  return (await emitFromScenario(scenario, periodMs)).incident;
}

/**
 * An emitted incident as YAML text, ready to write and to hand to `drift-sim gate2`.
 *
 * @example
 * await writeFile('recorded.yaml', incidentYaml(await emitIncident(scenario, '1h')));
 */
export { incidentToYaml as incidentYaml } from './io/write-incident.js';

// ---- serving --------------------------------------------------------------------------------

/** Options of `serve`. */
export interface ServeOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port (read it from `session.baseUrl`). */
  port?: number;
  /** Access token the APIs accept (default `drift-sim`). */
  accessToken?: string;
  /** Webhook signing secret (default `drift-sim-secret`). */
  appSecret?: string;
  /**
   * Virtual milliseconds per real millisecond. Default 0: the clock stays at the window start
   * until you call `session.advance(ms)` (or `POST /_control/advance`), which is what a test
   * wants. Above 0, a timer in this process advances it.
   */
  speed?: number;
}

/**
 * Serves the mocked APIs of an incident over real HTTP (each system under
 * `<baseUrl>/<system name>` followed by its real API's paths, plus `/_control/state` and
 * `/_control/advance`), with its movements and faults replaying on a virtual clock. For a
 * connector in another process or language.
 *
 * @example
 * const session = await serve(incident, { port: 0 });
 * await fetch(`${session.baseUrl}/wms/inventory/MUG-01`, { headers: { Authorization: 'Bearer drift-sim' } });
 * await session.advance(15 * 60_000);
 * session.counts(); // { wms: { 'MUG-01': 9 }, storefront: { 'MUG-01': 9 } }
 * await session.close();
 */
export async function serve(incident: Incident, options: ServeOptions = {}): Promise<ServeSession> {
  const speed = options.speed ?? 0;
  const session = await startServeSession(incident, {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    speed,
    accessToken: options.accessToken ?? 'drift-sim',
    appSecret: options.appSecret ?? 'drift-sim-secret',
  });
  if (speed <= 0) return session;
  // Real time drives the virtual clock only when asked for; the timer stops with the session.
  let last = performance.now();
  let carryMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const virtual = (now - last) * speed + carryMs;
    last = now;
    const whole = Math.floor(virtual);
    carryMs = virtual - whole;
    void session.advance(whole);
  }, 100);
  return {
    ...session,
    async close() {
      clearInterval(timer);
      await session.close();
    },
  };
}
