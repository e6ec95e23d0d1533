/**
 * The subset of Shopify's Admin GraphQL schema (2026-01) the mock serves: shop, locations,
 * inventory items, levels and quantities, the two inventory mutations, and webhook
 * subscriptions. Types, fields, arguments and enum values carry Shopify's names, so a query
 * written for the real API validates here unchanged as long as it stays inside the subset.
 *
 * Sources: shopify.dev Admin GraphQL reference (2026-01) for `InventoryQuantityInput`,
 * `InventoryChangeInput`, the `…UserErrorCode` enums and `@idempotent`; the changelogs
 * "compare-and-swap-redesign-for-inventory-set-quantities" and
 * "adding-idempotency-for-inventory-adjustments-and-refund-mutations".
 *
 * @example
 * import { graphql } from 'graphql';
 * const result = await graphql({ schema: shopifySchema(), source: '{ shop { name } }', rootValue });
 */
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'graphql';

const SDL = /* GraphQL */ `
  "Makes a mutation idempotent: a retry with the same key returns the first result and applies nothing."
  directive @idempotent(key: String!) on FIELD

  scalar DateTime
  scalar URL
  scalar UnsignedInt64

  type Query {
    shop: Shop!
    location(id: ID): Location
    locations(first: Int, after: String, last: Int, before: String, query: String, reverse: Boolean = false): LocationConnection!
    inventoryItem(id: ID!): InventoryItem
    inventoryItems(first: Int, after: String, last: Int, before: String, query: String, reverse: Boolean = false): InventoryItemConnection!
    inventoryLevel(id: ID!): InventoryLevel
    webhookSubscriptions(first: Int, after: String, last: Int, before: String, topics: [WebhookSubscriptionTopic!]): WebhookSubscriptionConnection!
  }

  type Mutation {
    inventoryAdjustQuantities(input: InventoryAdjustQuantitiesInput!): InventoryAdjustQuantitiesPayload
    inventorySetQuantities(input: InventorySetQuantitiesInput!): InventorySetQuantitiesPayload
    webhookSubscriptionCreate(topic: WebhookSubscriptionTopic!, webhookSubscription: WebhookSubscriptionInput!): WebhookSubscriptionCreatePayload
    webhookSubscriptionDelete(id: ID!): WebhookSubscriptionDeletePayload
  }

  type Shop {
    id: ID!
    name: String!
    myshopifyDomain: String!
  }

  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type Location {
    id: ID!
    legacyResourceId: UnsignedInt64!
    name: String!
    isActive: Boolean!
    inventoryLevel(inventoryItemId: ID!): InventoryLevel
    inventoryLevels(first: Int, after: String, last: Int, before: String, query: String, reverse: Boolean = false): InventoryLevelConnection!
  }
  type LocationEdge {
    cursor: String!
    node: Location!
  }
  type LocationConnection {
    edges: [LocationEdge!]!
    nodes: [Location!]!
    pageInfo: PageInfo!
  }

  type InventoryItem {
    id: ID!
    legacyResourceId: UnsignedInt64!
    sku: String
    tracked: Boolean!
    createdAt: DateTime!
    updatedAt: DateTime!
    inventoryLevel(locationId: ID!): InventoryLevel
    inventoryLevels(first: Int, after: String, last: Int, before: String, query: String, reverse: Boolean = false): InventoryLevelConnection!
  }
  type InventoryItemEdge {
    cursor: String!
    node: InventoryItem!
  }
  type InventoryItemConnection {
    edges: [InventoryItemEdge!]!
    nodes: [InventoryItem!]!
    pageInfo: PageInfo!
  }

  type InventoryLevel {
    id: ID!
    item: InventoryItem!
    location: Location!
    quantities(names: [String!]!): [InventoryQuantity!]!
    canDeactivate: Boolean!
    createdAt: DateTime!
    updatedAt: DateTime!
  }
  type InventoryLevelEdge {
    cursor: String!
    node: InventoryLevel!
  }
  type InventoryLevelConnection {
    edges: [InventoryLevelEdge!]!
    nodes: [InventoryLevel!]!
    pageInfo: PageInfo!
  }

  type InventoryQuantity {
    id: ID!
    name: String!
    quantity: Int!
    updatedAt: DateTime
  }

  input InventoryAdjustQuantitiesInput {
    reason: String!
    name: String!
    referenceDocumentUri: String
    changes: [InventoryChangeInput!]!
  }
  input InventoryChangeInput {
    delta: Int!
    inventoryItemId: ID!
    locationId: ID!
    ledgerDocumentUri: String
    changeFromQuantity: Int
  }
  input InventorySetQuantitiesInput {
    reason: String!
    name: String!
    referenceDocumentUri: String
    quantities: [InventoryQuantityInput!]!
    ignoreCompareQuantity: Boolean = false
  }
  input InventoryQuantityInput {
    inventoryItemId: ID!
    locationId: ID!
    quantity: Int!
    compareQuantity: Int
    changeFromQuantity: Int
  }

  type InventoryAdjustmentGroup {
    id: ID!
    createdAt: DateTime!
    reason: String!
    referenceDocumentUri: String
    changes(inventoryItemIds: [ID!], locationIds: [ID!], quantityNames: [String!]): [InventoryChange!]!
  }
  type InventoryChange {
    name: String!
    delta: Int!
    quantityAfterChange: Int
    item: InventoryItem
    location: Location
    ledgerDocumentUri: String
  }

  type InventoryAdjustQuantitiesPayload {
    inventoryAdjustmentGroup: InventoryAdjustmentGroup
    userErrors: [InventoryAdjustQuantitiesUserError!]!
  }
  type InventoryAdjustQuantitiesUserError {
    code: InventoryAdjustQuantitiesUserErrorCode
    field: [String!]
    message: String!
  }
  enum InventoryAdjustQuantitiesUserErrorCode {
    ADJUST_QUANTITIES_FAILED
    CHANGE_FROM_QUANTITY_STALE
    IDEMPOTENCY_CONCURRENT_REQUEST
    IDEMPOTENCY_KEY_PARAMETER_MISMATCH
    INTERNAL_LEDGER_DOCUMENT
    INVALID_AVAILABLE_DOCUMENT
    INVALID_INVENTORY_ITEM
    INVALID_LEDGER_DOCUMENT
    INVALID_LOCATION
    INVALID_QUANTITY_DOCUMENT
    INVALID_QUANTITY_NAME
    INVALID_QUANTITY_TOO_HIGH
    INVALID_QUANTITY_TOO_LOW
    INVALID_REASON
    INVALID_REFERENCE_DOCUMENT
    ITEM_NOT_STOCKED_AT_LOCATION
    MAX_ONE_LEDGER_DOCUMENT
    NON_MUTABLE_INVENTORY_ITEM
  }

  type InventorySetQuantitiesPayload {
    inventoryAdjustmentGroup: InventoryAdjustmentGroup
    userErrors: [InventorySetQuantitiesUserError!]!
  }
  type InventorySetQuantitiesUserError {
    code: InventorySetQuantitiesUserErrorCode
    field: [String!]
    message: String!
  }
  enum InventorySetQuantitiesUserErrorCode {
    CHANGE_FROM_QUANTITY_STALE
    COMPARE_QUANTITY_REQUIRED
    COMPARE_QUANTITY_STALE
    IDEMPOTENCY_CONCURRENT_REQUEST
    IDEMPOTENCY_KEY_PARAMETER_MISMATCH
    INVALID_INVENTORY_ITEM
    INVALID_LOCATION
    INVALID_NAME
    INVALID_QUANTITY_NEGATIVE
    INVALID_QUANTITY_TOO_HIGH
    INVALID_QUANTITY_TOO_LOW
    INVALID_REASON
    INVALID_REFERENCE_DOCUMENT
    ITEM_NOT_STOCKED_AT_LOCATION
    NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR
    NON_MUTABLE_INVENTORY_ITEM
  }

  enum WebhookSubscriptionTopic {
    INVENTORY_ITEMS_CREATE
    INVENTORY_ITEMS_DELETE
    INVENTORY_ITEMS_UPDATE
    INVENTORY_LEVELS_CONNECT
    INVENTORY_LEVELS_DISCONNECT
    INVENTORY_LEVELS_UPDATE
  }
  enum WebhookSubscriptionFormat {
    JSON
    XML
  }
  input WebhookSubscriptionInput {
    callbackUrl: URL
    uri: String
    format: WebhookSubscriptionFormat
    includeFields: [String!]
    metafieldNamespaces: [String!]
    filter: String
  }
  type ApiVersion {
    handle: String!
    displayName: String!
    supported: Boolean!
  }
  type WebhookHttpEndpoint {
    callbackUrl: URL!
  }
  union WebhookSubscriptionEndpoint = WebhookHttpEndpoint
  type WebhookSubscription {
    id: ID!
    topic: WebhookSubscriptionTopic!
    format: WebhookSubscriptionFormat!
    uri: String!
    endpoint: WebhookSubscriptionEndpoint!
    includeFields: [String!]!
    filter: String
    apiVersion: ApiVersion!
    createdAt: DateTime!
    updatedAt: DateTime!
  }
  type WebhookSubscriptionEdge {
    cursor: String!
    node: WebhookSubscription!
  }
  type WebhookSubscriptionConnection {
    edges: [WebhookSubscriptionEdge!]!
    nodes: [WebhookSubscription!]!
    pageInfo: PageInfo!
  }
  type UserError {
    field: [String!]
    message: String!
  }
  type WebhookSubscriptionCreatePayload {
    webhookSubscription: WebhookSubscription
    userErrors: [UserError!]!
  }
  type WebhookSubscriptionDeletePayload {
    deletedWebhookSubscriptionId: ID
    userErrors: [UserError!]!
  }
`;

let cached: GraphQLSchema | undefined;

/** The schema, built once per process (building it costs a few milliseconds). */
export function shopifySchema(): GraphQLSchema {
  cached ??= buildSchema(SDL);
  return cached;
}
