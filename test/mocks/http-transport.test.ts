/**
 * Goal: `HttpTransport` (messages through fetch to the mocked APIs) gives exactly the results of
 * `InProcessTransport` (messages applied to `SystemState` directly): the same applied/ignored
 * decisions, the same changes, the same final counts, for every target kind, on idempotent and
 * non-idempotent links, with duplicates and colliding keys. Hand-computed examples first, then a
 * property over random message sequences.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../mocks/index.js';
import { HttpTransport } from '../../src/adapters/http-transport.js';
import { startHttpServer } from '../../src/adapters/http-server.js';
import type { Message } from '../../src/sim/message.js';
import type { Incident } from '../../src/sim/model.js';
import type { MockServer } from '../../src/adapters/msw-server.js';
import { startMockServer, stopMockServer } from '../../src/adapters/msw-server.js';
import { SystemState } from '../../src/sim/state.js';
import type { DeliveryResult, Transport } from '../../src/sim/transport.js';
import { InProcessTransport } from '../../src/sim/transport.js';
import { ERP, MUG, START_MS, STOREFRONT, TEE, TOKEN, WMS, makeIncident } from './fixtures.js';

/** Link indices of the fixture (see fixtures.ts). */
const WMS_TO_ERP_SNAPSHOT = 0;
const ERP_TO_STOREFRONT_SNAPSHOT = 1;
const STOREFRONT_TO_ERP_DELTA = 2;
const ERP_TO_WMS_DELTA_NOT_IDEMPOTENT = 3;
const STOREFRONT_TO_WMS_DELTA = 4;
const WMS_TO_STOREFRONT_DELTA_NOT_IDEMPOTENT = 5;

interface MessageSpec {
  link: number;
  sku: number;
  value: number;
  /** A ref shared by messages that are meant to collide or repeat; none: a fresh generated key. */
  ref?: string;
  /** A generated key that a rule copied or altered (`keyMayRecur`): `#<n>:<sku>`. */
  recurring?: number;
}

function buildMessages(incident: Incident, specs: readonly MessageSpec[]): Message[] {
  return specs.map((spec, index) => {
    const link = incident.links[spec.link]!;
    const skuName = incident.skus[spec.sku]!.sku;
    const key = spec.ref !== undefined ? `${spec.ref}:${skuName}` : spec.recurring !== undefined ? `#${spec.recurring}:${skuName}` : `#fresh${index}:${skuName}`;
    return {
      id: index + 1,
      link: spec.link,
      linkSeq: index + 1,
      sku: spec.sku,
      targetSku: spec.sku,
      carries: link.carries,
      value: spec.value,
      key,
      // Refs here are shared on purpose, which the engine marks as keys that may recur.
      keyMayRecur: spec.recurring !== undefined || spec.ref !== undefined,
      type: link.carries === 'snapshot' ? 'batch' : 'order',
      ref: spec.ref,
      sentMs: START_MS + index * 1000,
      deliverMs: START_MS + index * 1000,
      queueSequence: 0,
      attempt: 1,
      causeChange: index,
      lost: false,
      duplicate: false,
    };
  });
}

async function runAll(transport: Transport, messages: readonly Message[]): Promise<DeliveryResult[]> {
  await transport.start?.();
  const results: DeliveryResult[] = [];
  try {
    for (const message of messages) results.push(await transport.deliver(message));
  } finally {
    await transport.stop?.();
  }
  return results;
}

function freshState(incident: Incident): SystemState {
  return new SystemState(incident.systems.length, incident.skus.length, incident.initial);
}

/**
 * An HttpTransport whose `serve` creates the mocks over its state and serves them in-process:
 * on a shared msw server when one is given (its handlers replaced; cheaper for many runs),
 * else on its own.
 */
function inProcessHttpTransport(incident: Incident, state: SystemState, shared?: MockServer): HttpTransport {
  return new HttpTransport(incident, state, {
    accessToken: TOKEN,
    serve: (served, clock) => {
      const mocks = createHandlers({ incident, state: served, clock, accessToken: TOKEN, appSecret: 'secret' });
      if (shared) shared.api.resetHandlers(...mocks.handlers);
      const server = shared ?? startMockServer(mocks.handlers, { onUnhandledRequest: 'error' });
      return {
        stop: async () => {
          await mocks.settled();
          mocks.dispose();
          if (!shared) stopMockServer(server);
        },
      };
    },
  });
}

async function compare(specs: readonly MessageSpec[], shared?: MockServer) {
  const incident = makeIncident();
  const messages = buildMessages(incident, specs);
  const inProcessState = freshState(incident);
  const expected = await runAll(new InProcessTransport(incident, inProcessState), messages);
  const httpState = freshState(incident);
  const actual = await runAll(inProcessHttpTransport(incident, httpState, shared), buildMessages(incident, specs));
  return { expected, actual, inProcessCounts: Array.from(inProcessState.snapshot()), httpCounts: Array.from(httpState.snapshot()), httpState };
}

