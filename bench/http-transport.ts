/**
 * Benchmark of the http transport: N deliveries of one kind (a delta into a Shopify store, so
 * `inventoryAdjustQuantities` through the mocked Admin GraphQL API) by `HttpTransport.deliver`,
 * against a bare msw round trip in the same process: a `fetch` POST of a body of the same size
 * to a trivial msw handler that answers a constant JSON, read back with `response.json()`.
 * Both run sequentially, as the engine delivers. Rounds alternate; medians are compared.
 * Target: per-request cost ratio <= 1.5.
 *
 * @example
 * const result = await benchHttpTransport({ deliveries: 5000, rounds: 3 });
 * result.ratio; // transport µs per request / bare msw µs per request
 */
import { HttpResponse, http } from 'msw';
import { createHandlers } from '../mocks/index.js';
import { loadIncidentFromText } from '../src/io/load-incident.js';
import { HttpTransport } from '../src/adapters/http-transport.js';
import type { Message } from '../src/sim/message.js';
import type { Incident } from '../src/sim/model.js';
import { startMockServer, stopMockServer } from '../src/adapters/msw-server.js';
import { SystemState } from '../src/sim/state.js';

export interface HttpTransportBench {
  deliveries: number;
  rounds: number;
  /** Median wall time per request, microseconds. */
  transportUs: number;
  bareUs: number;
  /** transportUs / bareUs. */
  ratio: number;
  transportPerSecond: number;
  barePerSecond: number;
  /** Peak resident set of this process (it includes whatever ran before), MB. */
  maxRssMb: number;
}

const INCIDENT = `version: 1
name: bench-http-transport
window: {start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z'}
systems: {wms: {kind: wms}, storefront: {kind: shopify}}
skus: [{sku: MUG-01}]
initial: {MUG-01: 1000000}
links:
  - {from: wms, to: storefront, mode: event, carries: delta, idempotent: false}
movements: []
observations: []
`;

function message(incident: Incident, index: number): Message {
  const atMs = incident.window.startMs + index;
  return {
    id: index + 1,
    link: 0,
    linkSeq: index + 1,
    sku: 0,
    targetSku: 0,
    carries: 'delta',
    value: index % 2 === 0 ? -1 : 1,
    key: `#${index + 1}:MUG-01`,
    keyMayRecur: false,
    type: 'shipment',
    ref: undefined,
    sentMs: atMs,
    deliverMs: atMs,
    queueSequence: 0,
    attempt: 1,
    causeChange: 0,
    lost: false,
    duplicate: false,
  };
}

/** Wall ms of `count` deliveries through a fresh transport and mocks (the item lookup is done in warm-up). */
async function timeTransport(incident: Incident, count: number, warmup: number): Promise<number> {
  const state = new SystemState(incident.systems.length, incident.skus.length, incident.initial);
  const transport = new HttpTransport(incident, state, {
    serve: (served, clock) => {
      const mocks = createHandlers({ incident, state: served, clock, accessToken: 'drift-sim', appSecret: 'drift-sim' });
      const server = startMockServer(mocks.handlers);
      return { stop: () => { mocks.dispose(); stopMockServer(server); } };
    },
  });
  await transport.start();
  try {
    for (let index = 0; index < warmup; index++) await transport.deliver(message(incident, index));
    const started = performance.now();
    for (let index = warmup; index < warmup + count; index++) await transport.deliver(message(incident, index));
    return performance.now() - started;
  } finally {
    await transport.stop();
  }
}

/** Wall ms of `count` bare msw round trips with a body like the transport's. */
async function timeBare(count: number, warmup: number): Promise<number> {
  const url = 'http://bench.drift-sim.local/ping';
  const server = startMockServer([http.post(url, () => HttpResponse.json({ data: { ok: true } }))], { onUnhandledRequest: 'error' });
  const body = JSON.stringify({
    query: 'mutation DriftSimAdjust($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) { inventoryAdjustmentGroup { id } userErrors { field message code } } }',
    variables: { input: { name: 'available', reason: 'correction', changes: [{ delta: -1, inventoryItemId: 'gid://shopify/InventoryItem/1', locationId: 'gid://shopify/Location/1' }] } },
  });
  const once = async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': 'drift-sim' }, body });
    await response.json();
  };
  try {
    for (let index = 0; index < warmup; index++) await once();
    const started = performance.now();
    for (let index = 0; index < count; index++) await once();
    return performance.now() - started;
  } finally {
    stopMockServer(server);
  }
}

export async function benchHttpTransport(options: { deliveries?: number; rounds?: number } = {}): Promise<HttpTransportBench> {
  const deliveries = options.deliveries ?? 5000;
  const rounds = options.rounds ?? 3;
  const warmup = Math.min(500, Math.max(50, Math.floor(deliveries / 10)));
  const incident = await loadIncidentFromText(INCIDENT, 'bench-http-transport.yaml');
  const transportMs: number[] = [];
  const bareMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    bareMs.push(await timeBare(deliveries, warmup));
    transportMs.push(await timeTransport(incident, deliveries, warmup));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const transportUs = (median(transportMs) * 1000) / deliveries;
  const bareUs = (median(bareMs) * 1000) / deliveries;
  return {
    deliveries,
    rounds,
    transportUs,
    bareUs,
    ratio: transportUs / bareUs,
    transportPerSecond: 1e6 / transportUs,
    barePerSecond: 1e6 / bareUs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
