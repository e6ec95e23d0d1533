/**
 * Shopify global ids (`gid://shopify/<Type>/<id>`) for the simulated store, and their numeric
 * REST ids. Every Shopify system is a store with one location (`Location/1`); SKU number `i`
 * in the incident's code-point-sorted table is `InventoryItem/<i + 1>`. The ids are plain
 * functions of the incident, so a client, the http transport and a test can compute them.
 *
 * @example
 * inventoryItemGid(0);          // 'gid://shopify/InventoryItem/1'
 * parseGid('gid://shopify/InventoryItem/3', 'InventoryItem'); // 3
 */
export const LOCATION_LEGACY_ID = 1;

export function locationGid(): string {
  return `gid://shopify/Location/${LOCATION_LEGACY_ID}`;
}

/** The item id of SKU index `sku`. */
export function inventoryItemLegacyId(sku: number): number {
  return sku + 1;
}

export function inventoryItemGid(sku: number): string {
  return `gid://shopify/InventoryItem/${inventoryItemLegacyId(sku)}`;
}

/** Shopify's inventory level id joins the location and the item. */
export function inventoryLevelGid(sku: number): string {
  return `gid://shopify/InventoryLevel/${LOCATION_LEGACY_ID}?inventory_item_id=${inventoryItemLegacyId(sku)}`;
}

export function inventoryQuantityGid(sku: number, name: string): string {
  return `gid://shopify/InventoryQuantity/${LOCATION_LEGACY_ID}?inventory_item_id=${inventoryItemLegacyId(sku)}&name=${name}`;
}

/**
 * The numeric id of a gid of `type`, or undefined when `gid` is not one. Query parameters
 * after the id (inventory levels have one) are returned separately by `parseLevelGid`.
 */
export function parseGid(gid: string, type: string): number | undefined {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(gid);
  if (!match || match[1] !== type) return undefined;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) ? id : undefined;
}

/** The SKU index of an item gid, or undefined when it names no item of `skuCount`. */
export function skuOfItemGid(gid: string, skuCount: number): number | undefined {
  const id = parseGid(gid, 'InventoryItem');
  return id !== undefined && id >= 1 && id <= skuCount ? id - 1 : undefined;
}

/** The SKU index of an inventory level gid at the one location, or undefined. */
export function skuOfLevelGid(gid: string, skuCount: number): number | undefined {
  const match = /^gid:\/\/shopify\/InventoryLevel\/(\d+)\?inventory_item_id=(\d+)$/.exec(gid);
  if (!match || Number(match[1]) !== LOCATION_LEGACY_ID) return undefined;
  const id = Number(match[2]);
  return id >= 1 && id <= skuCount ? id - 1 : undefined;
}

export function isLocationGid(gid: string): boolean {
  return parseGid(gid, 'Location') === LOCATION_LEGACY_ID;
}
