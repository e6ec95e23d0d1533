/**
 * Delivers link messages over HTTP to the target system's mocked API, the way a connector
 * would, and reports what the delivery did from `SystemState`, so its results are identical
 * to `InProcessTransport`'s (a property test holds the two together).
 *
 * Per target kind:
 * - `shopify`: finds the item by SKU (`inventoryItems(query: "sku:...")`, cached), then a
 *   snapshot is `inventorySetQuantities` with `changeFromQuantity: null` (the sender is the
 *   source of truth for that count) and a delta is `inventoryAdjustQuantities`. On an
 *   idempotent link the mutation carries `@idempotent(key: "<link>|<message key>")`, the same
 *   `scopedKey` the in-process transport records. A replay comes back with an adjustment
 *   group already seen, and a key reused with other parameters with
 *   `IDEMPOTENCY_KEY_PARAMETER_MISMATCH`: both mean "ignored".
 * - `erp` (NetSuite): finds the item by `itemid` with SuiteQL (cached) and posts an
 *   `inventoryAdjustment`; a snapshot first reads `quantityavailable` with SuiteQL and adjusts
 *   by the difference. On an idempotent link the record's `externalId` is the scoped key; "This
 *   record already exists" means "ignored".
 * - `wms`, `3pl`: `POST /adjustments` with `delta` or `quantity`, and an `Idempotency-Key` on
 *   an idempotent link; a 200 replay or a 422 key reuse means "ignored".
 *
 * The mocks record every key they are given; the in-process transport only those that can
 * recur (a `ref`, or `keyMayRecur`). Generated keys never recur, so the results agree.
 *
 * The transport does not import `mocks/` (the simulation core does not depend on them): the
 * caller passes `serve`, which starts the mocks over the transport's state (in-process msw or
 * a real server) and returns how to stop them; or starts them itself and passes `baseUrl`.
 * No timers and no sleeping: time is the virtual clock.
 *
 * @example
 * const transport = new HttpTransport(incident, state, {
 *   serve: (state, clock) => {
 *     const mocks = createHandlers({ incident, state, clock, accessToken: 'drift-sim', appSecret: 'drift-sim' });
 *     const server = startMockServer(mocks.handlers);
 *     return { stop: () => { mocks.dispose(); stopMockServer(server); } };
 *   },
 * });
 * await transport.start();
 * await transport.deliver(message); // { applied: true, change: -3 }
 * await transport.stop();
 */
import type { Message } from '../sim/message.js';
import type { Incident, SystemKind } from '../sim/model.js';
import type { SystemState } from '../sim/state.js';
import type { DeliveryResult, Transport } from '../sim/transport.js';
import { scopedKey } from '../sim/transport.js';

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface VirtualClock {
  nowMs(): number;
}

export interface HttpTransportOptions {
  /** Where the mocks are mounted (`<baseUrl>/<system name>`); default `http://drift-sim.local`. */
  baseUrl?: string;
  /** Token the mocks expect (default `drift-sim`). */
  accessToken?: string;
  /** Shopify Admin API version used (default `2026-01`). */
  shopifyApiVersion?: string;
  /**
   * The virtual clock handed to `serve`. Default: the delivery time of the message being
   * delivered (the engine should pass its own clock, so that changes it makes between
   * deliveries are stamped with their own time).
   */
  clock?: VirtualClock;
  /** Starts the mocks for this transport's state; called by `start()`, undone by `stop()`. */
  serve?: (state: SystemState, clock: VirtualClock) => { stop(): void | Promise<void> } | Promise<{ stop(): void | Promise<void> }>;
  /** The fetch used, looked up at each call (default `globalThis.fetch`, which msw intercepts). */
  fetch?: () => FetchLike;
}

const SHOPIFY_LOOKUP = `query DriftSimFindItem($query: String!) {
  inventoryItems(first: 10, query: $query) { nodes { id sku } }
  locations(first: 1) { nodes { id } }
}`;

const SHOPIFY_ADJUST = (idempotent: boolean) => `mutation DriftSimAdjust($input: InventoryAdjustQuantitiesInput!${idempotent ? ', $key: String!' : ''}) {
  inventoryAdjustQuantities(input: $input)${idempotent ? ' @idempotent(key: $key)' : ''} {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}`;

const SHOPIFY_SET = (idempotent: boolean) => `mutation DriftSimSet($input: InventorySetQuantitiesInput!${idempotent ? ', $key: String!' : ''}) {
  inventorySetQuantities(input: $input)${idempotent ? ' @idempotent(key: $key)' : ''} {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}`;

