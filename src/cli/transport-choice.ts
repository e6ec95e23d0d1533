/**
 * Chooses the transport for `--transport`: in-process (the default, the fast path) or http
 * (every link message through fetch to the mocked WMS / NetSuite / Shopify APIs in `mocks/`,
 * served in-process by msw). msw and the mocks are loaded only when http is asked for.
 *
 * Faults act the same way under both: the engine's rules decide a delivery's fate before the
 * transport carries it, so the two transports give identical counts (a property test holds
 * them together). The mocks' own HTTP-level fault answers (429 / THROTTLED, 5xx, timeouts)
 * are what `serve` shows a connector under test.
 */
import type { SimulationOptions } from '../sim/engine.js';
import { HttpTransport } from '../adapters/http-transport.js';
import type { Incident } from '../sim/model.js';

export type TransportChoice = 'in-process' | 'http';

export function transportFor(choice: TransportChoice, incident: Incident): Pick<SimulationOptions, 'transport'> {
  if (choice === 'in-process') return {};
  return {
    transport: (state) =>
      new HttpTransport(incident, state, {
        serve: async (served, clock) => {
          const { createHandlers } = await import('../../mocks/index.js');
          const { startMockServer, stopMockServer } = await import('../adapters/msw-server.js');
          const mocks = createHandlers({ incident, state: served, clock, accessToken: 'drift-sim', appSecret: 'drift-sim' });
          const server = startMockServer(mocks.handlers);
          return {
            stop: async () => {
              await mocks.settled();
              mocks.dispose();
              stopMockServer(server);
            },
          };
        },
      }),
  };
}
