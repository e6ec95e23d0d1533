/**
 * `drift-sim serve <scenario>`: the mocked WMS / NetSuite / Shopify APIs over HTTP on
 * 127.0.0.1, for a connector under test, while the scenario's movements replay (with its
 * faults) on a virtual clock running `--speed` times real time. `--speed 0` freezes the clock
 * at the window start until `POST /_control/advance` moves it.
 *
 * Each system is served under `http://<host>:<port>/<system name>` followed by its real API's
 * paths. The simulation and the APIs share one `SystemState`: the connector sees the replayed
 * movements, and its own calls change the counts the simulation goes on from.
 *
 * Control endpoints (the same server):
 * - `POST /_control/advance` with `{"ms": 900000}` or `{"ms": "15m"}`: runs the simulation that
 *   far ahead and answers the state below.
 * - `GET /_control/state`: `{ now, nowMs, windowEnd, speed, counts: { <system>: { <sku>: n } } }`.
 *
 * Time: the one `setInterval` here (the CLI layer) turns elapsed real time into virtual time;
 * nothing under `src/sim` or `mocks/` reads the wall clock or sets a timer.
 *
 * @example
 * // drift-sim serve scenarios/weekend-batch-gap.yaml --port 4321 --speed 60
 * const session = await startServeSession(incident, { host: '127.0.0.1', port: 0, speed: 0, accessToken: 't', appSecret: 's' });
 * await session.advance(3_600_000);
 * await session.close();
 */
import type { CommandModule } from 'yargs';
import type { MockApis } from '../../mocks/index.js';
import { loadIncident } from '../io/load-incident.js';
import { InputError } from '../io/problems.js';
import { Simulation } from '../sim/engine.js';
import type { HttpMockServer } from '../adapters/http-server.js';
import type { Incident, SystemKind } from '../sim/model.js';
import { formatTime, parseDuration } from '../sim/time.js';
import { faultOption, jsonOption } from './common-options.js';
import { EXIT_DONE, guarded } from './exit.js';

/** How often real time is turned into virtual time when `--speed` is above 0. */
const TICK_MS = 100;

interface ServeArgs {
  scenario: string;
  port: number;
  speed: number;
  host: string;
  token: string;
  secret: string;
  fault?: string[];
  json: boolean;
}

export interface ServeOptions {
  host: string;
  port: number;
  /** Virtual milliseconds per real millisecond; 0 freezes the clock (advance through the control endpoint). */
  speed: number;
  accessToken: string;
  appSecret: string;
}

export interface ServedSystem {
  name: string;
  kind: SystemKind;
  /** `<base>/<system name>`. */
  url: string;
  /** The main endpoint of its API, for the printed summary. */
  api: string;
}

export interface ServeSession {
  readonly baseUrl: string;
  readonly systems: readonly ServedSystem[];
  readonly simulation: Simulation;
  /** Current virtual time. */
  nowMs(): number;
  /** Moves the virtual clock `ms` ahead (bounded by the window end), running the simulation. */
  advance(ms: number): Promise<void>;
  /** Counts per system name and SKU. */
  counts(): Record<string, Record<string, number>>;
  /** Stops the clock and the server; finishes the simulation. */
  close(): Promise<void>;
}

