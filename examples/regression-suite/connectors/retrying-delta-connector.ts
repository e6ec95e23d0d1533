/**
 * A deliberately broken connector, for the regression kit to catch: on every WMS
 * `inventory.changed` webhook it adds the change to Shopify's `available` with
 * `inventoryAdjustQuantities`, and when a request fails (a timeout, THROTTLED) it sends the
 * same adjustment again, up to three times, WITHOUT an idempotency key. A request that timed
 * out after Shopify applied it is then applied twice; a webhook that never arrives is never
 * made up for (there is no reconciliation job).
 */
import type { Connector, ConnectorContext } from 'drift-sim';

const API_VERSION = '2026-01';
const ATTEMPTS = 4;

const FIND_ITEM = `query FindItem($query: String!) {
  inventoryItems(first: 10, query: $query) { nodes { id sku } }
  locations(first: 1) { nodes { id } }
}`;

const ADJUST = `mutation Adjust($input: InventoryAdjustQuantitiesInput!) {
  inventoryAdjustQuantities(input: $input) { userErrors { message } }
}`;

interface WmsEvent {
  type: string;
  data: { transaction: { sku: string; delta: number } };
}

export default function retryingDeltaConnector(): Connector {
  const items = new Map<string, { itemId: string; locationId: string }>();

  async function shopify<T>(context: ConnectorContext, store: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await context.fetch(`${context.baseUrl(store)}/admin/api/${API_VERSION}/graphql.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': context.accessToken },
      body: JSON.stringify({ query, variables }),
    });
    const answer = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (answer.errors?.length) throw new Error(answer.errors.map((error) => error.message).join(', '));
    return answer.data as T;
  }

  /** Tries `attempt` up to ATTEMPTS times: the bug is that the retried request carries no key. */
  async function withRetries(context: ConnectorContext, what: string, attempt: () => Promise<void>): Promise<void> {
    for (let tries = 1; tries <= ATTEMPTS; tries++) {
      try {
        await attempt();
        return;
      } catch (error) {
        context.log(`${what} failed (attempt ${tries}): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  return {
    name: 'retrying-delta',
    webhooks: {
      async wms(request, context) {
        const event = (await request.json()) as WmsEvent;
        if (event.type !== 'inventory.changed') return;
        const { sku, delta } = event.data.transaction;
        if (delta === 0) return;
        const store = context.systems.find((system) => system.kind === 'shopify')!.name;
        await withRetries(context, `adjust ${sku} by ${delta}`, async () => {
          let item = items.get(sku);
          if (!item) {
            const found = await shopify<{ inventoryItems: { nodes: { id: string; sku: string }[] }; locations: { nodes: { id: string }[] } }>(context, store, FIND_ITEM, { query: `sku:"${sku}"` });
            const node = found.inventoryItems.nodes.find((candidate) => candidate.sku === sku);
            if (!node || !found.locations.nodes[0]) throw new Error(`no Shopify item ${sku}`);
            item = { itemId: node.id, locationId: found.locations.nodes[0].id };
            items.set(sku, item);
          }
          await shopify(context, store, ADJUST, {
            input: { name: 'available', reason: 'correction', changes: [{ delta, inventoryItemId: item.itemId, locationId: item.locationId }] },
          });
        });
      },
    },
  };
}
