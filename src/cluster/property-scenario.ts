/**
 * The scenarios of a suite's property seeds: the shape of the Gate 2 round-trip test's
 * generated scenarios (a WMS -> ERP batch, an ERP -> storefront event link, business-hour
 * shipments over four days with a weekend, and a known cause), drawn from the project's own
 * PRNG so that the installed CLI needs no test library and seed N is the same scenario on
 * every machine and every run.
 *
 * The cause follows the seed: seed % 3 is 0 integration (one rule), 1 process (night
 * storefront overrides), 2 both. `attempt` draws another scenario for the same seed (the
 * suite takes the first attempt whose cause shows in the observations).
 *
 * @example
 * const { yaml, flags, cause } = propertyScenario(7, 0); // cause 'process'
 */
import { Rng } from '../sim/rng.js';

export type PropertyCause = 'integration' | 'process' | 'both';

export interface PropertyScenario {
  seed: number;
  attempt: number;
  cause: PropertyCause;
  /** The scenario without its faults, as YAML. */
  yaml: string;
  /** Its faults, as `--fault` flags. */
  flags: string[];
}

const CAUSES: readonly PropertyCause[] = ['integration', 'process', 'both'];
const SKU_PALETTE = ['MUG-01', 'CAP-RED', 'TEE-CLASSIC-BLK-M', 'HOODIE-ZIP-NAVY-XL', 'BOTTLE-STEEL-1L'] as const;
/** Friday 2026-03-06 00:00Z to Tuesday 2026-03-10 00:00Z. */
const DAYS = ['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09'] as const;
const EVERY_MINUTES = [15, 30, 60] as const;

const pad = (value: number) => String(value).padStart(2, '0');

/** The cause a seed stands for. */
export function causeOfSeed(seed: number): PropertyCause {
  return CAUSES[seed % CAUSES.length]!;
}

/** Scenario number `attempt` of `seed`. */
export function propertyScenario(seed: number, attempt: number): PropertyScenario {
  const rng = Rng.forComponent(seed, `suite-property#${attempt}`);
  const cause = causeOfSeed(seed);
  const skus = distinct(rng, SKU_PALETTE, rng.between(2, 4));
  const everyMinutes = rng.pick(EVERY_MINUTES);
  const latency = rng.pick(['0s', '2s']);
  const count = rng.between(6 * skus.length, 10 * skus.length);
  const movements = Array.from({ length: count }, () => ({
    day: rng.between(0, DAYS.length - 1),
    minute: rng.between(9 * 60, 18 * 60 - 1),
    sku: rng.pick(skus),
    qty: rng.between(1, 4),
  }));
  movements.sort((a, b) => a.day - b.day || a.minute - b.minute);
  const rule = pickRule(rng, skus, everyMinutes);
  const overrides = nightOverrides(rng, skus, rng.between(1, 2));
  const flags: string[] = [];
  if (cause !== 'process') flags.push(rule);
  if (cause !== 'integration') for (const o of overrides) flags.push(`manual_override:system=storefront,sku=${o.sku},at=${o.at},delta=${o.delta}`);
  const yaml = [
    'version: 1',
    `name: property-seed-${seed}`,
    "window: {start: '2026-03-06T00:00:00Z', end: '2026-03-10T00:00:00Z'}",
    'systems: [wms, erp, storefront]',
    `initial: {${skus.map((sku) => `${sku}: 200`).join(', ')}}`,
    'links:',
    `  - {from: wms, to: erp, mode: batch, every: ${everyMinutes}m, carries: snapshot}`,
    `  - {from: erp, to: storefront, mode: event, carries: delta, latency: ${latency}}`,
    'movements:',
    ...movements.map(
      (m, index) =>
        `  - {at: '${DAYS[m.day]}T${pad(Math.floor(m.minute / 60))}:${pad(m.minute % 60)}:00Z', system: wms, sku: ${m.sku}, type: shipment, qty: -${m.qty}, ref: SO-${1000 + index}}`,
    ),
  ].join('\n');
  return { seed, attempt, cause, yaml, flags };
}

/** One integration rule that shows in these scenarios (the chosen SKUs decide truncation). */
function pickRule(rng: Rng, skus: readonly string[], everyMinutes: number): string {
  const longest = Math.max(...skus.map((sku) => sku.length));
  const shortest = Math.min(...skus.map((sku) => sku.length));
  const options: (() => string)[] = [
    () => `cadence:link=wms->erp,pausedOn=${rng.pick(['sat|sun', 'sun', 'sat'])}`,
    () => `cadence:link=wms->erp,every=${rng.pick([4, 8]) * everyMinutes}m`,
    () => `webhook_drop:link=erp->storefront,nth=${rng.pick([2, 3])}`,
    () => 'duplicate_delivery:link=erp->storefront,nth=2,keyless=true',
  ];
  if (skus.length >= 3) options.push(() => 'batch_capacity:link=wms->erp,capacity=1');
  if (longest > shortest) options.push(() => `truncation:link=erp->storefront,field=sku,maxLength=${rng.between(shortest, longest - 1)}`);
  return rng.pick(options)();
}

/** Storefront overrides at night (01:00-05:59), when no movement happens and no message flows; distinct instants. */
function nightOverrides(rng: Rng, skus: readonly string[], count: number): { at: string; sku: string; delta: number }[] {
  const chosen = new Map<string, { at: string; sku: string; delta: number }>();
  for (let tries = 0; chosen.size < count && tries < 16; tries++) {
    const at = `${DAYS[rng.between(0, DAYS.length - 1)]}T${pad(rng.between(1, 5))}:${pad(rng.between(0, 59))}:00Z`;
    let delta = rng.between(-20, 19);
    if (delta >= 0) delta++; // never 0
    if (!chosen.has(at)) chosen.set(at, { at, sku: rng.pick(skus), delta });
  }
  return [...chosen.values()];
}

function distinct<T>(rng: Rng, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(rng.nextInt(pool.length), 1)[0]!);
  return chosen;
}
