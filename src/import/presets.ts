/**
 * The presets `import` knows, by name, in the order the documentation lists them.
 */
import { counts } from './counts.js';
import { logs } from './logs.js';
import { netsuiteTransactions } from './netsuite-transactions.js';
import type { Preset } from './preset.js';
import { shopifyInventory } from './shopify-inventory.js';
import { shopifyOrders } from './shopify-orders.js';
import { shopifyWebhooks } from './shopify-webhooks.js';
import { wmsTransactions } from './wms-transactions.js';

export const PRESETS: readonly Preset[] = [wmsTransactions, shopifyOrders, shopifyInventory, shopifyWebhooks, netsuiteTransactions, counts, logs];

/**
 * @example
 * presetNamed('shopify-orders')?.formats; // ['csv']
 */
export function presetNamed(name: string): Preset | undefined {
  return PRESETS.find((preset) => preset.name === name);
}
