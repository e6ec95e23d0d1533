/**
 * Goal: `inventory_levels/update` webhooks reach a subscribed receiver on every count change
 * at the store, with Shopify's headers, deterministic ids, virtual-clock times, and an HMAC
 * that verifies the way Shopify's library verifies it (base64 HMAC-SHA256 of the raw body with
 * the app secret, compared in constant time), in-process and over real HTTP.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminApiClient } from '@shopify/admin-api-client';
import { http as mswHttp, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { shopifyFetch } from '../../mocks/index.js';
import type { Harness, Serving } from './fixtures.js';
import { SECRET, START_MS, STOREFRONT, TEE, TOKEN, serveMocks } from './fixtures.js';

/** Shopify's verification: recompute the base64 digest of the raw body and compare in constant time. */
function verifyShopifyHmac(rawBody: string, header: string | null, secret: string): boolean {
  if (!header) return false;
  const computed = Buffer.from(createHmac('sha256', secret).update(rawBody, 'utf8').digest('base64'));
  const given = Buffer.from(header);
  return computed.length === given.length && timingSafeEqual(computed, given);
}

interface Received {
  headers: Record<string, string>;
  body: string;
}

const SUBSCRIBE = `mutation Subscribe($uri: String!) {
  webhookSubscriptionCreate(topic: INVENTORY_LEVELS_UPDATE, webhookSubscription: { uri: $uri, format: JSON }) {
    webhookSubscription { id topic uri endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } } apiVersion { handle } }
    userErrors { field message }
  }
}`;

describe.each<Serving>(['in-process', 'http'])('Shopify inventory_levels/update webhooks (%s)', (serving) => {
  let harness: Harness | undefined;
  let receiver: Server | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
    receiver = undefined;
  });

  /** A receiver: an msw handler in-process, a real HTTP server otherwise. */
  async function setup(): Promise<{ harness: Harness; address: string; received: Received[] }> {
    const received: Received[] = [];
    if (serving === 'in-process') {
      const address = 'http://hooks.test/shopify/inventory';
      harness = await serveMocks(serving, {}, [
        mswHttp.post(address, async ({ request }) => {
          received.push({ headers: Object.fromEntries(request.headers), body: await request.text() });
          return new HttpResponse(null, { status: 200 });
        }),
      ]);
      return { harness, address, received };
    }
    receiver = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const address = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/shopify/inventory`;
    harness = await serveMocks(serving);
    return { harness, address, received };
  }

  it('sends a verifiable webhook with Shopify headers for a change, and one per change', async () => {
    const { harness, address, received } = await setup();
    const client = createAdminApiClient({
      storeDomain: 'storefront.myshopify.com',
      apiVersion: '2026-01',
      accessToken: TOKEN,
      customFetchApi: shopifyFetch(harness.url('storefront')),
    });
    const subscribed = await client.request(SUBSCRIBE, { variables: { uri: address } });
    expect(subscribed.data?.webhookSubscriptionCreate).toEqual({
      webhookSubscription: {
        id: 'gid://shopify/WebhookSubscription/1',
        topic: 'INVENTORY_LEVELS_UPDATE',
        uri: address,
        endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: address },
        apiVersion: { handle: '2026-01' },
      },
      userErrors: [],
    });

    // A change made by the engine (not through the API) at 09:01 virtual time.
    harness.clock.set(START_MS + 60_000);
    harness.state.add(STOREFRONT, TEE, -3);
    // A change at another system sends nothing.
    harness.state.add(0, TEE, -3);
    await harness.mocks.settled();

    expect(received).toHaveLength(1);
    const delivery = received[0]!;
    expect(JSON.parse(delivery.body)).toEqual({
      inventory_item_id: 2,
      location_id: 1,
      available: 117,
      updated_at: '2026-03-02T09:01:00Z',
      admin_graphql_api_id: 'gid://shopify/InventoryLevel/1?inventory_item_id=2',
    });
    expect(delivery.headers['x-shopify-topic']).toBe('inventory_levels/update');
    expect(delivery.headers['x-shopify-shop-domain']).toBe('storefront.myshopify.com');
    expect(delivery.headers['x-shopify-api-version']).toBe('2026-01');
    expect(delivery.headers['x-shopify-webhook-id']).toBe('00000002-0000-4000-8000-000000000001');
    expect(delivery.headers['x-shopify-event-id']).toBe('00010002-0000-4000-8000-000000000001');
    expect(delivery.headers['x-shopify-triggered-at']).toBe('2026-03-02T09:01:00.000Z');
    expect(verifyShopifyHmac(delivery.body, delivery.headers['x-shopify-hmac-sha256'] ?? null, SECRET)).toBe(true);
    // The verifier is not a rubber stamp: another secret or a changed body fails.
    expect(verifyShopifyHmac(delivery.body, delivery.headers['x-shopify-hmac-sha256'] ?? null, 'other-secret')).toBe(false);
    expect(verifyShopifyHmac(delivery.body.replace('117', '118'), delivery.headers['x-shopify-hmac-sha256'] ?? null, SECRET)).toBe(false);

    // Two more changes: two more deliveries, in order, with the next ids.
    harness.state.add(STOREFRONT, TEE, 1);
    harness.state.set(STOREFRONT, TEE, 100);
    await harness.mocks.settled();
    expect(received.map((entry) => (JSON.parse(entry.body) as { available: number }).available)).toEqual([117, 118, 100]);
    expect(received.map((entry) => entry.headers['x-shopify-webhook-id'])).toEqual([
      '00000002-0000-4000-8000-000000000001',
      '00000002-0000-4000-8000-000000000002',
      '00000002-0000-4000-8000-000000000003',
    ]);
  });

  it('refuses an invalid address and a second subscription of the same address', async () => {
    const { harness, address } = await setup();
    const client = createAdminApiClient({
      storeDomain: 'storefront.myshopify.com',
      apiVersion: '2026-01',
      accessToken: TOKEN,
      customFetchApi: shopifyFetch(harness.url('storefront')),
    });
    const invalid = await client.request(SUBSCRIBE, { variables: { uri: 'not a url' } });
    expect(invalid.data?.webhookSubscriptionCreate).toEqual({ webhookSubscription: null, userErrors: [{ field: ['webhookSubscription', 'uri'], message: 'Address is invalid' }] });
    await client.request(SUBSCRIBE, { variables: { uri: address } });
    const again = await client.request(SUBSCRIBE, { variables: { uri: address } });
    expect((again.data?.webhookSubscriptionCreate as { userErrors: { message: string }[] }).userErrors[0]?.message).toBe('Address for this topic has already been taken');
  });
});
