/**
 * Exit statuses and the one place that turns an error into output (cli.md). Invalid input is
 * listed problem by problem, never as a stack trace; anything else is a bug and says so.
 */
import { ClusterUnavailableError, ClusterVersionError, EXIT_CLUSTER_UNAVAILABLE, EXIT_CLUSTER_VERSION } from '../cluster/cluster-errors.js';
import { NoEvidenceError } from '../gate/no-evidence.js';
import { InputError, formatProblem } from '../io/problems.js';

export const EXIT_DONE = 0;
export const EXIT_ANSWER = 1;
export const EXIT_USAGE = 2;
export const EXIT_BUG = 70;

/** Runs a command body; prints input problems (exit 2), a cluster failure (69, 76) or a bug report (exit 70). */
export async function guarded(body: () => Promise<number | void>): Promise<void> {
  try {
    const status = await body();
    process.exitCode = status ?? EXIT_DONE;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`drift-sim: the input is invalid (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}):\n`);
      for (const problem of error.problems) process.stderr.write(`  ${formatProblem(problem)}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    if (error instanceof NoEvidenceError) {
      process.stderr.write(`drift-sim: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    // With --redis: no verdict, and a status of its own for each way the cluster let the run down.
    if (error instanceof ClusterUnavailableError || error instanceof ClusterVersionError) {
      process.stderr.write(`drift-sim: ${error.message}\n`);
      process.exitCode = error instanceof ClusterUnavailableError ? EXIT_CLUSTER_UNAVAILABLE : EXIT_CLUSTER_VERSION;
      // BullMQ's connections to a Redis that is gone keep retrying for a while; the run is over.
      setTimeout(() => process.exit(), 500).unref();
      return;
    }
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`drift-sim: internal error (this is a bug; please report it with the command you ran):\n${text}\n`);
    process.exitCode = EXIT_BUG;
  }
}