interface ShopifyMutationResult {
  data?: Record<string, { inventoryAdjustmentGroup: { id: string } | null; userErrors: { field: string[] | null; message: string; code: string | null }[] } | null>;
  errors?: { message: string }[];
}

export class HttpTransport implements Transport {
  private readonly baseUrl: string;
  private readonly accessToken: string;
  private readonly shopifyVersion: string;
  private readonly fetchImpl: () => FetchLike;
  private currentMs: number;
  readonly clock: VirtualClock;
  private served: { stop(): void | Promise<void> } | undefined;
  /** Per target system: SKU index to the id the target API knows it by. */
  private readonly itemIds = new Map<string, string>();
  private readonly shopifyLocations = new Map<number, string>();
  /** Shopify adjustment groups seen per system: a group seen again is a replay. */
  private readonly shopifyGroups = new Map<number, Set<string>>();

  constructor(
    private readonly incident: Incident,
    private readonly state: SystemState,
    private readonly options: HttpTransportOptions = {},
  ) {
    this.baseUrl = (options.baseUrl ?? 'http://drift-sim.local').replace(/\/+$/, '');
    this.accessToken = options.accessToken ?? 'drift-sim';
    this.shopifyVersion = options.shopifyApiVersion ?? '2026-01';
    this.fetchImpl = options.fetch ?? (() => globalThis.fetch);
    this.currentMs = incident.window.startMs;
    this.clock = options.clock ?? { nowMs: () => this.currentMs };
  }

  async start(): Promise<void> {
    if (this.options.serve && !this.served) this.served = await this.options.serve(this.state, this.clock);
  }

  async stop(): Promise<void> {
    const served = this.served;
    this.served = undefined;
    await served?.stop();
  }

  async deliver(message: Message): Promise<DeliveryResult> {
    const link = this.incident.links[message.link]!;
    const target = link.to;
    this.currentMs = message.deliverMs;
    const key = link.idempotent ? scopedKey(this.incident, message) : undefined;
    const before = this.state.count(target, message.targetSku);
    const kind: SystemKind = this.incident.systems[target]!.kind;
    let applied: boolean;
    switch (kind) {
      case 'shopify':
        applied = await this.deliverShopify(target, message, key);
        break;
      case 'erp':
        applied = await this.deliverNetSuite(target, message, key);
        break;
      default:
        applied = await this.deliverWms(target, message, key);
    }
    return { applied, change: applied ? this.state.count(target, message.targetSku) - before : 0 };
  }

  private systemUrl(system: number): string {
    return `${this.baseUrl}/${encodeURIComponent(this.incident.systems[system]!.name)}`;
  }

  private skuName(sku: number): string {
    return this.incident.skus[sku]!.sku;
  }

