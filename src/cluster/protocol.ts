/**
 * The contract between a coordinator (`gate2 --redis`, `diagnose --redis`, `suite --redis`)
 * and `drift-sim worker`: the queue, the job kinds and their data, the Redis keys of the
 * incidents, and the words a worker uses to refuse a job. Both sides import it from the same
 * drift-sim version; every job carries that version and this protocol number, and a worker
 * refuses a job whose version or protocol is not its own.
 *
 * @example
 * const job: EvaluateJob = { kind: 'evaluate', version: '0.1.0', protocol: PROTOCOL, runId, incident: hash, hypotheses, options };
 */
import type { SuiteCase } from './suite-case.js';

/** Bumped whenever job data or results change shape. */
export const PROTOCOL = 1;

/** The queue workers listen on unless told `--queue`. */
export const DEFAULT_QUEUE = 'drift-sim';

/** Where drift-sim's own keys (incident images) live, apart from BullMQ's `bull:` keys. */
export const KEY_PREFIX = 'drift-sim';

/** Job names. */
export const EVALUATE_JOB = 'evaluate';
export const SUITE_CASE_JOB = 'suite-case';

/** What every job carries, so a worker can refuse work it might score differently. */
export interface JobHeader {
  version: string;
  protocol: number;
  /** The search or suite run the job belongs to (also the start of its job id). */
  runId: string;
}

/** A chunk of Gate 2 hypotheses over one incident (`toWire`-encoded lists and options). */
export interface EvaluateJob extends JobHeader {
  kind: typeof EVALUATE_JOB;
  /** SHA-256 of the incident image stored in Redis. */
  incident: string;
  hypotheses: unknown;
  options: unknown;
}

/** One case of a suite: a scenario file's image or a property seed. */
export interface SuiteCaseJob extends JobHeader {
  kind: typeof SUITE_CASE_JOB;
  case: SuiteCase;
}

export type ClusterJob = EvaluateJob | SuiteCaseJob;

/** A worker's refusal starts with these words; the coordinator turns it into ClusterVersionError. */
export const VERSION_REFUSAL = 'drift-sim version mismatch:';
/** A worker that cannot find a job's incident says so with these words; the coordinator uploads it again. */
export const MISSING_INCIDENT = 'drift-sim incident missing:';

/** The Redis keys of one incident image: a chunk count, the chunks, the runs using it. */
export function incidentKeys(queue: string, hash: string): { meta: string; users: string; chunk: (index: number) => string } {
  const base = `${KEY_PREFIX}:${queue}:incident:${hash}`;
  return { meta: `${base}:chunks`, users: `${base}:users`, chunk: (index) => `${base}:${index}` };
}
