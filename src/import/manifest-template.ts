/**
 * The commented manifest `drift-sim import --init` writes: every key with what it means,
 * one source of each preset, ready to edit.
 */
import { PRESETS } from './presets.js';

/**
 * @example
 * await writeFile('import.yaml', manifestTemplate());
 */
export function manifestTemplate(): string {
  return `# drift-sim import manifest: how this shop's exports become an incident.
# Run: drift-sim import import.yaml --out incident.yaml && drift-sim gate2 incident.yaml
# Every key but \`sources\` is the incident format's own, copied into the incident as written.

name: weekend-oversell                 # [a-z0-9-]+
timezone: America/Chicago              # zone of exports whose times carry none (a source may say its own)
window: {start: '2026-03-06T00:00:00-06:00', end: '2026-03-10T00:00:00-06:00'}   # optional; rows outside it are left out
systems: {wms: {kind: wms}, erp: {kind: erp}, storefront: {kind: shopify}}
links:                                 # exactly as in an incident file
  - {from: wms, to: erp, mode: batch, every: 15m, carries: snapshot}
  - {from: erp, to: storefront, mode: event, carries: delta, latency: 3s}
initial:                               # counts at the window's start (or a snapshot source with initial: true)
  TEE-CLASSIC-BLK-M: 120
# tolerance: 0                         # largest difference still counted as a match

sources:                               # read in this order; docs/import.md describes each preset
${PRESETS.map((preset) => `  # ${preset.name}: ${preset.summary}`).join('\n')}
  - {preset: wms-transactions, system: wms, file: wms_history.csv}
  - {preset: shopify-orders, system: storefront, file: orders_export.csv}
  - {preset: shopify-inventory, system: storefront, file: inventory_export_1.csv, at: '2026-03-07T09:00:00-06:00', location: Main Warehouse}
  # - {preset: shopify-webhooks, system: storefront, file: webhooks.ndjson, items: shopify_items.csv}
  # - {preset: netsuite-transactions, system: erp, file: netsuite_search.csv, syncUsers: [Celigo Integration]}
  - {preset: counts, file: spot_checks.csv}   # at,sku,system,count; several sources merge by time and SKU
  - {preset: logs, file: middleware.ndjson}
`;
}
