/**
 * The API panel: a trainee writes real Shopify Admin GraphQL against the playing scenario's
 * storefront (queries such as `inventoryItems`, mutations such as `inventoryAdjustQuantities`
 * with `@idempotent`) and sends it with `fetch`; msw's service worker answers from the mocks,
 * and a mutation changes the counts the chart draws, as the story's agent changed them.
 *
 * @example
 * const panel = new ApiPanel(apis, () => redraw());
 * panel.show(playback, sku);
 */
import type { Incident } from '../src/sim/model.js';
import { byId } from './dom.js';
import { type MockApisInPage, WORKSHOP_ACCESS_TOKEN } from './mock-apis.js';

/** The Admin API version the panel speaks (the mock serves 2026-01 and later). */
export const PANEL_API_VERSION = '2026-01';

/**
 * A query reading one SKU's storefront counts.
 *
 * @example
 * countQuery('MUG-01').variables; // '{\n  "query": "sku:MUG-01"\n}'
 */
export function countQuery(sku: string): { query: string; variables: string } {
  return {
    query: `query Count($query: String!) {
  inventoryItems(first: 1, query: $query) {
    nodes {
      id
      sku
      inventoryLevel(locationId: "gid://shopify/Location/1") {
        quantities(names: ["available"]) { name quantity }
      }
    }
  }
}`,
    variables: JSON.stringify({ query: `sku:${sku}` }, null, 2),
  };
}

/**
 * A manual adjustment of one SKU, sent once whatever the retries (`@idempotent`).
 *
 * @example
 * adjustMutation(0, -5, 'workshop-adjust-1'); // SKU index 0 is gid://shopify/InventoryItem/1
 */
export function adjustMutation(skuIndex: number, delta: number, key: string): { query: string; variables: string } {
  return {
    query: `mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id reason changes { name delta quantityAfterChange item { sku } } }
    userErrors { field message code }
  }
}`,
    variables: JSON.stringify(
      {
        input: { name: 'available', reason: 'correction', changes: [{ delta, inventoryItemId: `gid://shopify/InventoryItem/${skuIndex + 1}`, locationId: 'gid://shopify/Location/1' }] },
        key,
      },
      null,
      2,
    ),
  };
}

export class ApiPanel {
  private readonly apis: MockApisInPage | undefined;
  private readonly onChange: () => void;
  private incident: Incident | undefined;
  private sku = 0;
  private adjustments = 0;

  /** `apis` is undefined when the service worker could not start (the panel then says why). */
  constructor(apis: MockApisInPage | undefined, onChange: () => void, unavailable = '') {
    this.apis = apis;
    this.onChange = onChange;
    byId('api-send').addEventListener('click', () => void this.send());
    byId('api-preset-count').addEventListener('click', () => this.fill(countQuery(this.skuName())));
    byId('api-preset-adjust').addEventListener('click', () => this.fill(adjustMutation(this.sku, -5, `workshop-adjust-${++this.adjustments}`)));
    if (!apis) {
      byId('api-status').textContent = `The mocked APIs are off: ${unavailable}`;
      byId<HTMLButtonElement>('api-send').disabled = true;
    }
  }

  /** Points the panel at a scenario's storefront and a SKU. */
  show(incident: Incident, sku: number): void {
    this.incident = incident;
    this.sku = sku;
    const storefront = incident.systems.find((system) => system.kind === 'shopify');
    const target = byId('api-target');
    if (!this.apis) return;
    if (!storefront) {
      target.textContent = 'This scenario has no Shopify storefront.';
      byId<HTMLButtonElement>('api-send').disabled = true;
      return;
    }
    byId<HTMLButtonElement>('api-send').disabled = false;
    target.textContent = `POST ${this.endpoint()}`;
    byId('api-status').textContent = 'Mocked APIs ready (msw service worker).';
    this.fill(countQuery(this.skuName()));
  }

  private skuName(): string {
    return this.incident?.skus[this.sku]?.sku ?? '';
  }

  private endpoint(): string {
    const storefront = this.incident!.systems.find((system) => system.kind === 'shopify')!;
    return `${this.apis!.baseUrlOf(storefront.name)}/admin/api/${PANEL_API_VERSION}/graphql.json`;
  }

  private fill(preset: { query: string; variables: string }): void {
    byId<HTMLTextAreaElement>('api-query').value = preset.query;
    byId<HTMLTextAreaElement>('api-variables').value = preset.variables;
  }

  private async send(): Promise<void> {
    const output = byId('api-response');
    let variables: unknown = {};
    const text = byId<HTMLTextAreaElement>('api-variables').value.trim();
    try {
      variables = text ? JSON.parse(text) : {};
    } catch (error) {
      output.textContent = `The variables are not JSON: ${(error as Error).message}`;
      return;
    }
    try {
      const response = await fetch(this.endpoint(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': WORKSHOP_ACCESS_TOKEN },
        body: JSON.stringify({ query: byId<HTMLTextAreaElement>('api-query').value, variables }),
      });
      output.textContent = `HTTP ${response.status}\n${JSON.stringify(await response.json(), null, 2)}`;
      output.dataset.status = String(response.status);
    } catch (error) {
      output.textContent = `The request failed: ${(error as Error).message}`;
    }
    this.onChange();
  }
}
