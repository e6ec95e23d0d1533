/**
 * The one place that calls msw's `setupServer`: it intercepts `fetch` in this Node process and
 * answers matching requests from the mocked APIs' handlers, with no socket involved.
 *
 * Requests no handler matches go to the network (`bypass`) by default, so a webhook sent to a
 * real receiver still arrives; tests pass `'error'` to catch stray requests.
 *
 * @example
 * const server = startMockServer(createHandlers(context).handlers);
 * await fetch('http://drift-sim.local/wms/inventory/MUG-01', { headers: { Authorization: 'Bearer t' } });
 * stopMockServer(server);
 */
import type { RequestHandler } from 'msw';
import type { SetupServer } from 'msw/node';
import { setupServer } from 'msw/node';

export type UnhandledRequestStrategy = 'bypass' | 'warn' | 'error';

export interface MockServer {
  readonly api: SetupServer;
  /** Adds handlers in front of the current ones (a test's webhook receiver, say). */
  use(...handlers: RequestHandler[]): void;
}

export function startMockServer(handlers: readonly RequestHandler[], options: { onUnhandledRequest?: UnhandledRequestStrategy } = {}): MockServer {
  const api = setupServer(...handlers);
  api.listen({ onUnhandledRequest: options.onUnhandledRequest ?? 'bypass' });
  return { api, use: (...more) => api.use(...more) };
}

/** Restores the real `fetch`; call once per `startMockServer`. */
export function stopMockServer(server: MockServer): void {
  server.api.close();
}
