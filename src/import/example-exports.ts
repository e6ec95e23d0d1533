/**
 * Sample exports: a scenario run and written out the way each vendor would export what
 * happened, plus the manifest that imports them (`drift-sim import --example DIR`).
 *
 * The scenario is simulated with its faults and sampled (`emitIncident`); its movements go
 * to each system's own export (a WMS transaction history, Shopify's orders export, a
 * NetSuite saved search), its sampled counts to spot checks, Shopify inventory webhooks and
 * Shopify's inventory export, its logs to a middleware log. What the integration wrote into
 * NetSuite during the run appears in the saved search as records of the integration's user,
 * as in a real account. A seeded faker makes the catalog (product titles, variant options),
 * customers, prices, people and locations, so the same scenario and seed give the same bytes.
 *
 * Importing the files gives back the emitted incident's movements and observations exactly
 * (its tests hold it to that), so Gate 2 answers the same on both.
 */
import { Faker, en } from '@faker-js/faker';
import { DateTime } from 'luxon';
import { Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { incidentToYaml } from '../io/write-incident.js';
import { InputError } from '../io/problems.js';
import { emitIncident } from '../sim/emit-incident.js';
import { Simulation } from '../sim/engine.js';
import { LogStore } from '../sim/log-store.js';
import type { Incident, Movement } from '../sim/model.js';
import { ObservationStore } from '../sim/observation-store.js';
import { formatTime, parseTime } from '../sim/time.js';

/** How the example is made. */
export interface ExampleOptions {
  /** Observations every this often (a sample of every SKU in every system). */
  observeMs: number;
  /** Seed of the faker catalog. */
  seed?: number;
  /** The zone the warehouse, the shop and NetSuite write local times in. */
  localZone?: string;
  /** The input is an incident as recorded (observations, no faults): export it as it is, without simulating. */
  recorded?: boolean;
}

/** The files of an example (name -> content) and the incident they stand for. */
export interface ExampleExports {
  files: Map<string, string>;
  /** The incident the field would have recorded (what importing the files gives back). */
  incident: Incident;
}

/** The user NetSuite shows on records the integration created. */
export const SYNC_USER = 'Celigo Integration';
export const MANIFEST_NAME = 'import.yaml';
const STORE_LOCATION = 'Main Warehouse';
const SIZES = ['XS', 'S', 'M', 'L', 'XL'] as const;

interface CatalogEntry {
  handle: string;
  title: string;
  color: string;
  size: string;
  price: string;
  itemId: number;
}

/**
 * Runs a scenario and writes what each system would have exported.
 *
 * @throws InputError when the scenario has a movement no vendor export can say (a
 *   storefront receipt, a `sync: false` movement, ...).
 * @example
 * const { files } = await exampleExports(scenario, { observeMs: 6 * 3_600_000, seed: 7 });
 * [...files.keys()]; // ['import.yaml', 'wms_history.csv', 'orders_export.csv', ...]
 */
export async function exampleExports(scenario: Incident, options: ExampleOptions): Promise<ExampleExports> {
  const zone = options.localZone ?? 'America/Chicago';
  const faker = new Faker({ locale: [en] });
  faker.seed(options.seed ?? 20261202);
  const incident = options.recorded ? scenario : (await emitIncident(scenario, options.observeMs)).incident;
  const catalog = incident.skus.map((item, index) => catalogEntry(faker, item.sku, index));
  const files = new Map<string, string>();
  const sources: Record<string, unknown>[] = [];
  const systemName = (index: number) => incident.systems[index]!.name;
  const problems: string[] = [];

  // Movements, by the kind of the system that recorded them.
  const bySystem = incident.systems.map(() => [] as Movement[]);
  for (const movement of incident.movements) bySystem[movement.system]!.push(movement);
  const erpEffects = await integrationWrites(scenario);
  incident.systems.forEach((system, index) => {
    const movements = bySystem[index]!;
    if (system.kind === 'wms' || system.kind === '3pl') {
      if (movements.length === 0) return;
      const file = incident.systems.filter((other) => other.kind === 'wms' || other.kind === '3pl').length > 1 ? `${system.name}_history.csv` : 'wms_history.csv';
      files.set(file, wmsHistory(incident, movements, zone, faker, problems));
      sources.push({ preset: 'wms-transactions', system: system.name, file, timezone: zone });
    } else if (system.kind === 'shopify') {
      if (movements.length === 0) return;
      files.set('orders_export.csv', ordersExport(incident, movements, catalog, zone, faker, problems));
      sources.push({ preset: 'shopify-orders', system: system.name, file: 'orders_export.csv' });
    } else {
      const effects = erpEffects.filter((effect) => effect.system === index);
      if (movements.length === 0 && effects.length === 0) return;
      files.set('netsuite_inventory_transactions.csv', netsuiteSearch(incident, movements, effects, zone, faker, problems));
      sources.push({ preset: 'netsuite-transactions', system: system.name, file: 'netsuite_inventory_transactions.csv', timezone: zone, syncUsers: [SYNC_USER] });
    }
  });
  if (problems.length > 0) {
    throw new InputError(problems.map((found) => ({ file: incident.sourcePath ?? incident.name, path: 'movements', expected: 'movements that a vendor export can say', found })));
  }

  // Observations: the storefront's through Shopify (webhooks over time, the inventory export
  // at the last sample), every other system's as spot checks.
  const times = [...new Set(observationTimes(incident))];
  const lastMs = times[times.length - 1];
  const spotChecks: string[] = ['at,sku,system,count'];
  const webhooks: string[] = [];
  const inventoryRows: string[][] = [];
  let deliveries = 0;
  for (const observation of incident.observations) {
    const sku = incident.skus[observation.sku]!.sku;
    observation.counts.forEach((count, system) => {
      if (count === undefined) return;
      if (incident.systems[system]!.kind !== 'shopify') {
        spotChecks.push(csvLine([formatTime(observation.atMs), sku, systemName(system), String(count)]));
      } else if (observation.atMs === lastMs) {
        inventoryRows.push(inventoryRow(catalog[observation.sku]!, sku, STORE_LOCATION, String(count)));
        inventoryRows.push(inventoryRow(catalog[observation.sku]!, sku, 'Pop-up Store', 'not stocked'));
      } else {
        deliveries++;
        webhooks.push(webhookLine(catalog[observation.sku]!, count, observation.atMs, zone, faker));
      }
    });
  }
  if (spotChecks.length > 1) {
    files.set('spot_checks.csv', `${spotChecks.join('\n')}\n`);
    sources.push({ preset: 'counts', file: 'spot_checks.csv' });
  }
  const storefront = incident.systems.find((system) => system.kind === 'shopify');
  if (storefront && deliveries > 0) {
    files.set('shopify_webhooks.ndjson', `${webhooks.join('\n')}\n`);
    files.set('shopify_items.csv', `${['inventory_item_id,sku', ...catalog.map((entry, index) => `${entry.itemId},${csvCell(incident.skus[index]!.sku)}`)].join('\n')}\n`);
    sources.push({ preset: 'shopify-webhooks', system: storefront.name, file: 'shopify_webhooks.ndjson', items: 'shopify_items.csv' });
  }
  if (storefront && inventoryRows.length > 0) {
    files.set('inventory_export_1.csv', inventoryExport(inventoryRows));
    sources.push({ preset: 'shopify-inventory', system: storefront.name, file: 'inventory_export_1.csv', at: formatTime(lastMs!), location: STORE_LOCATION });
  }
  if (incident.logs.length > 0) {
    const lines: string[] = [];
    for (const line of incident.logs) {
      lines.push(JSON.stringify({ at: formatTime(line.atMs), component: line.component, level: line.level, code: line.code, sku: line.sku, message: line.message }));
    }
    files.set('middleware.ndjson', `${lines.join('\n')}\n`);
    sources.push({ preset: 'logs', file: 'middleware.ndjson' });
  }
  files.set(MANIFEST_NAME, manifestText(incident, sources));
  // The manifest first, then the exports in the order the manifest lists them.
  const ordered = new Map<string, string>([[MANIFEST_NAME, files.get(MANIFEST_NAME)!]]);
  for (const [name, content] of files) if (name !== MANIFEST_NAME) ordered.set(name, content);
  return { files: ordered, incident };
}

function observationTimes(incident: Incident): number[] {
  return Array.from(incident.observations.atMs);
}

function catalogEntry(faker: Faker, sku: string, index: number): CatalogEntry {
  const title = `${faker.commerce.productAdjective()} ${faker.commerce.product()}, ${faker.commerce.productMaterial()}`;
  return {
    handle: title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
    title,
    color: faker.color.human().replace(/^./, (first) => first.toUpperCase()),
    size: SIZES[index % SIZES.length]!,
    price: faker.commerce.price({ min: 8, max: 120 }),
    itemId: 43_000_000_000_000 + faker.number.int({ min: 1_000_000, max: 9_999_999 }) * 10 + (index % 10),
  };
}

/** The manifest: the incident's own keys (as the incident writer words them) plus the sources. */
function manifestText(incident: Incident, sources: Record<string, unknown>[]): string {
  // Writing with a movements side file named keeps the writer from listing the movements.
  // An incident carries no expected verdict (that is the scenario library's) and no faults.
  const { expect: _expect, ...rest } = incident;
  const yaml = incidentToYaml({ ...rest, observations: ObservationStore.from([]), logs: LogStore.from([]), faults: [] }, { movements: 'none' });
  const text = yaml.replace(/^movements: .*\n/m, '').replace(/^version: 1\n/, '');
  const document = new Document({ sources });
  for (const item of (document.get('sources') as YAMLSeq<YAMLMap>).items) item.flow = true;
  const flowSources = document.toString({ lineWidth: 0, indentSeq: false, flowCollectionPadding: false }).trimEnd();
  return [
    '# Import manifest written by `drift-sim import --example`: the incident format\'s own keys',
    '# (name, window, systems, links, initial, ...) plus the exports to read (sources).',
    '# Run: drift-sim import import.yaml --out incident.yaml && drift-sim gate2 incident.yaml',
    text.trimEnd(),
    flowSources,
    '',
  ].join('\n');
}

const WMS_TYPES: Partial<Record<Movement['type'], { code: string; sign: 1 | -1 | 0 }>> = {
  shipment: { code: 'SHIP', sign: -1 },
  receipt: { code: 'RECEIVE', sign: 1 },
  return: { code: 'RETURN', sign: 1 },
  adjustment: { code: 'ADJUST', sign: 0 },
  cycle_count: { code: 'CYCLE_COUNT', sign: 1 },
};

function describeMovement(incident: Incident, movement: Movement): string {
  return `${formatTime(movement.atMs)} ${incident.systems[movement.system]!.name} ${movement.type} ${movement.absolute ? 'count' : 'qty'} ${movement.value}${movement.ref ? ` ref ${movement.ref}` : ''}`;
}

function wmsHistory(incident: Incident, movements: Movement[], zone: string, faker: Faker, problems: string[]): string {
  const rows = [csvLine(['timestamp', 'sku', 'transaction_type', 'quantity', 'reference', 'user', 'location'])];
  const location = `DC-${faker.location.state({ abbreviated: true })}-01`;
  for (const movement of movements) {
    const meaning = WMS_TYPES[movement.type];
    const fits = meaning !== undefined && movement.sync && (meaning.sign === 0 || movement.absolute || Math.sign(movement.value) === meaning.sign);
    if (!fits || (movement.absolute && movement.value < 0) || movement.atMs % 1000 !== 0) {
      problems.push(`${describeMovement(incident, movement)}: a WMS history has no such transaction`);
      continue;
    }
    const quantity = meaning.sign === 0 ? movement.value : Math.abs(movement.value);
    const user = movement.actor === undefined ? '' : movement.actor.startsWith('user:') ? movement.actor.slice(5) : movement.actor;
    rows.push(csvLine([localTime(movement.atMs, zone, 'yyyy-MM-dd HH:mm:ss'), incident.skus[movement.sku]!.sku, meaning.code, String(quantity), movement.ref ?? '', user, location]));
  }
  return `${rows.join('\n')}\n`;
}

const ORDER_HEADER = [
  'Name', 'Email', 'Financial Status', 'Paid at', 'Fulfillment Status', 'Fulfilled at', 'Accepts Marketing', 'Currency', 'Subtotal',
  'Shipping', 'Taxes', 'Total', 'Discount Code', 'Discount Amount', 'Shipping Method', 'Created at', 'Lineitem quantity', 'Lineitem name',
  'Lineitem price', 'Lineitem compare at price', 'Lineitem sku', 'Lineitem requires shipping', 'Lineitem taxable', 'Lineitem fulfillment status',
  'Billing Name', 'Billing City', 'Billing Country', 'Shipping Name', 'Shipping City', 'Shipping Country', 'Notes', 'Payment Method',
  'Cancelled at', 'Refunded Amount', 'Vendor', 'Id', 'Tags', 'Source',
] as const;

function ordersExport(incident: Incident, movements: Movement[], catalog: CatalogEntry[], zone: string, faker: Faker, problems: string[]): string {
  interface Order { name: string; createdMs: number; lines: { sku: number; quantity: number }[]; cancelledMs?: number; cancelled: Map<number, number> }
  const orders = new Map<string, Order>();
  for (const movement of movements) {
    if (movement.type === 'order' && movement.value < 0 && movement.ref !== undefined && movement.actor === undefined && movement.sync) {
      const order: Order = orders.get(movement.ref) ?? { name: movement.ref, createdMs: movement.atMs, lines: [], cancelled: new Map() };
      if (order.createdMs !== movement.atMs) problems.push(`${describeMovement(incident, movement)}: an order's line items share its Created at`);
      order.lines.push({ sku: movement.sku, quantity: -movement.value });
      orders.set(movement.ref, order);
      continue;
    }
    const name = movement.ref?.endsWith(':cancel') ? movement.ref.slice(0, -7) : undefined;
    const order = name === undefined ? undefined : orders.get(name);
    if (movement.type === 'cancel' && order && movement.value > 0 && movement.sync && (order.cancelledMs ?? movement.atMs) === movement.atMs) {
      order.cancelledMs = movement.atMs;
      order.cancelled.set(movement.sku, (order.cancelled.get(movement.sku) ?? 0) + movement.value);
      continue;
    }
    problems.push(`${describeMovement(incident, movement)}: Shopify's orders export says orders (with a name) and their cancellations, nothing else`);
  }
  const rows = [csvLine([...ORDER_HEADER])];
  const shopifyTime = (ms: number) => localTime(ms, zone, 'yyyy-MM-dd HH:mm:ss ZZZ');
  for (const order of orders.values()) {
    if (order.cancelledMs !== undefined) {
      // A cancellation gives back every line: the export can say nothing else.
      const taken = new Map<number, number>();
      for (const line of order.lines) taken.set(line.sku, (taken.get(line.sku) ?? 0) + line.quantity);
      const same = taken.size === order.cancelled.size && [...taken].every(([sku, quantity]) => order.cancelled.get(sku) === quantity);
      if (!same) problems.push(`order ${order.name}: a cancellation gives back every line item of the order`);
    }
    const customer = faker.person.fullName();
    const city = faker.location.city();
    const subtotal = order.lines.reduce((total, line) => total + line.quantity * Number(catalog[line.sku]!.price), 0);
    const shipping = faker.helpers.arrayElement(['0.00', '4.95', '9.95']);
    const taxes = (subtotal * 0.0825).toFixed(2);
    const total = (subtotal + Number(shipping) + Number(taxes)).toFixed(2);
    order.lines.forEach((line, index) => {
      const item = catalog[line.sku]!;
      const first = index === 0;
      const orderField = (value: string) => (first ? value : '');
      const fields: Record<(typeof ORDER_HEADER)[number], string> = {
        Name: order.name,
        Email: orderField(faker.internet.email({ firstName: customer.split(' ')[0] }).toLowerCase()),
        'Financial Status': orderField(order.cancelledMs === undefined ? 'paid' : 'refunded'),
        'Paid at': orderField(shopifyTime(order.createdMs)),
        'Fulfillment Status': orderField(order.cancelledMs === undefined ? 'unfulfilled' : 'unfulfilled'),
        'Fulfilled at': '',
        'Accepts Marketing': orderField(faker.datatype.boolean() ? 'yes' : 'no'),
        Currency: orderField('USD'),
        Subtotal: orderField(subtotal.toFixed(2)),
        Shipping: orderField(shipping),
        Taxes: orderField(taxes),
        Total: orderField(total),
        'Discount Code': '',
        'Discount Amount': orderField('0.00'),
        'Shipping Method': orderField('Standard Shipping'),
        'Created at': orderField(shopifyTime(order.createdMs)),
        'Lineitem quantity': String(line.quantity),
        'Lineitem name': `${item.title} - ${item.color} / ${item.size}`,
        'Lineitem price': item.price,
        'Lineitem compare at price': '',
        'Lineitem sku': incident.skus[line.sku]!.sku,
        'Lineitem requires shipping': 'true',
        'Lineitem taxable': 'true',
        'Lineitem fulfillment status': 'pending',
        'Billing Name': orderField(customer),
        'Billing City': orderField(city),
        'Billing Country': orderField('US'),
        'Shipping Name': orderField(customer),
        'Shipping City': orderField(city),
        'Shipping Country': orderField('US'),
        Notes: '',
        'Payment Method': orderField('Shopify Payments'),
        'Cancelled at': orderField(order.cancelledMs === undefined ? '' : shopifyTime(order.cancelledMs)),
        'Refunded Amount': orderField(order.cancelledMs === undefined ? '0.00' : total),
        Vendor: faker.company.name(),
        Id: orderField(String(5_600_000_000_000 + faker.number.int({ min: 100_000, max: 999_999 }))),
        Tags: '',
        Source: orderField('web'),
      };
      rows.push(csvLine(ORDER_HEADER.map((column) => fields[column])));
    });
  }
  // Shopify's "CSV for Excel" export starts with a byte order mark and ends lines with CRLF.
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

interface IntegrationWrite {
  atMs: number;
  system: number;
  sku: number;
  delta: number;
}

/** What the links wrote into ERP systems during the run (with its faults): NetSuite shows them as the integration user's records. */
async function integrationWrites(scenario: Incident): Promise<IntegrationWrite[]> {
  const writes: IntegrationWrite[] = [];
  // A delivery names its link (whose target is the system written to) and the SKU it landed on.
  const targetOfLink = new Map(scenario.links.filter((link) => scenario.systems[link.to]!.kind === 'erp').map((link) => [link.name, link.to]));
  const skuIndex = new Map(scenario.skus.map((item, index) => [item.sku, index]));
  if (targetOfLink.size === 0) return writes;
  await new Simulation(scenario, {
    faults: scenario.faults,
    trace: (event) => {
      if (event.event !== 'deliver' || !event.applied || event.after === event.before) return;
      const system = targetOfLink.get(event.link);
      if (system !== undefined) writes.push({ atMs: parseTime(event.at)!, system, sku: skuIndex.get(event.to)!, delta: event.after - event.before });
    },
  }).run();
  return writes;
}

function netsuiteSearch(incident: Incident, movements: Movement[], effects: IntegrationWrite[], zone: string, faker: Faker, problems: string[]): string {
  const location = `${faker.location.city()} DC`;
  const rows: { atMs: number; order: number; cells: string[] }[] = [];
  const types: Partial<Record<Movement['type'], string>> = { adjustment: 'Inventory Adjustment', receipt: 'Item Receipt', shipment: 'Item Fulfillment', transfer: 'Inventory Transfer' };
  const row = (atMs: number, type: string, documentNumber: string, sku: string, quantity: number, createdBy: string, memo: string) => [
    localTime(atMs, zone, 'M/d/yyyy'),
    localTime(atMs, zone, 'M/d/yyyy h:mm a').replace(/AM$/, 'am').replace(/PM$/, 'pm'),
    type,
    documentNumber,
    sku,
    String(quantity),
    location,
    createdBy,
    memo,
  ];
  movements.forEach((movement, order) => {
    const type = types[movement.type];
    const signFits = movement.type === 'receipt' ? movement.value > 0 : movement.type === 'shipment' ? movement.value < 0 : true;
    const actorFits = movement.actor === undefined || movement.actor.startsWith('user:');
    if (type === undefined || !signFits || !actorFits || !movement.sync || movement.atMs % 60_000 !== 0) {
      problems.push(`${describeMovement(incident, movement)}: a NetSuite saved search (minutes, transactions a person entered) cannot say it`);
      return;
    }
    const person = movement.actor?.slice(5) ?? '';
    rows.push({ atMs: movement.atMs, order, cells: row(movement.atMs, type, movement.ref ?? '', incident.skus[movement.sku]!.sku, movement.value, person, faker.helpers.arrayElement(['Cycle count correction', 'Damaged in storage', 'Found on shelf', ''])) });
  });
  effects.forEach((effect, index) => {
    const atMs = Math.floor(effect.atMs / 60_000) * 60_000;
    if (atMs < incident.window.startMs || atMs > incident.window.endMs) return;
    rows.push({ atMs, order: movements.length + index, cells: row(atMs, 'Inventory Adjustment', `INVADJ${String(20000 + index)}`, incident.skus[effect.sku]!.sku, effect.delta, SYNC_USER, 'Inventory sync from WMS') });
  });
  rows.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
  return `${[csvLine(['Date', 'Date Created', 'Type', 'Document Number', 'Item', 'Quantity', 'Location', 'Created By', 'Memo']), ...rows.map((entry) => csvLine(entry.cells))].join('\r\n')}\r\n`;
}

const INVENTORY_HEADER = [
  'Handle', 'Title', 'Option1 Name', 'Option1 Value', 'Option2 Name', 'Option2 Value', 'Option3 Name', 'Option3 Value', 'SKU', 'HS Code', 'COO',
  'Location', 'Incoming (not editable)', 'Unavailable (not editable)', 'Committed (not editable)', 'Available (not editable)', 'On hand (current)', 'On hand (new)',
] as const;

function inventoryRow(item: CatalogEntry, sku: string, location: string, available: string): string[] {
  const stocked = available !== 'not stocked';
  return [item.handle, item.title, 'Color', item.color, 'Size', item.size, '', '', sku, '', '', location, stocked ? '0' : 'not stocked', stocked ? '0' : 'not stocked', stocked ? '0' : 'not stocked', available, stocked ? available : 'not stocked', ''];
}

function inventoryExport(rows: string[][]): string {
  return `\uFEFF${[csvLine([...INVENTORY_HEADER]), ...rows.map(csvLine)].join('\r\n')}\r\n`;
}

function webhookLine(item: CatalogEntry, available: number, atMs: number, zone: string, faker: Faker): string {
  return JSON.stringify({
    received_at: formatTime(atMs + faker.number.int({ min: 200, max: 2500 })),
    headers: {
      'X-Shopify-Topic': 'inventory_levels/update',
      'X-Shopify-Triggered-At': new Date(atMs).toISOString(),
      'X-Shopify-Webhook-Id': faker.string.uuid(),
      'X-Shopify-Shop-Domain': 'example-store.myshopify.com',
      'X-Shopify-API-Version': '2025-07',
    },
    body: {
      inventory_item_id: item.itemId,
      location_id: 65_544_149_1,
      available,
      updated_at: localTime(atMs, zone, "yyyy-MM-dd'T'HH:mm:ssZZ"),
      admin_graphql_api_id: `gid://shopify/InventoryLevel/655441491?inventory_item_id=${item.itemId}`,
    },
  });
}

function localTime(ms: number, zone: string, format: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat(format);
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

/**
 * Writes an example's files into `folder` (each atomically); returns their paths.
 *
 * @example
 * await writeExampleFiles('exports', (await exampleExports(scenario, { observeMs: 21_600_000 })).files);
 */
export async function writeExampleFiles(folder: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  const written: string[] = [];
  for (const [name, content] of files) {
    const path = join(folder, name);
    await writeFileAtomic(path, content);
    written.push(path);
  }
  return written;
}