describe('HttpTransport agrees with InProcessTransport', () => {
  it('sets, adjusts and ignores repeated keys the same way at each target kind (hand-computed)', async () => {
    const specs: MessageSpec[] = [
      { link: WMS_TO_ERP_SNAPSHOT, sku: MUG, value: 37, ref: 'B1' }, // erp MUG 40 -> 37: change -3
      { link: WMS_TO_ERP_SNAPSHOT, sku: MUG, value: 37, ref: 'B1' }, // same key again: ignored
      { link: ERP_TO_STOREFRONT_SNAPSHOT, sku: MUG, value: 37, ref: 'P1' }, // storefront 38 -> 37: -1
      { link: ERP_TO_STOREFRONT_SNAPSHOT, sku: MUG, value: 37, ref: 'P2' }, // already 37: applied, change 0
      { link: ERP_TO_STOREFRONT_SNAPSHOT, sku: MUG, value: 37, ref: 'P1' }, // Shopify replay of P1: ignored
      { link: STOREFRONT_TO_ERP_DELTA, sku: TEE, value: -2, ref: '#5512' }, // erp TEE 120 -> 118
      { link: STOREFRONT_TO_ERP_DELTA, sku: TEE, value: -4, ref: '#5512' }, // colliding key: ignored
      { link: ERP_TO_WMS_DELTA_NOT_IDEMPOTENT, sku: TEE, value: -2, ref: 'X' }, // wms TEE 120 -> 118
      { link: ERP_TO_WMS_DELTA_NOT_IDEMPOTENT, sku: TEE, value: -2, ref: 'X' }, // not idempotent: 118 -> 116
      { link: STOREFRONT_TO_WMS_DELTA, sku: MUG, value: 5, recurring: 1 }, // wms MUG 40 -> 45
      { link: STOREFRONT_TO_WMS_DELTA, sku: MUG, value: 5, recurring: 1 }, // copied key: ignored
      { link: STOREFRONT_TO_WMS_DELTA, sku: MUG, value: 6, recurring: 1 }, // colliding key: ignored
      { link: WMS_TO_STOREFRONT_DELTA_NOT_IDEMPOTENT, sku: TEE, value: 3 }, // storefront TEE 120 -> 123
    ];
    const { expected, actual, inProcessCounts, httpCounts } = await compare(specs);
    expect(expected).toEqual([
      { applied: true, change: -3 },
      { applied: false, change: 0 },
      { applied: true, change: -1 },
      { applied: true, change: 0 },
      { applied: false, change: 0 },
      { applied: true, change: -2 },
      { applied: false, change: 0 },
      { applied: true, change: -2 },
      { applied: true, change: -2 },
      { applied: true, change: 5 },
      { applied: false, change: 0 },
      { applied: false, change: 0 },
      { applied: true, change: 3 },
    ]);
    expect(actual).toEqual(expected);
    // Counts, system-major: wms [MUG, TEE], erp [MUG, TEE], storefront [MUG, TEE].
    expect(inProcessCounts).toEqual([45, 116, 37, 118, 37, 123]);
    expect(httpCounts).toEqual(inProcessCounts);
  });

  it('delivers over a real HTTP server as well', async () => {
    const incident = makeIncident();
    const state = freshState(incident);
    let dispose: () => void = () => undefined;
    const server = await startHttpServer({
      handlers: (baseUrl) => {
        const mocks = createHandlers({ incident, state, clock: { nowMs: () => START_MS }, accessToken: TOKEN, appSecret: 'secret', baseUrl });
        dispose = () => mocks.dispose();
        return mocks.handlers;
      },
    });
    try {
      const transport = new HttpTransport(incident, state, { baseUrl: server.baseUrl, accessToken: TOKEN });
      const results = await runAll(
        transport,
        buildMessages(incident, [
          { link: ERP_TO_STOREFRONT_SNAPSHOT, sku: TEE, value: 88, ref: 'P1' },
          { link: STOREFRONT_TO_ERP_DELTA, sku: MUG, value: -1, ref: '#1' },
          { link: ERP_TO_WMS_DELTA_NOT_IDEMPOTENT, sku: MUG, value: -1 },
        ]),
      );
      expect(results).toEqual([
        { applied: true, change: -32 },
        { applied: true, change: -1 },
        { applied: true, change: -1 },
      ]);
      expect(state.count(STOREFRONT, TEE)).toBe(88);
      expect(state.count(ERP, MUG)).toBe(39);
      expect(state.count(WMS, MUG)).toBe(39);
    } finally {
      dispose();
      await server.close();
    }
  });

  it('holds for random message sequences (property)', async () => {
    const spec = fc.record(
      {
        link: fc.integer({ min: 0, max: 5 }),
        sku: fc.integer({ min: 0, max: 1 }),
        value: fc.integer({ min: -30, max: 150 }),
        /** Repeats an earlier message exactly (a redelivery), when set. */
        repeatOf: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.nat(), weight: 1 }),
        key: fc.oneof(
          fc.constant<{ ref?: string; recurring?: number }>({}),
          fc.integer({ min: 0, max: 1 }).map((index) => ({ ref: `R${index}` })),
          fc.integer({ min: 0, max: 1 }).map((index) => ({ recurring: index })),
        ),
      },
      { requiredKeys: ['link', 'sku', 'value', 'key', 'repeatOf'] },
    );
    const shared = startMockServer([], { onUnhandledRequest: 'error' });
    try {
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 4, maxLength: 24, size: 'large' }), async (drawn) => {
        const incident = makeIncident();
        const specs: MessageSpec[] = [];
        for (const item of drawn) {
          if (item.repeatOf !== null && specs.length > 0) {
            specs.push(specs[item.repeatOf % specs.length]!);
            continue;
          }
          // A delta message carries a non-zero change (a net-zero delta is never sent).
          const delta = incident.links[item.link]!.carries === 'delta';
          const value = delta ? (item.value % 20 === 0 ? 1 : item.value % 20) : item.value;
          specs.push({ link: item.link, sku: item.sku, value, ...item.key });
        }
        const { expected, actual, inProcessCounts, httpCounts } = await compare(specs, shared);
        expect(actual).toEqual(expected);
        expect(httpCounts).toEqual(inProcessCounts);
      }),
      { numRuns: 25, seed: 20260302 },
    );
    } finally {
      stopMockServer(shared);
    }
  });
});
