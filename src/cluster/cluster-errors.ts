/**
 * The ways a cluster run ends without an answer. Each has its own exit status, so a script
 * can tell "Redis was gone" (try again later) from "a worker runs another version" (fix the
 * deployment) from a bug; none of them ever prints a verdict.
 *
 * @example
 * throw new ClusterUnavailableError('Redis at redis://127.0.0.1:6379 was unreachable for 30 s');
 */

/** Exit status when Redis cannot be reached or was lost mid-run (sysexits' EX_UNAVAILABLE). */
export const EXIT_CLUSTER_UNAVAILABLE = 69;
/** Exit status when a worker refused a job from another drift-sim version (sysexits' EX_PROTOCOL). */
export const EXIT_CLUSTER_VERSION = 76;

/** Redis could not be reached, or was lost mid-run for longer than the coordinator waits. */
export class ClusterUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterUnavailableError';
  }
}

/** A worker refused a job because it runs another drift-sim version (or wire protocol). */
export class ClusterVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterVersionError';
  }
}
