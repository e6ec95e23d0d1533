/**
 * The GraphQL source objects of one simulated store: its location, inventory items, levels and
 * quantities, built on demand from `SystemState` so they always show the current counts.
 *
 * graphql-js's default field resolver calls a function-valued property with the field's
 * arguments, which is how fields with arguments (`quantities(names:)`, `inventoryLevel(...)`)
 * are served without a resolver map.
 *
 * Every count is one number per (system, SKU): `available` and `on_hand` both show it, and the
 * states the simulation does not model (`committed`, `reserved`, `incoming`, `damaged`,
 * `safety_stock`, `quality_control`) are 0, so `on_hand = available + committed` holds.
 *
 * @example
 * const objects = new InventoryObjects(context, 2, updatedAt);
 * objects.level(0).quantities({ names: ['available'] }); // [{ name: 'available', quantity: 88, ... }]
 */
import { GraphQLError } from 'graphql';
import type { MockContext } from '../context.js';
import { formatTime } from '../../src/sim/time.js';
import {
  LOCATION_LEGACY_ID,
  inventoryItemGid,
  inventoryItemLegacyId,
  inventoryLevelGid,
  inventoryQuantityGid,
  isLocationGid,
  locationGid,
  skuOfItemGid,
} from './ids.js';
import type { PageArgs } from './pagination.js';
import { paginate } from './pagination.js';
import { matchesSearch, parseSearchQuery } from './search-query.js';

/** Quantity names Shopify defines; the first two hold the simulated count, the rest are 0. */
export const QUANTITY_NAMES = ['available', 'on_hand', 'committed', 'incoming', 'reserved', 'damaged', 'safety_stock', 'quality_control'];
export const COUNTED_NAMES: ReadonlySet<string> = new Set(['available', 'on_hand']);

export class InventoryObjects {
  constructor(
    private readonly context: MockContext,
    private readonly system: number,
    /** Last change time per SKU at this system (window start before any change). */
    private readonly updatedAtMs: Float64Array,
  ) {}

  get skuCount(): number {
    return this.context.incident.skus.length;
  }

  shopName(): string {
    return this.context.incident.systems[this.system]!.name;
  }

  quantity(sku: number, name: string): number {
    if (COUNTED_NAMES.has(name)) return this.context.state.count(this.system, sku);
    if (QUANTITY_NAMES.includes(name)) return 0;
    throw new GraphQLError(`Invalid quantity name: ${name}. Valid names: ${QUANTITY_NAMES.join(', ')}.`, {
      extensions: { code: 'BAD_REQUEST' },
    });
  }

  location() {
    return {
      __typename: 'Location',
      id: locationGid(),
      legacyResourceId: String(LOCATION_LEGACY_ID),
      name: this.shopName(),
      isActive: true,
      inventoryLevel: ({ inventoryItemId }: { inventoryItemId: string }) => {
        const sku = skuOfItemGid(inventoryItemId, this.skuCount);
        return sku === undefined ? null : this.level(sku);
      },
      inventoryLevels: (args: PageArgs) => paginate(this.allSkus().map((sku) => this.level(sku)), args),
    };
  }

  locations(args: PageArgs & { query?: string | null }) {
    return paginate([this.location()], args);
  }

  item(sku: number) {
    const windowStart = formatTime(this.context.incident.window.startMs);
    return {
      __typename: 'InventoryItem',
      id: inventoryItemGid(sku),
      legacyResourceId: String(inventoryItemLegacyId(sku)),
      sku: this.context.incident.skus[sku]!.sku,
      tracked: true,
      createdAt: windowStart,
      updatedAt: formatTime(this.updatedAtMs[sku]!),
      inventoryLevel: ({ locationId }: { locationId: string }) => (isLocationGid(locationId) ? this.level(sku) : null),
      inventoryLevels: (args: PageArgs) => paginate([this.level(sku)], args),
    };
  }

  /** `inventoryItems(query:)` filters on `sku` and `id` (the numeric id). */
  items(args: PageArgs & { query?: string | null }) {
    const query = parseSearchQuery(args.query);
    const skus = this.allSkus().filter((sku) =>
      matchesSearch(query, { sku: this.context.incident.skus[sku]!.sku, id: String(inventoryItemLegacyId(sku)) }),
    );
    return paginate(
      skus.map((sku) => this.item(sku)),
      args,
    );
  }

  level(sku: number) {
    const updatedAt = formatTime(this.updatedAtMs[sku]!);
    return {
      __typename: 'InventoryLevel',
      id: inventoryLevelGid(sku),
      item: () => this.item(sku),
      location: () => this.location(),
      quantities: ({ names }: { names: string[] }) =>
        names.map((name) => ({ id: inventoryQuantityGid(sku, name), name, quantity: this.quantity(sku, name), updatedAt })),
      canDeactivate: false,
      createdAt: formatTime(this.context.incident.window.startMs),
      updatedAt,
    };
  }

  private allSkus(): number[] {
    return Array.from({ length: this.skuCount }, (_, index) => index);
  }
}
