/**
 * The mocked WMS / NetSuite / Shopify APIs in the page, through msw's service worker: the
 * same handler factories as `drift-sim serve` (mocks/), over the playing scenario's
 * `SystemState` and virtual clock, mounted under this site's own origin (`./api/<system>`),
 * so every request the page makes stays on its host.
 *
 * The worker script (`mockServiceWorker.js`, copied from msw into the site) is registered
 * with a relative URL, so its scope is the site's folder wherever the site is hosted.
 *
 * @example
 * const apis = await MockApisInPage.start();
 * apis.serve(playback);
 * await fetch(apis.baseUrlOf('storefront') + '/admin/api/2026-01/graphql.json', { ... });
 */
import { setupWorker } from 'msw/browser';
import { createHandlers, type MockApis } from '../mocks/index.js';
import type { Playback } from './playback.js';

/** The credentials the page's API panel sends; a workshop's mocks need no secret. */
export const WORKSHOP_ACCESS_TOKEN = 'shpat_workshop';
const WORKSHOP_APP_SECRET = 'workshop-app-secret';

export class MockApisInPage {
  private readonly worker: ReturnType<typeof setupWorker>;
  private current: MockApis | undefined;
  readonly baseUrl: string;

  private constructor(worker: ReturnType<typeof setupWorker>) {
    this.worker = worker;
    this.baseUrl = new URL('api', document.baseURI).href;
  }

  /** Registers and activates the service worker; rejects where service workers are unavailable (file://). */
  static async start(): Promise<MockApisInPage> {
    if (!('serviceWorker' in navigator)) throw new Error('this page needs a service worker: open it over http(s), not from a file');
    const worker = setupWorker();
    await worker.start({ serviceWorker: { url: './mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
    return new MockApisInPage(worker);
  }

  /** Serves the APIs of `playback`'s systems over its state and clock, replacing the previous scenario's. */
  serve(playback: Playback): void {
    this.current?.dispose();
    this.current = createHandlers({
      incident: playback.incident,
      state: playback.state,
      clock: { nowMs: () => playback.nowMs },
      accessToken: WORKSHOP_ACCESS_TOKEN,
      appSecret: WORKSHOP_APP_SECRET,
      baseUrl: this.baseUrl,
    });
    this.worker.resetHandlers(...this.current.handlers);
  }

  /** `<site>/api/<system>`. */
  baseUrlOf(system: string): string {
    if (!this.current) throw new Error('no scenario is being served');
    return this.current.baseUrlOf(system);
  }
}
