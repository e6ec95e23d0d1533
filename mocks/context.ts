/**
 * What every mocked API needs from its host: the incident (systems, SKUs), the one
 * `SystemState` whose counts the APIs read and change, the virtual clock, credentials, and
 * an optional hook through which the host injects HTTP-level faults.
 *
 * The mocks are environment-agnostic: nothing here or in `mocks/` imports Node modules. HMAC
 * uses Web Crypto (`crypto.subtle`) and webhooks use `fetch`, both available in Node 20,
 * browsers and edge runtimes alike.
 *
 * @example
 * const context: MockContext = {
 *   incident,
 *   state: new SystemState(incident.systems.length, incident.skus.length, incident.initial),
 *   clock: { nowMs: () => incident.window.startMs },
 *   accessToken: 'shpat_test',
 *   appSecret: 'app-secret',
 * };
 */
import type { Incident, SystemKind } from '../src/sim/model.js';
import type { CountChange, SystemState } from '../src/sim/state.js';

/** The origin and path prefix systems are mounted under in-process (`<base>/<system name>`). */
export const DEFAULT_BASE_URL = 'http://drift-sim.local';

/**
 * What the fault hook decides for one request, before the mock handles it.
 *
 * - `ok`: handle it normally.
 * - `throttle`: refuse it the way the real API refuses over-limit calls (Shopify: HTTP 200
 *   with a `THROTTLED` GraphQL error; NetSuite: HTTP 429 in its error shape; WMS: HTTP 429 with
 *   `Retry-After`). Nothing is applied.
 * - `timeout`: the request is lost before the API processes it; the client's `fetch` rejects
 *   with a network error (the closest a mock can come to a timeout without real waiting).
 * - `timeout-after-apply`: the API processes the request (counts change, keys are recorded)
 *   and then the answer is lost; the client's `fetch` rejects. This is the case that turns a
 *   retry into a duplicate on a target without idempotency.
 * - `error5xx`: the API answers a server error (Shopify and WMS: 503; NetSuite: 500
 *   `UNEXPECTED_ERROR`). Nothing is applied.
 */
export type HttpFaultOutcome = 'ok' | 'throttle' | 'timeout' | 'timeout-after-apply' | 'error5xx';

/** What the fault hook is told about a request. */
export interface MockRequestInfo {
  /** Name and kind of the system the request is addressed to. */
  systemName: string;
  kind: SystemKind;
  method: string;
  /** The path after the system's mount point, e.g. `/admin/api/2026-01/graphql.json`. */
  path: string;
  /**
   * Shopify: the root field of the GraphQL operation (`inventoryAdjustQuantities`), or the
   * first one when there are several; other kinds: `undefined`.
   */
  operation: string | undefined;
  /** Virtual time of the request. */
  nowMs: number;
}

/**
 * The host's fault hook: given the system index and the request, says what happens to it.
 * It is called once per request, synchronously, so a deterministic host (the engine, a test)
 * stays deterministic. Leave it out and every request is `ok`.
 *
 * @example
 * // Throttle every third Shopify mutation.
 * let calls = 0;
 * const faults: HttpFaultHook = (_system, request) =>
 *   request.kind === 'shopify' && request.operation?.startsWith('inventory') && ++calls % 3 === 0 ? 'throttle' : 'ok';
 */
export type HttpFaultHook = (system: number, request: MockRequestInfo) => HttpFaultOutcome;

/** What a change's feed entry says beyond the counts (the WMS transaction feed shows it). */
export interface ChangeAnnotation {
  /** A movement type (`shipment`), `batch`, `intervention`, or what the API call gave. */
  type?: string;
  ref?: string;
  actor?: string;
}

export interface MockContext {
  incident: Incident;
  state: SystemState;
  /** The virtual clock; times in responses and webhooks come from here, never the wall clock. */
  clock: { nowMs(): number };
  /** Shopify `X-Shopify-Access-Token`, NetSuite and WMS `Authorization: Bearer <token>`. */
  accessToken: string;
  /** Shopify's app secret: the key of webhook HMACs (the WMS signs its webhooks with it too). */
  appSecret: string;
  /** Where systems are mounted; default `DEFAULT_BASE_URL`. No trailing slash. */
  baseUrl?: string;
  /** HTTP-level faults; see `HttpFaultHook`. */
  faults?: HttpFaultHook;
  /**
   * Describes a count change the mock did not make itself (a movement the engine applied), for
   * the WMS transaction feed. The engine can answer from the event it is processing.
   */
  annotateChange?: (change: CountChange) => ChangeAnnotation | undefined;
  /** The `fetch` webhooks are sent with; default: `globalThis.fetch`, looked up at send time. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Per-kind tuning; every field has a documented default. */
  options?: MockOptions;
}

export interface MockOptions {
  /** NetSuite: requests in flight at once before a 429 (default 5: shared service, no SuiteCloud Plus). */
  netsuiteConcurrencyLimit?: number;
  /** NetSuite: longest `itemId` accepted (default 60). */
  netsuiteItemIdMaxLength?: number;
  /** Shopify: refuse a query when the cost bucket cannot pay for it (default false: only report it). */
  shopifyEnforceCostLimit?: boolean;
  /** Webhooks queued per system before new ones are dropped (default 100 000). */
  webhookQueueLimit?: number;
  /** WMS: transactions kept in the feed before the oldest are forgotten (default 1 000 000). */
  wmsFeedLimit?: number;
}

/** The context's base URL without a trailing slash. */
export function baseUrlOf(context: MockContext): string {
  return (context.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
}

/** Where system `system` is mounted: `<base>/<system name>`, the name URL-encoded. */
export function systemBaseUrl(context: MockContext, system: number): string {
  const name = context.incident.systems[system]!.name;
  return `${baseUrlOf(context)}/${encodeURIComponent(name)}`;
}