/** Starts the simulation and the HTTP server; the caller drives real time (or not). */
export async function startServeSession(incident: Incident, options: ServeOptions): Promise<ServeSession> {
  if (incident.systems.some((system) => system.name === '_control')) {
    throw new InputError([{ file: incident.sourcePath ?? 'scenario', path: 'systems', expected: 'no system named _control (the control endpoints use it)', found: '_control' }]);
  }
  // msw and the mocks load here, not with the CLI: every other command starts without them.
  const [{ HttpResponse, http }, { createHandlers }, { startHttpServer }] = await Promise.all([
    import('msw'),
    import('../../mocks/index.js'),
    import('../adapters/http-server.js'),
  ]);
  const simulation = new Simulation(incident, { faults: incident.faults });
  const clock = { nowMs: () => simulation.currentMs };
  let mocks: MockApis | undefined;
  // Advances are chained, so two control calls (or a tick and a call) never run the engine at once.
  let chain: Promise<void> = Promise.resolve();
  const advanceTo = (targetMs: number): Promise<void> => {
    chain = chain.then(() => simulation.runUntil(Math.min(targetMs, incident.window.endMs)));
    return chain;
  };
  const counts = () =>
    Object.fromEntries(
      incident.systems.map((system, index) => [system.name, Object.fromEntries(incident.skus.map((sku, skuIndex) => [sku.sku, simulation.state.count(index, skuIndex)]))]),
    );
  const stateJson = () => ({
    now: formatTime(simulation.currentMs),
    nowMs: simulation.currentMs,
    windowEnd: formatTime(incident.window.endMs),
    speed: options.speed,
    counts: counts(),
  });

  // The window start is reached before the first request: events at the start run (the window is closed).
  await advanceTo(incident.window.startMs);
  const server: HttpMockServer = await startHttpServer({
    host: options.host,
    port: options.port,
    handlers: (baseUrl) => {
      mocks = createHandlers({ incident, state: simulation.state, clock, accessToken: options.accessToken, appSecret: options.appSecret, baseUrl });
      return [
        http.get(`${baseUrl}/_control/state`, () => HttpResponse.json(stateJson())),
        http.post(`${baseUrl}/_control/advance`, async ({ request }) => {
          let body: { ms?: unknown };
          try {
            body = (await request.json()) as { ms?: unknown };
          } catch {
            body = {};
          }
          const ms = typeof body.ms === 'number' ? body.ms : typeof body.ms === 'string' ? parseDuration(body.ms) : undefined;
          if (ms === undefined || !Number.isSafeInteger(ms) || ms < 0) {
            return HttpResponse.json({ error: { code: 'INVALID_REQUEST', message: 'Give {"ms": <non-negative milliseconds or a duration like "15m">}.' } }, { status: 400 });
          }
          await advanceTo(simulation.currentMs + ms);
          return HttpResponse.json(stateJson());
        }),
        ...mocks.handlers,
      ];
    },
  });
  const served = mocks!;
  const systems = incident.systems.map((system) => {
    const url = served.baseUrlOf(system.name);
    const api = system.kind === 'shopify' ? `${url}/admin/api/2026-01/graphql.json` : system.kind === 'erp' ? `${url}/services/rest` : url;
    return { name: system.name, kind: system.kind, url, api };
  });
  let closed = false;
  return {
    baseUrl: server.baseUrl,
    systems,
    simulation,
    nowMs: () => simulation.currentMs,
    advance: (ms) => advanceTo(simulation.currentMs + ms),
    counts,
    async close() {
      if (closed) return;
      closed = true;
      await chain;
      await server.close();
      await served.settled();
      served.dispose();
      await simulation.finish();
    },
  };
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve <scenario>',
  describe: 'serve the mocked WMS / ERP / Shopify APIs on 127.0.0.1 while the scenario replays on a virtual clock',
  builder: (yargs) =>
    yargs
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario or incident file' })
      .option('port', { type: 'number', default: 4321, description: 'port to listen on (0: any free port)' })
      .option('speed', { type: 'number', default: 1, description: 'virtual time per real time; 0 freezes the clock until POST /_control/advance' })
      .option('host', { type: 'string', default: '127.0.0.1', description: 'address to listen on' })
      .option('token', { type: 'string', default: 'drift-sim', description: 'access token the APIs accept (Shopify X-Shopify-Access-Token, Bearer for the others)' })
      .option('secret', { type: 'string', default: 'drift-sim-secret', description: 'app secret that signs webhooks (Shopify HMAC)' })
      .option('fault', faultOption)
      .option('json', jsonOption)
      .example('$0 serve scenarios/weekend-batch-gap.yaml --port 4321 --speed 60', 'one virtual hour per real minute')
      .example('$0 serve scenarios/storefront-sits-low.yaml --speed 0', 'frozen; advance with curl -X POST localhost:4321/_control/advance -d \'{"ms":"15m"}\'') as never,
  handler: (args) =>
    guarded(async () => {
      if (!Number.isFinite(args.speed) || args.speed < 0) {
        throw new InputError([{ file: '--speed', path: 'speed', expected: 'a non-negative number', found: String(args.speed) }]);
      }
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
        throw new InputError([{ file: '--port', path: 'port', expected: 'a port from 0 to 65535', found: String(args.port) }]);
      }
      const incident = await loadIncident(args.scenario, { extraFaults: args.fault ?? [] });
      const session = await startServeSession(incident, { host: args.host, port: args.port, speed: args.speed, accessToken: args.token, appSecret: args.secret });
      printSummary(args, incident, session);

      // The CLI layer owns real time: one interval turns elapsed real time into virtual time.
      let lastReal = performance.now();
      // Virtual time is whole milliseconds; the fraction left over carries to the next tick.
      let carryMs = 0;
      let announcedEnd = false;
      const timer =
        args.speed > 0
          ? setInterval(() => {
              const real = performance.now();
              const virtual = (real - lastReal) * args.speed + carryMs;
              lastReal = real;
              const whole = Math.floor(virtual);
              carryMs = virtual - whole;
              void session.advance(whole).then(() => {
                if (!announcedEnd && session.nowMs() >= incident.window.endMs) {
                  announcedEnd = true;
                  process.stderr.write(`drift-sim serve: reached the window end (${formatTime(incident.window.endMs)}); the APIs stay up.\n`);
                }
              });
            }, TICK_MS)
          : undefined;

      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          if (timer) clearInterval(timer);
          void session.close().then(resolve, resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      if (!args.json) process.stderr.write('drift-sim serve: stopped.\n');
      return EXIT_DONE;
    }),
};

function printSummary(args: ServeArgs, incident: Incident, session: ServeSession): void {
  const control = { advance: `POST ${session.baseUrl}/_control/advance`, state: `GET ${session.baseUrl}/_control/state` };
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({
        scenario: incident.name,
        baseUrl: session.baseUrl,
        start: formatTime(incident.window.startMs),
        end: formatTime(incident.window.endMs),
        speed: args.speed,
        accessToken: args.token,
        appSecret: args.secret,
        systems: session.systems,
        control,
      })}\n`,
    );
    return;
  }
  const width = Math.max(...session.systems.map((system) => system.name.length));
  const lines = [
    `drift-sim serve: ${incident.name} on ${session.baseUrl}, virtual time ${formatTime(session.nowMs())}, speed ${args.speed === 0 ? 'frozen' : `${args.speed}x`}`,
    ...session.systems.map((system) => `  ${system.name.padEnd(width)}  ${system.kind.padEnd(7)}  ${system.api}`),
    `  access token: ${args.token}   webhook secret: ${args.secret}`,
    `  control: ${control.advance} {"ms": "15m"}   ${control.state}`,
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}
