/**
 * An example connector for `drift-sim replay|run --connector`: every 15 minutes it reads the
 * WMS's count of each SKU (`GET /inventory/{sku}`) and sets Shopify's `available` quantity to
 * it with the Admin GraphQL `inventorySetQuantities` mutation, made idempotent with
 * `@idempotent(key:)`: a retry of the same SKU in the same cycle cannot apply twice.
 *
 * It talks to the APIs only through `context.fetch` and reads time only from
 * `context.nowMs()`, so the same code runs against the real APIs with a real fetch and clock.
 * A failed request (a 429 or THROTTLED answer, a timeout) is logged and the SKU is left for
 * the next cycle: the storefront then stays apart from the WMS until that cycle.
 *
 * @example
 * drift-sim replay incident.yaml --connector examples/connector/wms-to-shopify.ts
 */
import type { Connector, ConnectorContext } from 'drift-sim';

const API_VERSION = '2026-01';

const FIND_ITEM = `query FindItem($query: String!) {
  inventoryItems(first: 10, query: $query) { nodes { id sku } }
  locations(first: 1) { nodes { id } }
}`;

const SET_AVAILABLE = `mutation SetAvailable($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}`;

interface GraphqlAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export default function wmsToShopify(): Connector {
  /** Shopify ids by SKU, found once per run. */
  const items = new Map<string, { itemId: string; locationId: string }>();

  async function shopify<T>(context: ConnectorContext, store: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await context.fetch(`${context.baseUrl(store)}/admin/api/${API_VERSION}/graphql.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': context.accessToken },
      body: JSON.stringify({ query, variables }),
    });
    if (!response.ok) throw new Error(`Shopify answered ${response.status}`);
    const answer = (await response.json()) as GraphqlAnswer<T>;
    if (answer.errors?.length) throw new Error(`Shopify: ${answer.errors.map((error) => error.extensions?.code ?? error.message).join(', ')}`);
    return answer.data as T;
  }

  async function itemOf(context: ConnectorContext, store: string, sku: string): Promise<{ itemId: string; locationId: string }> {
    const known = items.get(sku);
    if (known) return known;
    const data = await shopify<{ inventoryItems: { nodes: { id: string; sku: string | null }[] }; locations: { nodes: { id: string }[] } }>(context, store, FIND_ITEM, {
      query: `sku:"${sku.replace(/["\\]/g, '\\$&')}"`,
    });
    const item = data.inventoryItems.nodes.find((node) => node.sku === sku);
    const locationId = data.locations.nodes[0]?.id;
    if (!item || !locationId) throw new Error(`no Shopify item with SKU ${sku}`);
    const found = { itemId: item.id, locationId };
    items.set(sku, found);
    return found;
  }

  async function syncSku(context: ConnectorContext, wms: string, store: string, sku: string): Promise<void> {
    const response = await context.fetch(`${context.baseUrl(wms)}/inventory/${encodeURIComponent(sku)}`, {
      headers: { Authorization: `Bearer ${context.accessToken}` },
    });
    if (!response.ok) throw new Error(`WMS answered ${response.status} for ${sku}`);
    const { quantity } = (await response.json()) as { quantity: number };
    const { itemId, locationId } = await itemOf(context, store, sku);
    const data = await shopify<{ inventorySetQuantities: { userErrors: { message: string }[] } }>(context, store, SET_AVAILABLE, {
      input: { name: 'available', reason: 'correction', quantities: [{ inventoryItemId: itemId, locationId, quantity, changeFromQuantity: null }] },
      // One key per SKU and cycle: a retry inside the cycle is a replay, the next cycle writes afresh.
      key: `wms-to-shopify:${sku}:${context.nowMs()}`,
    });
    const errors = data.inventorySetQuantities.userErrors;
    if (errors.length > 0) throw new Error(`Shopify refused ${sku}: ${errors.map((error) => error.message).join('; ')}`);
  }

  return {
    name: 'wms-to-shopify',
    jobs: [
      {
        name: 'sync-available',
        every: '15m',
        async run(context) {
          const wms = context.systems.find((system) => system.kind === 'wms')?.name;
          const store = context.systems.find((system) => system.kind === 'shopify')?.name;
          if (!wms || !store) throw new Error('needs a wms and a shopify system');
          for (const sku of context.skus) {
            try {
              await syncSku(context, wms, store, sku);
            } catch (error) {
              context.log(`${sku} not synced: ${error instanceof Error ? error.message : String(error)}`);
            }
          }
        },
      },
    ],
  };
}
