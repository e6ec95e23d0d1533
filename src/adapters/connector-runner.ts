/**
 * Runs a user's connector (`--connector path.js|.ts` on `replay` and `run`) in place of the
 * incident's built-in links, on the virtual clock, against the mocked APIs of `mocks/`
 * (msw, in-process), with the scenario's faults.
 *
 * What happens in a connector run:
 * - The incident's `links` are not run by the engine: the connector is the integration. Its
 *   movements, interventions (process-family faults) and observations stay as they are.
 * - Each job runs at `offset + k * every` inside the window, in the same phase as link cycles
 *   (after that instant's movements, before its observations), and is awaited before the
 *   clock moves on. A job that throws is logged (`CONNECTOR_ERROR`) and the run goes on, as a
 *   scheduler would.
 * - Webhook handlers are subscribed at start through the mock APIs themselves (Shopify
 *   `webhookSubscriptionCreate(topic: INVENTORY_LEVELS_UPDATE)`, WMS `POST /webhooks`), the way
 *   an app's declarative subscriptions are registered on install, to the address
 *   `http://connector.drift-sim.local/webhooks/<system>`. Deliveries are sent when the engine
 *   next yields: every pending one is answered before each job and before the run ends. The
 *   change's own time is in the payload (`updated_at`, `occurredAt`); `nowMs()` inside a
 *   handler is the virtual time it runs at.
 * - Link faults act on HTTP requests into the link's target system through the mocks' fault
 *   hook (every request into it counts, reads included, like an API quota): `rate_limit`
 *   answers over-limit requests as the real API throttles (Shopify `THROTTLED`, WMS 429),
 *   `timeout` makes `fetch` reject (after the API applied the request, with `applied: true`,
 *   the default). The fault's `retry` is not used: retrying is the connector's job. Other link
 *   faults (and a `skus` filter) describe the built-in links and are refused.
 *
 * @example
 * const connector = await loadConnector('examples/connector/wms-to-shopify.ts');
 * const prepared = connectorRun(incident, connector, { faults: incident.faults });
 * const report = await replay(prepared.incident, prepared.options);
 * prepared.logs; // the connector's log lines and the faults it met, in time order
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CycleHook, SimulationOptions } from '../sim/engine.js';
import type { LinkRule, RuleContext } from '../sim/faults/index.js';
import { faultKind } from '../sim/faults/index.js';
import type { Message } from '../sim/message.js';
import type { FaultSpec, Incident, LogLine, SystemKind } from '../sim/model.js';
import type { SystemState } from '../sim/state.js';
import { parseDuration } from '../sim/time.js';
import type { Transport } from '../sim/transport.js';

/** What a job or a webhook handler is given. */
export interface ConnectorContext {
  /** `fetch`, answered by the mocked APIs (msw intercepts it in this process). */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Where a system's API is mounted, e.g. `http://drift-sim.local/storefront`; its real paths follow. */
  baseUrl(systemName: string): string;
  /** The virtual clock in epoch milliseconds; never read the wall clock in a connector under test. */
  nowMs(): number;
  /** Shopify `X-Shopify-Access-Token`; NetSuite and WMS `Authorization: Bearer <token>`. */
  readonly accessToken: string;
  /** The key webhook HMACs are made with (Shopify app secret; the WMS signs with it too). */
  readonly appSecret: string;
  /** The systems of the incident, in order, with their kinds (`shopify`, `erp`, `wms`, `3pl`). */
  readonly systems: readonly { name: string; kind: SystemKind }[];
  /** The SKUs the connector is configured for (the incident's catalogue). */
  readonly skus: readonly string[];
  /** Writes a line into the run's connector log, stamped with the virtual time. */
  log(line: string): void;
}

/** A periodic job: `every` and `offset` are durations (`15m`, `1h`, `30s`); offset defaults to `0s`. */
export interface ConnectorJob {
  name: string;
  every: string;
  offset?: string;
  run(context: ConnectorContext): void | Promise<void>;
}

/** Answers one webhook delivery; returning nothing answers 200. */
export type ConnectorWebhookHandler = (request: Request, context: ConnectorContext) => void | Response | Promise<void | Response>;

