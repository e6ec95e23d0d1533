/**
 * Goal: Shopify's own, unmodified `@shopify/admin-api-client` works against the Shopify mock,
 * both in-process (msw) and over real HTTP, and sees Shopify's behaviour: SKU search, quantity
 * names, `@idempotent` retries applied once, compare-and-set refusals, 401 without a valid
 * token, THROTTLED with HTTP 200, and query cost in `extensions`.
 *
 * Counts are read from `SystemState`, not from the API, so a mock that answered correctly but
 * changed the wrong count would fail.
 */
import { createAdminApiClient } from '@shopify/admin-api-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpFaultOutcome } from '../../mocks/index.js';
import { shopifyFetch } from '../../mocks/index.js';
import type { Harness, Serving } from './fixtures.js';
import { START_MS, STOREFRONT, TEE, MUG, TOKEN, serveMocks } from './fixtures.js';

const FIND_BY_SKU = `query FindBySku($query: String!) {
  inventoryItems(first: 5, query: $query) {
    nodes {
      id
      sku
      inventoryLevel(locationId: "gid://shopify/Location/1") {
        quantities(names: ["available", "on_hand", "committed"]) { name quantity }
      }
    }
  }
}`;

const ADJUST = `mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id reason changes { name delta quantityAfterChange item { sku } } }
    userErrors { field message code }
  }
}`;

const SET = `mutation Set($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } }
    userErrors { field message code }
  }
}`;

const TEE_ITEM = 'gid://shopify/InventoryItem/2';
const LOCATION = 'gid://shopify/Location/1';

function adjustInput(delta: number) {
  return { name: 'available', reason: 'correction', changes: [{ delta, inventoryItemId: TEE_ITEM, locationId: LOCATION }] };
}

