/**
 * `drift-sim suite`: every scenario file of a folder and N property seeds, each one case
 * (see suite-case.ts for what a case checks), run on the workers of a Redis (`cluster`)
 * or, without it, one after another in this process. The results come back in case order
 * (scenario files by path, then seeds ascending) whoever ran them, so the JUnit XML and the
 * summary are the same bytes either way.
 *
 * @example
 * const report = await runSuite({ dir: 'scenarios', seeds: 20, firstSeed: 1 });
 * report.totals.failed; // 0
 */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadIncident } from '../io/load-incident.js';
import { InputError, type Problem } from '../io/problems.js';
import type { Incident } from '../sim/model.js';
import type { CoordinatorOptions } from './coordinator.js';
import { SUITE_CASE_JOB, type SuiteCaseJob } from './protocol.js';
import { type SuiteCase, type SuiteCaseResult, runSuiteCase } from './suite-case.js';
import { type EncodedIncident, encodeIncident, fromWire } from './wire.js';

export interface SuiteOptions {
  /** The folder of scenario and incident files (.yaml, .yml, .json; subfolders included). */
  dir?: string;
  /** How many property seeds, from `firstSeed` on. */
  seeds: number;
  firstSeed: number;
  /** Gate 2's budget per case (default: Gate 2's own). */
  budget?: number;
  /** Run the cases on the workers of this Redis; without it, here. */
  cluster?: CoordinatorOptions;
  /** Called as cases finish (here) or once all have (cluster). */
  onProgress?: (done: number, total: number) => void;
}

export interface SuiteReport {
  cases: SuiteCaseResult[];
  totals: { cases: number; passed: number; failed: number; errors: number; skipped: number; simulations: number };
}

/** Runs the suite; invalid files are an InputError listing every problem (nothing runs). */
export async function runSuite(options: SuiteOptions): Promise<SuiteReport> {
  const scenarios = options.dir ? await loadFolder(options.dir) : [];
  const budget = options.budget !== undefined ? { budget: options.budget } : {};
  const encoded = new Map<string, EncodedIncident>();
  const cases: SuiteCase[] = [];
  for (const scenario of scenarios) {
    const image = encodeIncident(scenario.incident);
    encoded.set(image.hash, image);
    cases.push({ kind: 'scenario', name: scenario.name, file: scenario.name, incident: image.hash, ...budget });
  }
  for (let seed = options.firstSeed; seed < options.firstSeed + options.seeds; seed++) cases.push({ kind: 'property', name: `seed ${seed}`, seed, ...budget });
  const results = options.cluster ? await runOnCluster(options.cluster, cases, encoded) : await runHere(cases, scenarios, options.onProgress);
  options.onProgress?.(cases.length, cases.length);
  const count = (status: SuiteCaseResult['status']) => results.filter((result) => result.status === status).length;
  return {
    cases: results,
    totals: {
      cases: results.length,
      passed: count('passed'),
      failed: count('failed'),
      errors: count('error'),
      skipped: count('skipped'),
      simulations: results.reduce((sum, result) => sum + result.simulations, 0),
    },
  };
}

async function runHere(cases: readonly SuiteCase[], scenarios: readonly { incident: Incident }[], onProgress?: (done: number, total: number) => void): Promise<SuiteCaseResult[]> {
  const results: SuiteCaseResult[] = [];
  for (const [index, suiteCase] of cases.entries()) {
    results.push(await runSuiteCase(suiteCase, suiteCase.kind === 'scenario' ? scenarios[index]!.incident : undefined));
    onProgress?.(results.length, cases.length);
  }
  return results;
}

async function runOnCluster(options: CoordinatorOptions, cases: readonly SuiteCase[], encoded: ReadonlyMap<string, EncodedIncident>): Promise<SuiteCaseResult[]> {
  const { ClusterCoordinator } = await import('./coordinator.js');
  const { releaseIncident, storeIncident } = await import('./incident-store.js');
  const coordinator = await ClusterCoordinator.connect(options);
  const storeAll = async () => {
    for (const image of encoded.values()) await storeIncident(coordinator.redis, coordinator.queueName, image, coordinator.runId);
  };
  try {
    await coordinator.guard(storeAll());
    coordinator.onRecovery(storeAll);
    const jobs = cases.map((suiteCase) => {
      const data: SuiteCaseJob = { ...coordinator.header(), kind: SUITE_CASE_JOB, case: suiteCase };
      return { name: SUITE_CASE_JOB, data };
    });
    return (await coordinator.run<unknown>(jobs)).map((result) => fromWire<SuiteCaseResult>(result));
  } finally {
    if (coordinator.redis.status === 'ready') {
      for (const hash of encoded.keys()) await releaseIncident(coordinator.redis, coordinator.queueName, hash, coordinator.runId).catch(() => undefined);
    }
    await coordinator.close();
  }
}

/** Every incident or scenario file under `dir`, by path; all problems of all files at once. */
async function loadFolder(dir: string): Promise<{ name: string; incident: Incident }[]> {
  let files: string[];
  try {
    files = (await readdir(dir, { recursive: true })).filter((file) => /\.(ya?ml|json)$/.test(file)).sort();
  } catch (error) {
    throw new InputError([{ file: dir, path: 'DIR', expected: 'a folder of scenario or incident files', found: (error as NodeJS.ErrnoException).code ?? String(error) }]);
  }
  const loaded: { name: string; incident: Incident }[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const path = join(dir, file);
    try {
      loaded.push({ name: relative(dir, path), incident: await loadIncident(path) });
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  if (files.length === 0) throw new InputError([{ file: dir, path: 'DIR', expected: 'at least one .yaml, .yml or .json scenario file', found: 'none' }]);
  return loaded;
}