/**
 * The module contract: a connector module default-exports a `Connector`, or a function that
 * returns one (called once per run, so per-run caches start empty).
 *
 * @example
 * export default (): Connector => ({
 *   name: 'wms-to-shopify',
 *   jobs: [{ name: 'sync', every: '15m', async run(context) { ... } }],
 *   webhooks: { wms: async (request, context) => { ... } },
 * });
 */
export interface Connector {
  name: string;
  jobs?: readonly ConnectorJob[];
  /** Keyed by system name: a `shopify` system's `inventory_levels/update`, a `wms`/`3pl` system's `inventory.changed`. */
  webhooks?: Readonly<Record<string, ConnectorWebhookHandler>>;
}

export type ConnectorModule = Connector | (() => Connector);

export interface ConnectorRun {
  /** The incident without links: what the engine replays. */
  incident: Incident;
  /** Faults (process family only), the mocks as transport, the jobs as cycle hooks. */
  options: SimulationOptions;
  /** The connector's `log` lines and the faults its requests met, in time order. */
  logs: LogLine[];
}

const BASE_URL = 'http://drift-sim.local';
const RECEIVER_URL = 'http://connector.drift-sim.local/webhooks';
const ACCESS_TOKEN = 'drift-sim';
const APP_SECRET = 'drift-sim';
/** Link faults that have a meaning for HTTP requests, and what a refusal becomes. */
const HTTP_FAULTS: Readonly<Record<string, 'throttle' | 'timeout'>> = { rate_limit: 'throttle', timeout: 'timeout' };

/** Loads a connector module: `.ts` / `.mts` / `.cts` through tsx, anything else with `import()`. */
export async function loadConnector(path: string): Promise<ConnectorModule> {
  const url = pathToFileURL(isAbsolute(path) ? path : resolve(process.cwd(), path)).href;
  let loaded: Record<string, unknown>;
  try {
    if (/\.[mc]?ts$/.test(path)) {
      const { tsImport } = await import('tsx/esm/api');
      loaded = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    } else {
      loaded = (await import(url)) as Record<string, unknown>;
    }
  } catch (error) {
    throw new Error(`--connector ${path}: could not load the module: ${error instanceof Error ? error.message : String(error)}`);
  }
  // A CommonJS or tsx-compiled module can nest the default export once more.
  let value = loaded.default;
  if (value && typeof value === 'object' && 'default' in value && !('name' in value)) value = (value as { default: unknown }).default;
  if (typeof value === 'function') return value as () => Connector;
  checkConnector(value, path);
  return value;
}

function checkConnector(value: unknown, origin: string): asserts value is Connector {
  const problems: string[] = [];
  if (!value || typeof value !== 'object') throw new Error(`--connector ${origin}: the default export must be a connector object or a function returning one`);
  const connector = value as Partial<Connector>;
  if (typeof connector.name !== 'string' || connector.name === '') problems.push('name must be a non-empty string');
  for (const [index, job] of (connector.jobs ?? []).entries()) {
    if (typeof job?.name !== 'string') problems.push(`jobs[${index}].name must be a string`);
    if (typeof job?.run !== 'function') problems.push(`jobs[${index}].run must be a function`);
    const every = typeof job?.every === 'string' ? parseDuration(job.every) : undefined;
    if (every === undefined || every <= 0) problems.push(`jobs[${index}].every must be a positive duration like 15m, found ${JSON.stringify(job?.every)}`);
    if (job?.offset !== undefined && parseDuration(job.offset) === undefined) problems.push(`jobs[${index}].offset must be a duration like 5m, found ${JSON.stringify(job.offset)}`);
  }
  for (const [system, handler] of Object.entries(connector.webhooks ?? {})) {
    if (typeof handler !== 'function') problems.push(`webhooks.${system} must be a function`);
  }
  if (problems.length > 0) throw new Error(`--connector ${origin}: ${problems.join('; ')}`);
}

/**
 * Prepares a connector run of `incident`: the incident the engine replays (no links) and the
 * simulation options that start the mocks, map the link faults onto them and run the jobs.
 */
