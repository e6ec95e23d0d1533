/**
 * The root fields of the Shopify mock: queries read through `InventoryObjects`, inventory
 * mutations go through `IdempotencyStore` when the request carries `@idempotent(key:)`, and
 * webhook subscriptions through `WebhookSubscriptions`.
 *
 * @example
 * const rootValue = createRootValue({ objects, mutations, idempotency, subscriptions, domain });
 * await execute({ schema: shopifySchema(), document, rootValue, contextValue: { version: '2026-01' } });
 */
import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLError, getDirectiveValues } from 'graphql';
import { requiresIdempotency } from './api-version.js';
import { isLocationGid, skuOfItemGid, skuOfLevelGid } from './ids.js';
import type { IdempotencyStore } from './idempotency-store.js';
import type { InventoryObjects } from './inventory-objects.js';
import type { AdjustInput, InventoryMutations, MutationOutcome, SetInput } from './inventory-mutations.js';
import type { PageArgs } from './pagination.js';
import type { SubscriptionInput, WebhookSubscriptions } from './webhook-subscriptions.js';

/** Per-request context handed to resolvers. */
export interface ShopifyRequestContext {
  version: string;
}

export interface ShopifyParts {
  objects: InventoryObjects;
  mutations: InventoryMutations;
  idempotency: IdempotencyStore;
  subscriptions: WebhookSubscriptions;
  domain: string;
}

export function createRootValue(parts: ShopifyParts) {
  const { objects, mutations, idempotency, subscriptions } = parts;

  /** Runs an inventory mutation once per idempotency key (when the request gave one). */
  function guarded(
    operation: string,
    parameters: unknown,
    context: ShopifyRequestContext,
    info: GraphQLResolveInfo,
    execute: () => MutationOutcome,
  ): MutationOutcome {
    const directive = info.schema.getDirective('idempotent')!;
    const values = getDirectiveValues(directive, info.fieldNodes[0]!, info.variableValues) as { key?: string } | undefined;
    if (values?.key === undefined) {
      if (requiresIdempotency(context.version)) {
        throw new GraphQLError(`The @idempotent directive is required for ${operation} as of API version 2026-04.`, {
          extensions: { code: 'BAD_REQUEST' },
        });
      }
      return execute();
    }
    return idempotency.run(operation, values.key, parameters, execute);
  }

  return {
    shop: () => ({ id: 'gid://shopify/Shop/1', name: objects.shopName(), myshopifyDomain: parts.domain }),
    location: (args: { id?: string | null }) => (args.id === undefined || args.id === null || isLocationGid(args.id) ? objects.location() : null),
    locations: (args: PageArgs & { query?: string | null }) => objects.locations(args),
    inventoryItem: (args: { id: string }) => {
      const sku = skuOfItemGid(args.id, objects.skuCount);
      return sku === undefined ? null : objects.item(sku);
    },
    inventoryItems: (args: PageArgs & { query?: string | null }) => objects.items(args),
    inventoryLevel: (args: { id: string }) => {
      const sku = skuOfLevelGid(args.id, objects.skuCount);
      return sku === undefined ? null : objects.level(sku);
    },
    webhookSubscriptions: (args: PageArgs & { topics?: string[] | null }) => subscriptions.list(args),

    inventoryAdjustQuantities: (args: { input: AdjustInput }, context: ShopifyRequestContext, info: GraphQLResolveInfo) =>
      mutations.payload(guarded('inventoryAdjustQuantities', args.input, context, info, () => mutations.adjust(args.input, context.version))),
    inventorySetQuantities: (args: { input: SetInput }, context: ShopifyRequestContext, info: GraphQLResolveInfo) =>
      mutations.payload(guarded('inventorySetQuantities', args.input, context, info, () => mutations.set(args.input, context.version))),
    webhookSubscriptionCreate: (args: { topic: string; webhookSubscription: SubscriptionInput }, context: ShopifyRequestContext) =>
      subscriptions.create(args.topic, args.webhookSubscription, context.version),
    webhookSubscriptionDelete: (args: { id: string }) => subscriptions.delete(args.id),
  };
}
