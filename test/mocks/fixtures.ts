/**
 * Shared fixtures of the mock tests: a three-system incident (WMS, NetSuite ERP, Shopify
 * storefront), a mutable virtual clock, and the two ways of serving the mocks (in-process msw,
 * real HTTP on 127.0.0.1).
 *
 * Counts at the start, hand-written so every expected value in the tests can be checked by eye:
 *
 * | SKU (index)            | wms | erp | storefront |
 * |------------------------|-----|-----|------------|
 * | MUG-01 (0)             | 40  | 40  | 38         |
 * | TEE-CLASSIC-BLK-M (1)  | 120 | 120 | 120        |
 */
import type { RequestHandler } from 'msw';
import type { MockApis, MockContext } from '../../mocks/index.js';
import { createHandlers } from '../../mocks/index.js';
import { startHttpServer } from '../../src/adapters/http-server.js';
import type { MockServer } from '../../src/adapters/msw-server.js';
import { startMockServer, stopMockServer } from '../../src/adapters/msw-server.js';
import type { Incident, LinkDef } from '../../src/sim/model.js';
import { MovementStore } from '../../src/sim/movement-store.js';
import { SystemState } from '../../src/sim/state.js';
import { LogStore } from '../../src/sim/log-store.js';
import { ObservationStore } from '../../src/sim/observation-store.js';

export const START_MS = Date.UTC(2026, 2, 2, 9, 0, 0); // 2026-03-02T09:00:00Z
export const TOKEN = 'shpat_drift_sim_test';
export const SECRET = 'app-secret-for-hmac';
export const WMS = 0;
export const ERP = 1;
export const STOREFRONT = 2;
export const MUG = 0;
export const TEE = 1;

function link(from: number, to: number, carries: 'snapshot' | 'delta', idempotent: boolean, names: readonly string[]): LinkDef {
  return {
    name: `${names[from]}->${names[to]}`,
    from,
    to,
    mode: carries === 'snapshot' ? 'batch' : 'event',
    everyMs: carries === 'snapshot' ? 900_000 : undefined,
    offsetMs: 0,
    carries,
    latencyMs: 0,
    idempotent,
  };
}

export function makeIncident(): Incident {
  const names = ['wms', 'erp', 'storefront'];
  return {
    version: 1,
    name: 'mock-fixture',
    window: { startMs: START_MS, endMs: START_MS + 86_400_000 },
    timezone: 'UTC',
    systems: [
      { name: 'wms', kind: 'wms' },
      { name: 'erp', kind: 'erp' },
      { name: 'storefront', kind: 'shopify' },
    ],
    recordOf: 0,
    skus: [{ sku: 'MUG-01', title: 'Mug' }, { sku: 'TEE-CLASSIC-BLK-M', title: 'Classic Crew Tee - Black / Medium' }],
    initial: [
      [40, 120],
      [40, 120],
      [38, 120],
    ],
    links: [
      link(WMS, ERP, 'snapshot', true, names),
      link(ERP, STOREFRONT, 'snapshot', true, names),
      link(STOREFRONT, ERP, 'delta', true, names),
      link(ERP, WMS, 'delta', false, names),
      link(STOREFRONT, WMS, 'delta', true, names),
      link(WMS, STOREFRONT, 'delta', false, names),
    ],
    movements: MovementStore.from([]),
    observations: ObservationStore.from([]),
    logs: LogStore.from([]),
    faults: [],
    tolerance: 0,
  };
}

export interface Clock {
  nowMs(): number;
  set(ms: number): void;
}

export function makeClock(startMs = START_MS): Clock {
  let now = startMs;
  return { nowMs: () => now, set: (ms) => (now = ms) };
}

export interface Harness {
  incident: Incident;
  state: SystemState;
  clock: Clock;
  context: MockContext;
  mocks: MockApis;
  /** `<base>/<system>` of a system by name. */
  url(system: string): string;
  /** Only for the in-process variant: msw, to add a webhook receiver. */
  msw: MockServer | undefined;
  close(): Promise<void>;
}

export type Serving = 'in-process' | 'http';

/** Serves the fixture's mocks in-process (msw) or over real HTTP on 127.0.0.1 (port 0). */
export async function serveMocks(serving: Serving, overrides: Partial<MockContext> = {}, extraHandlers: RequestHandler[] = []): Promise<Harness> {
  const incident = overrides.incident ?? makeIncident();
  const state = overrides.state ?? new SystemState(incident.systems.length, incident.skus.length, incident.initial);
  const clock = makeClock();
  const base: MockContext = { incident, state, clock, accessToken: TOKEN, appSecret: SECRET, ...overrides };
  if (serving === 'in-process') {
    const mocks = createHandlers(base);
    const msw = startMockServer([...mocks.handlers, ...extraHandlers], { onUnhandledRequest: 'error' });
    return {
      incident,
      state,
      clock,
      context: base,
      mocks,
      url: (system) => mocks.baseUrlOf(system),
      msw,
      async close() {
        await mocks.settled();
        mocks.dispose();
        stopMockServer(msw);
      },
    };
  }
  let mocks: MockApis | undefined;
  let context = base;
  const server = await startHttpServer({
    handlers: (baseUrl) => {
      context = { ...base, baseUrl };
      mocks = createHandlers(context);
      return mocks.handlers;
    },
  });
  const served = mocks!;
  return {
    incident,
    state,
    clock,
    context,
    mocks: served,
    url: (system) => served.baseUrlOf(system),
    msw: undefined,
    async close() {
      await served.settled();
      served.dispose();
      await server.close();
    },
  };
}