export function connectorRun(incident: Incident, module: ConnectorModule, options: { faults?: readonly FaultSpec[]; seed?: number } = {}): ConnectorRun {
  const connector = typeof module === 'function' ? module() : module;
  checkConnector(connector, 'module');
  const logs: LogLine[] = [];
  const runIncident: Incident = { ...incident, links: [] };

  // Link faults become HTTP faults on requests into the link's target; the rest stay in the engine.
  const processFaults: FaultSpec[] = [];
  const httpRules: { rule: LinkRule; outcome: 'throttle' | 'timeout'; to: number; seq: number }[] = [];
  (options.faults ?? []).forEach((spec, index) => {
    const definition = faultKind(spec.kind);
    if (!definition) throw new Error(`unknown fault kind ${spec.kind}`);
    const built = definition.build(spec, incident, index, options.seed ?? 1);
    if (!built.rule) {
      processFaults.push(spec);
      return;
    }
    const outcome = HTTP_FAULTS[spec.kind];
    if (!outcome || spec.params.skus !== undefined) {
      throw new Error(
        `--connector: fault ${spec.kind} on ${incident.links[built.rule.link]!.name} acts on the built-in links, which a connector run does not run; ` +
          `only rate_limit and timeout (without skus) apply to a connector's requests`,
      );
    }
    httpRules.push({ rule: built.rule, outcome, to: incident.links[built.rule.link]!.to, seq: 0 });
  });

  let clock: { nowMs(): number } = { nowMs: () => incident.window.startMs };
  let registering = false;
  const context: ConnectorContext = {
    fetch: (input, init) => globalThis.fetch(input, init),
    baseUrl: (name) => {
      if (!incident.systems.some((system) => system.name === name)) throw new Error(`connector ${connector.name}: no system named ${name}`);
      return `${BASE_URL}/${encodeURIComponent(name)}`;
    },
    nowMs: () => clock.nowMs(),
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    systems: incident.systems.map((system) => ({ name: system.name, kind: system.kind })),
    skus: incident.skus.map((sku) => sku.sku),
    log: (message) => logs.push({ atMs: clock.nowMs(), component: connector.name, level: 'info', message }),
  };

  const faultHook = (system: number, request: { method: string; path: string; operation: string | undefined; systemName: string; nowMs: number }) => {
    if (registering) return 'ok' as const;
    for (const entry of httpRules) {
      if (entry.to !== system) continue;
      const message = requestMessage(entry.rule.link, ++entry.seq, request);
      const ruleContext: RuleContext = {
        incident,
        nowMs: request.nowMs,
        log: (line) => logs.push({ atMs: request.nowMs, component: line.component, level: line.level, ...(line.code ? { code: line.code } : {}), ...(line.message ? { message: line.message } : {}) }),
        logging: true,
        duplicate: () => {},
        retry: () => {},
      };
      entry.rule.observeSend?.(message, ruleContext);
      entry.rule.onSend?.(message, ruleContext);
      if (message.lost) return 'timeout' as const;
      const decided = entry.rule.onDeliver?.(message, ruleContext) ?? 'pass';
      if (decided === 'refuse') return entry.outcome;
      if (decided === 'apply') return 'timeout-after-apply' as const;
    }
    return 'ok' as const;
  };

  let settle: () => Promise<void> = async () => {};
  const transport = (state: SystemState, engineClock: { nowMs(): number }): Transport => {
    clock = engineClock;
    let stop: (() => Promise<void>) | undefined;
    return {
      deliver() {
        throw new Error('connector run: the incident links are not run');
      },
      async start() {
        const { createHandlers } = await import('../../mocks/index.js');
        const { startMockServer, stopMockServer } = await import('./msw-server.js');
        const { http, HttpResponse } = await import('msw');
        const mocks = createHandlers({ incident: runIncident, state, clock: engineClock, accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, baseUrl: BASE_URL, faults: faultHook });
        const receivers = Object.entries(connector.webhooks ?? {}).map(([name, handler]) =>
          http.post(`${RECEIVER_URL}/${encodeURIComponent(name)}`, async ({ request }) => {
            try {
              return (await handler(request, context)) ?? new HttpResponse(null, { status: 200 });
            } catch (error) {
              context.log(`webhook handler for ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
              return new HttpResponse(null, { status: 500 });
            }
          }),
        );
        const server = startMockServer([...receivers, ...mocks.handlers]);
        settle = () => mocks.settled();
        stop = async () => {
          await mocks.settled();
          mocks.dispose();
          stopMockServer(server);
        };
        registering = true;
        try {
          for (const name of Object.keys(connector.webhooks ?? {})) await subscribe(incident, context, name);
        } finally {
          registering = false;
        }
      },
      async stop() {
        await stop?.();
      },
    };
  };

  const cycleHooks: CycleHook[] = (connector.jobs ?? []).map((job) => ({
    everyMs: parseDuration(job.every)!,
    offsetMs: job.offset !== undefined ? parseDuration(job.offset)! : 0,
    run: async () => {
      await settle();
      try {
        await job.run(context);
      } catch (error) {
        logs.push({ atMs: clock.nowMs(), component: connector.name, level: 'error', code: 'CONNECTOR_ERROR', message: `job ${job.name} failed: ${error instanceof Error ? error.message : String(error)}` });
      }
    },
  }));

  return { incident: runIncident, options: { faults: processFaults, transport, cycleHooks, ...(options.seed !== undefined ? { seed: options.seed } : {}) }, logs };
}

/** A request seen as a message on the faulted link, so the rule's triggers count it. */
function requestMessage(link: number, seq: number, request: { method: string; path: string; operation: string | undefined; systemName: string; nowMs: number }): Message {
  return {
    id: seq,
    link,
    linkSeq: seq,
    sku: 0,
    targetSku: 0,
    carries: 'delta',
    value: 0,
    key: `${request.method} ${request.systemName}${request.path}${request.operation ? ` ${request.operation}` : ''}`,
    keyMayRecur: false,
    type: 'batch',
    ref: undefined,
    sentMs: request.nowMs,
    deliverMs: request.nowMs,
    queueSequence: 0,
    attempt: 1,
    causeChange: 0,
    lost: false,
    duplicate: false,
  };
}

/** Subscribes the connector's handler for `name` through that system's own API. */
async function subscribe(incident: Incident, context: ConnectorContext, name: string): Promise<void> {
  const system = incident.systems.find((candidate) => candidate.name === name);
  if (!system) throw new Error(`connector webhooks: no system named ${name}`);
  const address = `${RECEIVER_URL}/${encodeURIComponent(name)}`;
  if (system.kind === 'shopify') {
    const response = await context.fetch(`${context.baseUrl(name)}/admin/api/2026-01/graphql.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': context.accessToken },
      body: JSON.stringify({
        query: `mutation Subscribe($uri: String!) {
          webhookSubscriptionCreate(topic: INVENTORY_LEVELS_UPDATE, webhookSubscription: { uri: $uri }) { userErrors { message } }
        }`,
        variables: { uri: address },
      }),
    });
    const body = (await response.json()) as { errors?: unknown[]; data?: { webhookSubscriptionCreate?: { userErrors: { message: string }[] } } };
    const errors = body.errors ?? body.data?.webhookSubscriptionCreate?.userErrors ?? [];
    if (!response.ok || errors.length > 0) throw new Error(`connector webhooks: subscribing at ${name} failed: ${JSON.stringify(errors)}`);
  } else if (system.kind === 'wms' || system.kind === '3pl') {
    const response = await context.fetch(`${context.baseUrl(name)}/webhooks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${context.accessToken}` },
      body: JSON.stringify({ url: address, events: ['inventory.changed'] }),
    });
    if (response.status !== 201) throw new Error(`connector webhooks: subscribing at ${name} failed: ${response.status} ${await response.text()}`);
  } else {
    throw new Error(`connector webhooks: system ${name} (${system.kind}) sends no change webhooks`);
  }
}

/** Connector log lines as text, one per line: `<time> <level> <component> [code] message`. */
export function formatConnectorLogs(logs: readonly LogLine[], formatTime: (ms: number) => string): string {
  return logs.map((line) => `${formatTime(line.atMs)} ${line.level} ${line.component}${line.code ? ` ${line.code}` : ''} ${line.message ?? ''}`.trimEnd() + '\n').join('');
}
