/**
 * Webhook subscriptions of one simulated store, and the `inventory_levels/update` deliveries
 * they receive on every count change at that store.
 *
 * A delivery is a JSON POST with Shopify's headers: `X-Shopify-Topic`,
 * `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body keyed with the app secret),
 * `X-Shopify-Shop-Domain`, `X-Shopify-API-Version` (the version the subscription was created
 * with), `X-Shopify-Webhook-Id` (one per delivery), `X-Shopify-Event-Id` (one per change,
 * shared by the deliveries it causes) and `X-Shopify-Triggered-At` (the virtual time of the
 * change). Ids come from counters, so runs repeat exactly. The payload has the REST shape of
 * an inventory level (`inventory_item_id`, `location_id`, `available`, `updated_at`,
 * `admin_graphql_api_id`), filtered by `includeFields` when the subscription set it.
 *
 * Deviations, for local testing: `http://` callbacks are accepted (Shopify requires HTTPS);
 * only JSON format is delivered; Shopify's retries of failed deliveries are not simulated.
 *
 * @example
 * subscriptions.create('INVENTORY_LEVELS_UPDATE', { uri: 'http://hooks.test/inventory' }, '2026-01');
 * // every later change at this store POSTs to http://hooks.test/inventory
 */
import type { MockContext } from '../context.js';
import type { CountChange } from '../../src/sim/state.js';
import { formatTime } from '../../src/sim/time.js';
import { deterministicUuid } from '../shared/deterministic-id.js';
import { HmacSigner } from '../shared/hmac.js';
import type { WebhookSender } from '../shared/webhook-sender.js';
import { LOCATION_LEGACY_ID, inventoryItemLegacyId, inventoryLevelGid } from './ids.js';
import type { PageArgs } from './pagination.js';
import { paginate } from './pagination.js';

export interface SubscriptionInput {
  callbackUrl?: string | null;
  uri?: string | null;
  format?: string | null;
  includeFields?: string[] | null;
  filter?: string | null;
}

interface Subscription {
  id: number;
  topic: string;
  address: string;
  includeFields: string[];
  filter: string | null;
  apiVersion: string;
  createdAtMs: number;
}

/** Topic enum value to the header form (`INVENTORY_LEVELS_UPDATE` to `inventory_levels/update`). */
export function topicHeader(topic: string): string {
  const parts = topic.toLowerCase().split('_');
  const action = parts.pop()!;
  return `${parts.join('_')}/${action}`;
}

/** The `*.myshopify.com` domain of a store named after its system. */
export function shopDomain(systemName: string): string {
  const handle = systemName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'store';
  return `${handle}.myshopify.com`;
}

export class WebhookSubscriptions {
  private readonly subscriptions: Subscription[] = [];
  private subscriptionCount = 0;
  private deliveryCount = 0;
  private eventCount = 0;
  private readonly signer: HmacSigner;

  constructor(
    private readonly context: MockContext,
    private readonly system: number,
    private readonly sender: WebhookSender,
  ) {
    this.signer = new HmacSigner(context.appSecret);
  }

  create(topic: string, input: SubscriptionInput, apiVersion: string) {
    const address = input.uri ?? input.callbackUrl ?? '';
    const field = input.uri !== undefined && input.uri !== null ? 'uri' : 'callbackUrl';
    if (!isHttpAddress(address)) {
      return { webhookSubscription: null, userErrors: [{ field: ['webhookSubscription', field], message: 'Address is invalid' }] };
    }
    if ((input.format ?? 'JSON') !== 'JSON') {
      return { webhookSubscription: null, userErrors: [{ field: ['webhookSubscription', 'format'], message: 'Format XML is not served by drift-sim' }] };
    }
    if (this.subscriptions.some((existing) => existing.topic === topic && existing.address === address)) {
      return { webhookSubscription: null, userErrors: [{ field: ['webhookSubscription', field], message: 'Address for this topic has already been taken' }] };
    }
    this.subscriptionCount++;
    const subscription: Subscription = {
      id: this.subscriptionCount,
      topic,
      address,
      includeFields: input.includeFields ?? [],
      filter: input.filter ?? null,
      apiVersion,
      createdAtMs: this.context.clock.nowMs(),
    };
    this.subscriptions.push(subscription);
    return { webhookSubscription: this.source(subscription), userErrors: [] };
  }

  delete(id: string) {
    const match = /^gid:\/\/shopify\/WebhookSubscription\/(\d+)$/.exec(id);
    const index = match ? this.subscriptions.findIndex((subscription) => subscription.id === Number(match[1])) : -1;
    if (index < 0) return { deletedWebhookSubscriptionId: null, userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }] };
    this.subscriptions.splice(index, 1);
    return { deletedWebhookSubscriptionId: id, userErrors: [] };
  }

  list(args: PageArgs & { topics?: string[] | null }) {
    const chosen = this.subscriptions.filter((subscription) => !args.topics || args.topics.includes(subscription.topic));
    return paginate(
      chosen.map((subscription) => this.source(subscription)),
      args,
    );
  }

  /** Queues one delivery per `INVENTORY_LEVELS_UPDATE` subscription for a change at this store. */
  onChange(change: CountChange): void {
    const targets = this.subscriptions.filter((subscription) => subscription.topic === 'INVENTORY_LEVELS_UPDATE');
    if (targets.length === 0) return;
    // Everything about the moment of the change is captured now; the sends run later.
    const triggeredAtMs = this.context.clock.nowMs();
    this.eventCount++;
    const eventId = deterministicUuid(0x10000 + this.system, this.eventCount);
    const payload: Record<string, unknown> = {
      inventory_item_id: inventoryItemLegacyId(change.sku),
      location_id: LOCATION_LEGACY_ID,
      available: change.after,
      updated_at: formatTime(triggeredAtMs),
      admin_graphql_api_id: inventoryLevelGid(change.sku),
    };
    const domain = shopDomain(this.context.incident.systems[this.system]!.name);
    for (const subscription of targets) {
      this.deliveryCount++;
      const webhookId = deterministicUuid(this.system, this.deliveryCount);
      const body = JSON.stringify(
        subscription.includeFields.length > 0
          ? Object.fromEntries(Object.entries(payload).filter(([name]) => subscription.includeFields.includes(name)))
          : payload,
      );
      this.sender.enqueue(async () => ({
        url: subscription.address,
        init: {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-Shopify-Topic': topicHeader(subscription.topic),
            'X-Shopify-Hmac-Sha256': await this.signer.base64(body),
            'X-Shopify-Shop-Domain': domain,
            'X-Shopify-API-Version': subscription.apiVersion,
            'X-Shopify-Webhook-Id': webhookId,
            'X-Shopify-Event-Id': eventId,
            'X-Shopify-Triggered-At': new Date(triggeredAtMs).toISOString(),
          },
          body,
        },
      }));
    }
  }

  get hasSubscriptions(): boolean {
    return this.subscriptions.length > 0;
  }

  private source(subscription: Subscription) {
    return {
      id: `gid://shopify/WebhookSubscription/${subscription.id}`,
      topic: subscription.topic,
      format: 'JSON',
      uri: subscription.address,
      endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: subscription.address },
      includeFields: subscription.includeFields,
      filter: subscription.filter,
      apiVersion: { handle: subscription.apiVersion, displayName: subscription.apiVersion, supported: true },
      createdAt: formatTime(subscription.createdAtMs),
      updatedAt: formatTime(subscription.createdAtMs),
    };
  }
}

function isHttpAddress(address: string): boolean {
  try {
    const url = new URL(address);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
