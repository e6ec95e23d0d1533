/**
 * Goal: the generic WMS API serves snapshots, a transaction feed that shows every change in
 * order with its cause, adjustments by delta or absolute quantity that apply once per
 * `Idempotency-Key`, and signed webhooks; counts are checked in `SystemState`.
 */
import { createHmac } from 'node:crypto';
import { http as mswHttp, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from './fixtures.js';
import { MUG, SECRET, START_MS, TEE, TOKEN, WMS, serveMocks } from './fixtures.js';

describe('WMS mock', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function setup(overrides: Parameters<typeof serveMocks>[1] = {}, extra: Parameters<typeof serveMocks>[2] = []) {
    harness = await serveMocks('in-process', overrides, extra);
    const base = harness.url('wms');
    const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    return { harness, call };
  }

  it('serves a SKU snapshot and 401 without a token', async () => {
    const { harness, call } = await setup();
    expect(await (await call('GET', '/inventory/MUG-01')).json()).toEqual({ sku: 'MUG-01', quantity: 40, updatedAt: '2026-03-02T09:00:00Z' });
    const unknown = await call('GET', '/inventory/NOPE');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'SKU_NOT_FOUND', message: 'No SKU "NOPE" in this warehouse.' } });
    expect((await fetch(`${harness.url('wms')}/inventory/MUG-01`)).status).toBe(401);
  });

  it('applies an adjustment once per Idempotency-Key and refuses the key with another body', async () => {
    const { harness, call } = await setup();
    harness.clock.set(START_MS + 120_000);
    const body = { sku: 'MUG-01', delta: -2, reason: 'shipment', ref: 'SO-1001' };
    const first = await call('POST', '/adjustments', body, { 'Idempotency-Key': 'SO-1001:MUG-01' });
    expect(first.status).toBe(201);
    const created = { id: 'adj_1', sku: 'MUG-01', delta: -2, quantityBefore: 40, quantityAfter: 38, createdAt: '2026-03-02T09:02:00Z' };
    expect(await first.json()).toEqual(created);

    const replay = await call('POST', '/adjustments', body, { 'Idempotency-Key': 'SO-1001:MUG-01' });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await replay.json()).toEqual(created);
    expect(harness.state.count(WMS, MUG)).toBe(38);

    const reused = await call('POST', '/adjustments', { ...body, delta: -3 }, { 'Idempotency-Key': 'SO-1001:MUG-01' });
    expect(reused.status).toBe(422);
    expect(harness.state.count(WMS, MUG)).toBe(38);

    const absolute = await call('POST', '/adjustments', { sku: 'MUG-01', quantity: 50, reason: 'cycle_count' });
    expect(await absolute.json()).toMatchObject({ delta: 12, quantityBefore: 38, quantityAfter: 50 });
    expect(harness.state.count(WMS, MUG)).toBe(50);

    const both = await call('POST', '/adjustments', { sku: 'MUG-01', quantity: 50, delta: 1 });
    expect(both.status).toBe(400);
  });

  it('feeds every change in order with its cause, and pages from a cursor', async () => {
    const annotations = new Map<number, { type: string; ref?: string }>([[-3, { type: 'shipment', ref: 'SO-7' }]]);
    const { harness, call } = await setup({ annotateChange: (change) => annotations.get(change.after - change.before) });
    harness.clock.set(START_MS + 60_000);
    harness.state.add(WMS, TEE, -3); // the engine applies a shipment: annotated by the host
    harness.clock.set(START_MS + 120_000);
    await call('POST', '/adjustments', { sku: 'MUG-01', delta: 5, reason: 'receipt', ref: 'PO-9' });
    harness.state.add(WMS, MUG, 1); // a change nobody describes
    harness.state.add(1, MUG, 7); // another system: not in this feed

    const all = await (await call('GET', '/transactions?since=0')).json();
    expect(all).toEqual({
      transactions: [
        { id: '1', at: '2026-03-02T09:01:00Z', sku: 'TEE-CLASSIC-BLK-M', type: 'shipment', ref: 'SO-7', delta: -3, quantityAfter: 117 },
        { id: '2', at: '2026-03-02T09:02:00Z', sku: 'MUG-01', type: 'receipt', ref: 'PO-9', delta: 5, quantityAfter: 45 },
        { id: '3', at: '2026-03-02T09:02:00Z', sku: 'MUG-01', type: 'unknown', delta: 1, quantityAfter: 46 },
      ],
      nextCursor: '3',
      hasMore: false,
    });
    const later = await (await call('GET', '/transactions?since=1&limit=1')).json();
    expect(later).toMatchObject({ transactions: [{ id: '2' }], nextCursor: '2', hasMore: true });
    const none = await (await call('GET', '/transactions?since=3')).json();
    expect(none).toEqual({ transactions: [], nextCursor: '3', hasMore: false });
  });

  it('forgets transactions past its retention and says so', async () => {
    const { harness, call } = await setup({ options: { wmsFeedLimit: 2 } });
    harness.state.add(WMS, MUG, 1);
    harness.state.add(WMS, MUG, 1);
    harness.state.add(WMS, MUG, 1);
    expect((await call('GET', '/transactions?since=0')).status).toBe(410);
    expect(await (await call('GET', '/transactions?since=1')).json()).toMatchObject({ transactions: [{ id: '2' }, { id: '3' }] });
  });

  it('posts signed webhooks to registered addresses on every change', async () => {
    const received: { body: string; signature: string | null; event: string | null }[] = [];
    const { harness, call } = await setup({}, [
      mswHttp.post('http://hooks.test/wms', async ({ request }) => {
        received.push({ body: await request.text(), signature: request.headers.get('X-WMS-Signature'), event: request.headers.get('X-WMS-Event-Id') });
        return new HttpResponse(null, { status: 204 });
      }),
    ]);
    const registered = await call('POST', '/webhooks', { url: 'http://hooks.test/wms' });
    expect(await registered.json()).toEqual({ id: 'wh_1', url: 'http://hooks.test/wms', events: ['inventory.changed'], createdAt: '2026-03-02T09:00:00Z' });
    harness.state.add(WMS, TEE, -1);
    await harness.mocks.settled();
    expect(received).toHaveLength(1);
    const delivery = received[0]!;
    expect(delivery.event).toBe('evt_1');
    expect(delivery.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(delivery.body).digest('hex')}`);
    expect(JSON.parse(delivery.body)).toEqual({
      id: 'evt_1',
      type: 'inventory.changed',
      occurredAt: '2026-03-02T09:00:00Z',
      data: { transaction: { id: '1', at: '2026-03-02T09:00:00Z', sku: 'TEE-CLASSIC-BLK-M', type: 'unknown', delta: -1, quantityAfter: 119 } },
    });
  });

  it('answers 429 with Retry-After under the throttle hook and applies nothing', async () => {
    const { harness, call } = await setup({ faults: () => 'throttle' });
    const response = await call('POST', '/adjustments', { sku: 'MUG-01', delta: -1 });
    expect(response.status).toBe(429);
    expect(response.headers.get('Retry-After')).toBe('1');
    expect(harness.state.count(WMS, MUG)).toBe(40);
  });
});
