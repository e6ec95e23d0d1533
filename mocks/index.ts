/**
 * All mocked APIs of an incident: each system mounted under `<base>/<system name>` by its
 * kind (`shopify` / `storefront`: Shopify Admin GraphQL; `erp`: NetSuite REST; `wms` and
 * `3pl`: the generic WMS API), over one shared `SystemState`.
 *
 * Environment-agnostic: nothing under `mocks/` imports Node modules. `src/adapters/msw-server.ts`
 * serves the handlers in-process, `src/adapters/http-server.ts` over real HTTP.
 *
 * @example
 * const mocks = createHandlers({ incident, state, clock, accessToken: 't', appSecret: 's' });
 * const server = startMockServer(mocks.handlers);
 * mocks.baseUrlOf('storefront'); // 'http://drift-sim.local/storefront'
 * await mocks.settled();         // every webhook sent so far has been answered
 * mocks.dispose();
 * stopMockServer(server);
 */
import { type HttpHandler, type RequestHandler, getResponse, http, passthrough } from 'msw';
import type { MockContext } from './context.js';
import { createNetSuiteHandlers } from './netsuite/create-netsuite-handlers.js';
import type { MockSystemApi } from './shared/system-api.js';
import { createShopifyHandlers } from './shopify/create-shopify-handlers.js';
import { createWmsHandlers } from './wms/create-wms-handlers.js';

export type { ChangeAnnotation, HttpFaultHook, HttpFaultOutcome, MockContext, MockOptions, MockRequestInfo } from './context.js';
export { DEFAULT_BASE_URL, systemBaseUrl } from './context.js';
export type { MockSystemApi } from './shared/system-api.js';
export { createNetSuiteHandlers } from './netsuite/create-netsuite-handlers.js';
export { createShopifyHandlers } from './shopify/create-shopify-handlers.js';
export { shopifyFetch } from './shopify/shopify-fetch.js';
export { createWmsHandlers } from './wms/create-wms-handlers.js';

export interface MockApis {
  /** Every system's handlers, in system order. */
  handlers: HttpHandler[];
  systems: MockSystemApi[];
  /** `<base>/<name>` of a system by name; throws for an unknown name. */
  baseUrlOf(name: string): string;
  /** Resolves when every webhook queued so far, at any system, has been answered or has failed. */
  settled(): Promise<void>;
  /** Detaches every system from `SystemState`. */
  dispose(): void;
}

function dispatchTo(baseUrl: string, handlers: readonly RequestHandler[]): HttpHandler {
  const pattern = new RegExp(`^${baseUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?:[/?#]|$)`);
  return http.all(pattern, async ({ request }) => (await getResponse([...handlers], request)) ?? passthrough());
}

export function createHandlers(context: MockContext): MockApis {
  const systems = context.incident.systems.map((definition, system) => {
    switch (definition.kind) {
      case 'shopify':
        return createShopifyHandlers(context, system);
      case 'erp':
        return createNetSuiteHandlers(context, system);
      case 'wms':
      case '3pl':
        return createWmsHandlers(context, system);
      default:
        throw new Error(`createHandlers: system ${definition.name} has unknown kind ${String(definition.kind)}`);
    }
  });
  return {
    // One handler per system that dispatches to that system's own handlers: msw tries a
    // request against every handler in turn, so this keeps the per-request matching to the
    // system it is for (the APIs never overlap: each lives under its own base URL).
    handlers: systems.map((api) => dispatchTo(api.baseUrl, api.handlers)),
    systems,
    baseUrlOf(name) {
      const index = context.incident.systems.findIndex((definition) => definition.name === name);
      if (index < 0) throw new Error(`no system named ${name}`);
      return systems[index]!.baseUrl;
    },
    async settled() {
      await Promise.all(systems.map((api) => api.settled()));
    },
    dispose() {
      for (const api of systems) api.dispose();
    },
  };
}
