/**
 * What a world costs the chain: messages a day, and the API calls into Shopify and NetSuite
 * systems judged against their published limits.
 *
 * Figures used (docs/remedies.md states them for users):
 * - Shopify Admin GraphQL API, standard plan: cost-based leaky bucket, 1 000 points, restored
 *   at 100 points a second; an inventory mutation costs 10 points; an input list holds at most
 *   250 items, so one batch cycle needs one call per 250 SKUs, an event one call per change.
 * - NetSuite REST web services: an account serves 5 concurrent requests on shared service
 *   without SuiteCloud Plus (15 on service tier 1); one inventory update is one request, and
 *   we take a request to hold its slot for one second.
 *
 * @example
 * const cost = chainCost(incident, run.linkLoad!);
 * cost.shopify.throttled; // calls the bucket would have refused
 */
import type { LinkLoad } from '../sim/engine.js';
import type { Incident } from '../sim/model.js';

export const SHOPIFY_BUCKET_POINTS = 1000;
export const SHOPIFY_RESTORE_POINTS_PER_SECOND = 100;
export const SHOPIFY_MUTATION_POINTS = 10;
export const SHOPIFY_MAX_INPUT_ITEMS = 250;
export const NETSUITE_CONCURRENT_REQUESTS = 5;
export const NETSUITE_REQUEST_MS = 1000;

const DAY_MS = 86_400_000;

export interface ApiCost {
  /** Calls made over the window, and per day. */
  calls: number;
  callsPerDay: number;
  /** Calls the published limit would have refused (throttled, or over the concurrency limit). */
  overLimit: number;
}

export interface ChainCost {
  messages: number;
  messagesPerDay: number;
  shopify: ApiCost;
  netsuite: ApiCost;
}

/** The calls one link makes: one per event message; per cycle, one per `perCall` messages. */
function callTimes(load: LinkLoad, cycled: boolean, perCall: number): number[] {
  if (!cycled || perCall <= 1) return load.sendTimes;
  const times: number[] = [];
  let index = 0;
  while (index < load.sendTimes.length) {
    const at = load.sendTimes[index]!;
    let end = index;
    while (end < load.sendTimes.length && load.sendTimes[end] === at) end++;
    for (let call = 0; call < Math.ceil((end - index) / perCall); call++) times.push(at);
    index = end;
  }
  return times;
}

/** Calls refused by a leaky bucket (times in order). */
function throttled(times: readonly number[]): number {
  let available = SHOPIFY_BUCKET_POINTS;
  let lastMs = times.length ? times[0]! : 0;
  let refused = 0;
  for (const at of times) {
    available = Math.min(SHOPIFY_BUCKET_POINTS, available + ((at - lastMs) / 1000) * SHOPIFY_RESTORE_POINTS_PER_SECOND);
    lastMs = at;
    if (available >= SHOPIFY_MUTATION_POINTS) available -= SHOPIFY_MUTATION_POINTS;
    else refused++;
  }
  return refused;
}

/** Calls that found every concurrent slot taken (each holds one for NETSUITE_REQUEST_MS). */
function overConcurrency(times: readonly number[]): number {
  let over = 0;
  let head = 0;
  const admitted: number[] = [];
  for (const at of times) {
    while (head < admitted.length && admitted[head]! + NETSUITE_REQUEST_MS <= at) head++;
    if (admitted.length - head >= NETSUITE_CONCURRENT_REQUESTS) over++;
    else admitted.push(at);
  }
  return over;
}

/**
 * The cost of a run from its per-link load (`recordLinkLoad`).
 *
 * @example
 * chainCost(incident, run.linkLoad!).messagesPerDay; // 68
 */
export function chainCost(incident: Incident, linkLoad: readonly LinkLoad[]): ChainCost {
  const days = Math.max(1, incident.window.endMs - incident.window.startMs) / DAY_MS;
  let messages = 0;
  const shopifyTimes: number[] = [];
  const netsuiteTimes: number[] = [];
  incident.links.forEach((link, index) => {
    const load = linkLoad[index]!;
    messages += load.sendTimes.length;
    const kind = incident.systems[link.to]!.kind;
    if (kind === 'shopify') shopifyTimes.push(...callTimes(load, link.mode !== 'event', SHOPIFY_MAX_INPUT_ITEMS));
    if (kind === 'erp') netsuiteTimes.push(...callTimes(load, link.mode !== 'event', 1));
  });
  shopifyTimes.sort((a, b) => a - b);
  netsuiteTimes.sort((a, b) => a - b);
  const api = (times: number[], over: number): ApiCost => ({ calls: times.length, callsPerDay: round(times.length / days), overLimit: over });
  return {
    messages,
    messagesPerDay: round(messages / days),
    shopify: api(shopifyTimes, throttled(shopifyTimes)),
    netsuite: api(netsuiteTimes, overConcurrency(netsuiteTimes)),
  };
}

/**
 * Two decimals, so figures print and compare the same everywhere.
 *
 * @example
 * round(2 / 3); // 0.67
 */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
