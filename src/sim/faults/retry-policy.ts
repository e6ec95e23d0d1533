/**
 * The retry policy shared by `timeout` and `rate_limit`: after a failed attempt the sender
 * waits `retry` and tries again, at most `maxRetries` times; with `retry: none` it gives up.
 */
import type { Message } from '../message.js';
import type { FaultSpec } from '../model.js';
import type { RuleContext } from './fault-kind.js';
import { param } from './common.js';
import type { ParamSpec } from './params.js';

export const RETRY_PARAMS: readonly ParamSpec[] = [
  { name: 'retry', type: 'retry', doc: 'wait this long and retry, or none to give up (default none)' },
  { name: 'maxRetries', type: 'positiveInteger', doc: 'retries at most (default 3)' },
];
export const RETRY_DEFAULTS = { retry: -1, maxRetries: 3 } as const;

export class RetryPolicy {
  private readonly delayMs: number;
  private readonly maxRetries: number;

  constructor(spec: FaultSpec) {
    this.delayMs = param<number>(spec, 'retry') ?? -1;
    this.maxRetries = param<number>(spec, 'maxRetries') ?? 3;
  }

  /** Schedules a retry when the policy allows one; true if it did. */
  retry(message: Message, context: RuleContext): boolean {
    if (this.delayMs < 0 || message.attempt > this.maxRetries) return false;
    context.retry(message, context.nowMs + this.delayMs);
    return true;
  }
}