  private async call(system: number, url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl()(url, init);
    } catch (error) {
      throw new Error(`http transport: ${init.method ?? 'GET'} ${url} for ${this.incident.systems[system]!.name} failed: ${String(error)}`);
    }
  }

  private async shopifyRequest<T>(system: number, query: string, variables: Record<string, unknown>): Promise<T> {
    const url = `${this.systemUrl(system)}/admin/api/${this.shopifyVersion}/graphql.json`;
    const response = await this.call(system, url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': this.accessToken },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`http transport: Shopify ${response.status} at ${url}: ${text}`);
    const body = JSON.parse(text) as T & { errors?: { message: string }[] };
    if (body.errors && body.errors.length > 0) throw new Error(`http transport: Shopify errors at ${url}: ${JSON.stringify(body.errors)}`);
    return body;
  }

  private async shopifyIds(system: number, sku: number): Promise<{ itemId: string; locationId: string }> {
    const cacheKey = `${system}:${sku}`;
    const cached = this.itemIds.get(cacheKey);
    const location = this.shopifyLocations.get(system);
    if (cached !== undefined && location !== undefined) return { itemId: cached, locationId: location };
    const name = this.skuName(sku);
    const result = await this.shopifyRequest<{ data: { inventoryItems: { nodes: { id: string; sku: string | null }[] }; locations: { nodes: { id: string }[] } } }>(
      system,
      SHOPIFY_LOOKUP,
      { query: `sku:"${name.replace(/["\\]/g, '\\$&')}"` },
    );
    const item = result.data.inventoryItems.nodes.find((node) => node.sku === name);
    const locationId = result.data.locations.nodes[0]?.id;
    if (!item || !locationId) throw new Error(`http transport: Shopify store ${this.incident.systems[system]!.name} has no item with SKU ${name}`);
    this.itemIds.set(cacheKey, item.id);
    this.shopifyLocations.set(system, locationId);
    return { itemId: item.id, locationId };
  }

  private async deliverShopify(system: number, message: Message, key: string | undefined): Promise<boolean> {
    const { itemId, locationId } = await this.shopifyIds(system, message.targetSku);
    const idempotent = key !== undefined;
    const snapshot = message.carries === 'snapshot';
    const input = snapshot
      ? { name: 'available', reason: 'correction', quantities: [{ inventoryItemId: itemId, locationId, quantity: message.value, changeFromQuantity: null }] }
      : { name: 'available', reason: 'correction', changes: [{ delta: message.value, inventoryItemId: itemId, locationId }] };
    const field = snapshot ? 'inventorySetQuantities' : 'inventoryAdjustQuantities';
    const result = await this.shopifyRequest<ShopifyMutationResult>(system, snapshot ? SHOPIFY_SET(idempotent) : SHOPIFY_ADJUST(idempotent), {
      input,
      ...(idempotent ? { key } : {}),
    });
    const payload = result.data?.[field];
    if (!payload) throw new Error(`http transport: Shopify returned no ${field} payload`);
    if (payload.userErrors.length > 0) {
      if (payload.userErrors.every((error) => error.code === 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH')) return false;
      throw new Error(`http transport: Shopify ${field} refused: ${JSON.stringify(payload.userErrors)}`);
    }
    const group = payload.inventoryAdjustmentGroup?.id;
    if (group === undefined) throw new Error(`http transport: Shopify ${field} returned no adjustment group`);
    let seen = this.shopifyGroups.get(system);
    if (!seen) this.shopifyGroups.set(system, (seen = new Set()));
    if (seen.has(group)) return false;
    seen.add(group);
    return true;
  }

  private async netsuiteQuery(system: number, q: string): Promise<Record<string, string>[]> {
    const url = `${this.systemUrl(system)}/services/rest/query/v1/suiteql`;
    const response = await this.call(system, url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.accessToken}`, Prefer: 'transient' },
      body: JSON.stringify({ q }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`http transport: NetSuite SuiteQL ${response.status}: ${text}`);
    return (JSON.parse(text) as { items: Record<string, string>[] }).items;
  }

  private async deliverNetSuite(system: number, message: Message, key: string | undefined): Promise<boolean> {
    const name = this.skuName(message.targetSku);
    const literal = `'${name.replace(/'/g, "''")}'`;
    const cacheKey = `${system}:${message.targetSku}`;
    let itemId = this.itemIds.get(cacheKey);
    let adjustBy = message.value;
    if (message.carries === 'snapshot' || itemId === undefined) {
      const rows = await this.netsuiteQuery(
        system,
        `SELECT item.id, inventoryitemlocations.quantityavailable FROM item ` +
          `JOIN inventoryitemlocations ON inventoryitemlocations.item = item.id ` +
          `WHERE item.itemid = ${literal} AND inventoryitemlocations.location = 1`,
      );
      const row = rows[0];
      if (!row?.id) throw new Error(`http transport: NetSuite account ${this.incident.systems[system]!.name} has no item ${name}`);
      itemId = row.id;
      this.itemIds.set(cacheKey, itemId);
      if (message.carries === 'snapshot') adjustBy = message.value - Number(row.quantityavailable ?? 0);
    }
    const url = `${this.systemUrl(system)}/services/rest/record/v1/inventoryAdjustment`;
    const response = await this.call(system, url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.accessToken}` },
      body: JSON.stringify({
        ...(key !== undefined ? { externalId: key } : {}),
        account: { id: '1' },
        subsidiary: { id: '1' },
        memo: `drift-sim ${this.incident.links[message.link]!.name}`,
        inventory: { items: [{ item: { id: itemId }, location: { id: '1' }, adjustQtyBy: adjustBy }] },
      }),
    });
    if (response.status === 204) return true;
    const text = await response.text();
    if (response.status === 400 && key !== undefined && text.includes('This record already exists')) return false;
    throw new Error(`http transport: NetSuite inventoryAdjustment ${response.status}: ${text}`);
  }

  private async deliverWms(system: number, message: Message, key: string | undefined): Promise<boolean> {
    const url = `${this.systemUrl(system)}/adjustments`;
    const body = {
      sku: this.skuName(message.targetSku),
      ...(message.carries === 'snapshot' ? { quantity: message.value } : { delta: message.value }),
      reason: message.type,
      ...(message.ref !== undefined ? { ref: message.ref } : {}),
    };
    const response = await this.call(system, url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${this.accessToken}`,
        ...(key !== undefined ? { 'Idempotency-Key': key } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status === 201) return true;
    if (response.status === 200 && response.headers.get('Idempotent-Replayed') === 'true') return false;
    if (response.status === 422 && key !== undefined) return false;
    throw new Error(`http transport: WMS adjustment ${response.status}: ${text}`);
  }
}