describe.each<Serving>(['in-process', 'http'])('Shopify Admin API client against the mock (%s)', (serving) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function setup(faults?: (operation: string | undefined) => HttpFaultOutcome, apiVersion = '2026-01', accessToken = TOKEN) {
    harness = await serveMocks(serving, faults ? { faults: (_system, request) => faults(request.operation) } : {});
    const client = createAdminApiClient({
      storeDomain: 'storefront.myshopify.com',
      apiVersion,
      accessToken,
      customFetchApi: shopifyFetch(harness.url('storefront')),
    });
    return { harness, client };
  }

  it('finds an item by SKU and reads its available, on_hand and committed quantities', async () => {
    const { client } = await setup();
    const result = await client.request(FIND_BY_SKU, { variables: { query: 'sku:TEE-CLASSIC-BLK-M' } });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      inventoryItems: {
        nodes: [
          {
            id: TEE_ITEM,
            sku: 'TEE-CLASSIC-BLK-M',
            inventoryLevel: {
              quantities: [
                { name: 'available', quantity: 120 },
                { name: 'on_hand', quantity: 120 },
                { name: 'committed', quantity: 0 },
              ],
            },
          },
        ],
      },
    });
    // Cost: connection 2 + 5 nodes × (node 1 + inventoryLevel 1 + quantities 1) = 17.
    const cost = (result.extensions as { cost: { requestedQueryCost: number; throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } } }).cost;
    expect(cost.requestedQueryCost).toBe(17);
    expect(cost.throttleStatus).toEqual({ maximumAvailable: 2000, currentlyAvailable: 1983, restoreRate: 100 });
  });

  it('applies an idempotent adjustment once however often it is retried, and refuses the key with other parameters', async () => {
    const { harness, client } = await setup();
    const first = await client.request(ADJUST, { variables: { input: adjustInput(-3), key: 'order-5512' } });
    expect(first.data?.inventoryAdjustQuantities).toEqual({
      inventoryAdjustmentGroup: {
        id: 'gid://shopify/InventoryAdjustmentGroup/1',
        reason: 'correction',
        changes: [{ name: 'available', delta: -3, quantityAfterChange: 117, item: { sku: 'TEE-CLASSIC-BLK-M' } }],
      },
      userErrors: [],
    });
    const retry = await client.request(ADJUST, { variables: { input: adjustInput(-3), key: 'order-5512' } });
    expect(retry.data).toEqual(first.data);
    expect(harness.state.count(STOREFRONT, TEE)).toBe(117); // 120 - 3, once

    const reused = await client.request(ADJUST, { variables: { input: adjustInput(-4), key: 'order-5512' } });
    expect(reused.data?.inventoryAdjustQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [
        { field: null, message: 'The same idempotency key cannot be used with different operation parameters.', code: 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH' },
      ],
    });
    expect(harness.state.count(STOREFRONT, TEE)).toBe(117);
    expect(harness.state.count(STOREFRONT, MUG)).toBe(38); // the other SKU untouched
  });

  it('refuses a stale changeFromQuantity with CHANGE_FROM_QUANTITY_STALE and applies a current one', async () => {
    const { harness, client } = await setup();
    const stale = await client.request(SET, {
      variables: { input: { name: 'available', reason: 'correction', quantities: [{ inventoryItemId: TEE_ITEM, locationId: LOCATION, quantity: 100, changeFromQuantity: 119 }] } },
    });
    expect(stale.data?.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [
        {
          field: ['input', 'quantities', '0', 'changeFromQuantity'],
          message: 'The changeFromQuantity value does not match persisted value.',
          code: 'CHANGE_FROM_QUANTITY_STALE',
        },
      ],
    });
    expect(harness.state.count(STOREFRONT, TEE)).toBe(120);

    const current = await client.request(SET, {
      variables: { input: { name: 'available', reason: 'correction', quantities: [{ inventoryItemId: TEE_ITEM, locationId: LOCATION, quantity: 100, changeFromQuantity: 120 }] } },
    });
    expect(current.data?.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: { id: 'gid://shopify/InventoryAdjustmentGroup/1', changes: [{ name: 'available', delta: -20, quantityAfterChange: 100 }] },
      userErrors: [],
    });
    expect(harness.state.count(STOREFRONT, TEE)).toBe(100);

    // 2026-01 without changeFromQuantity falls back to compareQuantity, which is then required.
    const bare = await client.request(SET, {
      variables: { input: { name: 'available', reason: 'correction', quantities: [{ inventoryItemId: TEE_ITEM, locationId: LOCATION, quantity: 90 }] } },
    });
    const bareErrors = (bare.data?.inventorySetQuantities as { userErrors: { code: string }[] }).userErrors;
    expect(bareErrors.map((error) => error.code)).toEqual(['COMPARE_QUANTITY_REQUIRED']);
    expect(harness.state.count(STOREFRONT, TEE)).toBe(100);
  });

  it('answers 401 to a wrong access token and to none', async () => {
    const { harness, client } = await setup(undefined, '2026-01', 'shpat_wrong');
    const result = await client.request(FIND_BY_SKU, { variables: { query: 'sku:MUG-01' } });
    expect(result.errors?.networkStatusCode).toBe(401);

    const raw = await fetch(`${harness.url('storefront')}/admin/api/2026-01/graphql.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ shop { name } }' }),
    });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
  });

  it('answers THROTTLED with HTTP 200 under the throttle hook, and applies nothing', async () => {
    const { harness, client } = await setup((operation) => (operation === 'inventoryAdjustQuantities' ? 'throttle' : 'ok'));
    const result = await client.request(ADJUST, { variables: { input: adjustInput(-3), key: 'throttled-1' } });
    expect(result.errors?.networkStatusCode).toBe(200);
    expect(result.errors?.graphQLErrors).toEqual([
      { message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } },
    ]);
    expect(result.data).toBeUndefined();
    expect((result.extensions as { cost: { actualQueryCost: number | null; requestedQueryCost: number } }).cost).toMatchObject({
      requestedQueryCost: 10,
      actualQueryCost: null,
    });
    expect(harness.state.count(STOREFRONT, TEE)).toBe(120);
  });

  it('applies a request whose answer was lost, and the retry with the same key does not apply it again', async () => {
    let lose = true;
    const { harness, client } = await setup((operation) => {
      if (operation !== 'inventoryAdjustQuantities' || !lose) return 'ok';
      lose = false;
      return 'timeout-after-apply';
    });
    const lost = await client.request(ADJUST, { variables: { input: adjustInput(-5), key: 'retry-me' } });
    expect(lost.errors?.networkStatusCode).toBeUndefined(); // no HTTP answer at all
    expect(harness.state.count(STOREFRONT, TEE)).toBe(115); // it did apply
    const retry = await client.request(ADJUST, { variables: { input: adjustInput(-5), key: 'retry-me' } });
    expect((retry.data?.inventoryAdjustQuantities as { userErrors: unknown[] }).userErrors).toEqual([]);
    expect(harness.state.count(STOREFRONT, TEE)).toBe(115);
  });

  it('requires @idempotent from 2026-04 and refuses versions before 2026-01', async () => {
    const { harness, client } = await setup(undefined, '2026-04');
    const result = await client.request(
      `mutation { inventoryAdjustQuantities(input: { name: "available", reason: "correction", changes: [{ delta: 1, inventoryItemId: "${TEE_ITEM}", locationId: "${LOCATION}", changeFromQuantity: null }] }) { userErrors { code } } }`,
    );
    expect(result.errors?.graphQLErrors?.[0]?.message).toBe('The @idempotent directive is required for inventoryAdjustQuantities as of API version 2026-04.');
    expect(harness.state.count(STOREFRONT, TEE)).toBe(120);

    const old = await fetch(`${harness.url('storefront')}/admin/api/2025-10/graphql.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': TOKEN },
      body: JSON.stringify({ query: '{ shop { name } }' }),
    });
    expect(old.status).toBe(404);
  });

  it('stamps adjustment groups and level times with the virtual clock', async () => {
    const { harness, client } = await setup();
    harness.clock.set(START_MS + 3_600_000);
    await client.request(ADJUST, { variables: { input: adjustInput(2), key: 'clocked' } });
    const result = await client.request(`{ inventoryLevel(id: "gid://shopify/InventoryLevel/1?inventory_item_id=2") { updatedAt quantities(names: ["available"]) { quantity } } }`);
    expect(result.data).toEqual({ inventoryLevel: { updatedAt: '2026-03-02T10:00:00Z', quantities: [{ quantity: 122 }] } });
  });
});
