/**
 * Faults in words a support lead understands ("the wms->erp batch does not run on Saturdays
 * and Sundays"), for the human output and the HTML report.
 */
import type { FaultSpec } from '../sim/model.js';
import { formatDuration, formatTime } from '../sim/time.js';

const DAY_NAMES: Record<string, string> = { mon: 'Mondays', tue: 'Tuesdays', wed: 'Wednesdays', thu: 'Thursdays', fri: 'Fridays', sat: 'Saturdays', sun: 'Sundays' };

function list(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function trigger(params: FaultSpec['params'], noun: string): string {
  const above = params.above as { count: number; perMs: number } | undefined;
  if (above) return `when more than ${above.count} ${noun} are sent within ${formatDuration(above.perMs)}`;
  if (params.nth !== undefined) return `on every ${ordinal(params.nth as number)} ${noun.replace(/s$/, '')}`;
  if (params.rate !== undefined) {
    const rate = params.rate as { numerator: number; denominator: number };
    return `at random, ${(100 * rate.numerator) / rate.denominator}% of the time (seed ${String(params.seed ?? 1)})`;
  }
  return '';
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

/** One sentence (no final period) describing what the fault does. */
export function describeFault(spec: FaultSpec): string {
  const p = spec.params;
  const link = String(p.link ?? '');
  switch (spec.kind) {
    case 'cadence': {
      const parts: string[] = [];
      if (p.every !== undefined) parts.push(`runs only every ${formatDuration(p.every as number)}`);
      if (p.pausedOn !== undefined) parts.push(`does not run on ${list((p.pausedOn as string[]).map((day) => DAY_NAMES[day] ?? day))}`);
      return `the ${link} sync ${parts.join(' and ')}`;
    }
    case 'batch_capacity':
      return `the ${link} sync carries at most ${String(p.capacity)} SKU${p.capacity === 1 ? '' : 's'} per cycle, so a backlog builds when volume outpaces it`;
    case 'batch_lag': {
      const parts: string[] = [];
      if (p.delay !== undefined) parts.push(`${formatDuration(p.delay as number)} late`);
      if (p.perRecord !== undefined) parts.push(`${formatDuration(p.perRecord as number)} later per record in the batch`);
      return `each ${link} batch lands ${parts.join(' plus ')}`;
    }
    case 'webhook_drop':
      return `${link} webhooks are lost ${trigger(p, 'webhooks')}`;
    case 'duplicate_delivery':
      return `${link} messages are delivered twice ${trigger(p, 'messages')}${p.keyless ? ', the copy with a fresh idempotency key' : ''}`;
    case 'timeout':
      return `${link} requests time out ${trigger(p, 'requests')}; ${
        p.applied === false ? ((p.retry as number) < 0 ? 'the update is lost' : `retried after ${formatDuration(p.retry as number)}`) : (p.retry as number) < 0 ? 'the update had applied' : 'the retry applies it a second time'
      }`;
    case 'rate_limit':
      return `the ${link} target accepts at most ${String(p.limit)} request${p.limit === 1 ? '' : 's'} per ${formatDuration(p.per as number)}; the rest are ${
        (p.retry as number) < 0 ? 'dropped' : `retried after ${formatDuration(p.retry as number)}`
      }`;
    case 'key_collision':
      return `${link} idempotency keys are cut to ${String(p.length)} characters, so distinct updates are dropped as duplicates`;
    case 'truncation':
      return `${link} cuts the ${String(p.field ?? 'sku')} to ${String(p.maxLength)} characters: long ones are rejected or land on another item`;
    case 'manual_override':
    case 'unpropagated_adjustment': {
      const what = p.count !== undefined ? `set ${String(p.sku)} to ${String(p.count)}` : `changed ${String(p.sku)} by ${signed(p.delta as number)}`;
      const when = p.daily !== undefined ? `every day at ${String(p.daily)}` : `at ${formatTime(p.at as number)}`;
      return spec.kind === 'manual_override'
        ? `a person ${what} in ${String(p.system)} by hand ${when}, outside the sync chain`
        : `a count correction ${p.count !== undefined ? `to ${String(p.count)}` : `of ${signed(p.delta as number)}`} for ${String(p.sku)} was entered in ${String(p.system)} ${when} and never pushed on`;
    }
    case 'split_shipment':
      return `a fulfilment partner shipped ${Math.abs(p.qty as number)} of ${String(p.sku)} at ${formatTime(p.at as number)} and updated only ${String(p.system)}`;
    default:
      return spec.kind;
  }
}
