/**
 * What each per-kind factory returns: the msw handlers of one system, plus the means to wait
 * for its webhooks and to detach it from `SystemState`.
 *
 * @example
 * const api = createWmsHandlers(context, 0);
 * const server = startMockServer(api.handlers);
 * // ... requests ...
 * await api.settled(); // every webhook sent so far has been answered (or failed)
 * api.dispose();
 */
import type { HttpHandler } from 'msw';
import type { SystemKind } from '../../src/sim/model.js';

export interface MockSystemApi {
  system: number;
  /** The kind after alias resolution (`storefront` is `shopify`). */
  kind: SystemKind;
  /** `<base>/<system name>`; the real API's own paths follow it. */
  baseUrl: string;
  handlers: HttpHandler[];
  /** Resolves when every webhook queued so far has been delivered or has failed. */
  settled(): Promise<void>;
  /** Stops listening to `SystemState` changes (webhooks, feeds). */
  dispose(): void;
}
