/**
 * What each integration fault kind leaves in the logs, read from what its rule writes in
 * the fault library: a lost webhook, a timeout, a 429 and a rejected truncated key each log
 * a line on the link; a cadence, a capacity, a slow batch, a redelivery and a key collision
 * do what they do without an error anywhere. Gate 3 uses this to say "no log expected"
 * rather than a bare "no" when the rule found is silent by nature.
 *
 * @example
 * LOG_SIGNAL.cadence;      // { logs: false, why: 'a schedule that runs late or not at all raises no error' }
 * logsExpected('timeout'); // true
 */

export interface LogSignal {
  /** True when the rule writes a log line (an error or warning) as it acts. */
  logs: boolean;
  /** What it writes, or why it writes nothing. */
  why: string;
}

export const LOG_SIGNAL: Readonly<Record<string, LogSignal>> = {
  cadence: { logs: false, why: 'a schedule that runs less often, or not on some days, raises no error' },
  batch_capacity: { logs: false, why: 'a job that carries fewer SKUs per run than it is given completes without an error' },
  batch_lag: { logs: false, why: 'a slow batch lands late without an error' },
  webhook_drop: { logs: true, why: 'the sender logs WEBHOOK_DELIVERY_FAILED for each lost webhook' },
  duplicate_delivery: { logs: false, why: 'a redelivered message is accepted like any other: nothing fails' },
  timeout: { logs: true, why: 'the sender logs TIMEOUT for each request that timed out' },
  rate_limit: { logs: true, why: 'the sender logs HTTP_429 for each throttled request' },
  key_collision: { logs: false, why: 'the target believes it deduplicated correctly' },
  truncation: { logs: true, why: 'the target rejects a cut key it cannot match and logs ITEM_NOT_FOUND' },
};

/**
 * True unless the kind is known to be silent: an unknown kind is held to the window rule.
 *
 * @example
 * logsExpected('cadence'); // false
 */
export function logsExpected(kind: string): boolean {
  return LOG_SIGNAL[kind]?.logs ?? true;
}
