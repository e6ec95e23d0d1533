/**
 * Random scenarios for the Gate 2 round trip: a WMS -> ERP batch and an ERP -> storefront
 * event link, shipments during business hours over four days (a weekend included), and a
 * known cause: integration rules only, human interventions only (at night, when no message
 * flows), or both. Every cause is made visible in the observations, so the expected verdict
 * is a fact of the scenario, not a hope.
 */
import fc from 'fast-check';

export type Cause = 'integration' | 'process' | 'both';

export interface GateScenario {
  yaml: string;
  cause: Cause;
  /** The faults, as `--fault` flags, for messages on failure. */
  flags: string[];
}

const SKU_PALETTE = ['MUG-01', 'CAP-RED', 'TEE-CLASSIC-BLK-M', 'HOODIE-ZIP-NAVY-XL', 'BOTTLE-STEEL-1L'] as const;
/** Friday 2026-03-06 00:00Z to Tuesday 2026-03-10 00:00Z. */
const DAYS = ['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09'] as const;
const EVERY = ['15m', '30m', '1h'] as const;

const pad = (value: number) => String(value).padStart(2, '0');

const movementsArbitrary = (skus: readonly string[]) =>
  fc.array(
    fc.record({
      day: fc.integer({ min: 0, max: DAYS.length - 1 }),
      minute: fc.integer({ min: 9 * 60, max: 18 * 60 - 1 }),
      sku: fc.constantFrom(...skus),
      qty: fc.integer({ min: 1, max: 4 }),
    }),
    { minLength: 6 * skus.length, maxLength: 10 * skus.length },
  );

/** One integration rule that shows in these scenarios (the chosen SKUs decide truncation). */
const ruleArbitrary = (skus: readonly string[], every: string) => {
  const longest = Math.max(...skus.map((sku) => sku.length));
  const shortest = Math.min(...skus.map((sku) => sku.length));
  const options: fc.Arbitrary<string>[] = [
    fc.constantFrom('pausedOn=sat|sun', 'pausedOn=sun', 'pausedOn=sat').map((paused) => `cadence:link=wms->erp,${paused}`),
    fc.constantFrom(4, 8).map((factor) => `cadence:link=wms->erp,every=${factor * minutesOf(every)}m`),
    fc.constantFrom(2, 3).map((nth) => `webhook_drop:link=erp->storefront,nth=${nth}`),
    fc.constant('duplicate_delivery:link=erp->storefront,nth=2,keyless=true'),
  ];
  if (skus.length >= 3) options.push(fc.constant('batch_capacity:link=wms->erp,capacity=1'));
  if (longest > shortest) options.push(fc.integer({ min: shortest, max: longest - 1 }).map((length) => `truncation:link=erp->storefront,field=sku,maxLength=${length}`));
  return fc.oneof(...options);
};

function minutesOf(every: string): number {
  return every.endsWith('h') ? Number(every.slice(0, -1)) * 60 : Number(every.slice(0, -1));
}

/** A storefront override at night (01:00-05:59), when no movement happens and no message flows. */
const nightOverrideArbitrary = (skus: readonly string[]) =>
  fc
    .record({
      day: fc.integer({ min: 0, max: DAYS.length - 1 }),
      hour: fc.integer({ min: 1, max: 5 }),
      minute: fc.integer({ min: 0, max: 59 }),
      sku: fc.constantFrom(...skus),
      delta: fc.integer({ min: -20, max: 20 }).filter((delta) => delta !== 0),
    })
    .map(({ day, hour, minute, sku, delta }) => ({ at: `${DAYS[day]}T${pad(hour)}:${pad(minute)}:00Z`, sku, delta }));

export function gateScenarioArbitrary(cause: Cause): fc.Arbitrary<GateScenario> {
  return fc
    .record({
      skus: fc.uniqueArray(fc.constantFrom(...SKU_PALETTE), { minLength: 2, maxLength: 4 }),
      every: fc.constantFrom(...EVERY),
      latency: fc.constantFrom('0s', '2s'),
    })
    .chain(({ skus, every, latency }) =>
      fc
        .record({
          movements: movementsArbitrary(skus),
          rule: ruleArbitrary(skus, every),
          overrides: fc.uniqueArray(nightOverrideArbitrary(skus), { minLength: 1, maxLength: 2, selector: (override) => `${override.at}` }),
        })
        .map(({ movements, rule, overrides }) => {
          const flags: string[] = [];
          if (cause !== 'process') flags.push(rule);
          if (cause !== 'integration') {
            for (const override of overrides) flags.push(`manual_override:system=storefront,sku=${override.sku},at=${override.at},delta=${override.delta}`);
          }
          const sorted = [...movements].sort((a, b) => a.day - b.day || a.minute - b.minute);
          const lines = [
            'version: 1',
            'name: generated-gate-scenario',
            "window: {start: '2026-03-06T00:00:00Z', end: '2026-03-10T00:00:00Z'}",
            'systems: [wms, erp, storefront]',
            `initial: {${skus.map((sku) => `${sku}: 200`).join(', ')}}`,
            'links:',
            `  - {from: wms, to: erp, mode: batch, every: ${every}, carries: snapshot}`,
            `  - {from: erp, to: storefront, mode: event, carries: delta, latency: ${latency}}`,
            'movements:',
            ...sorted.map(
              (movement, index) =>
                `  - {at: '${DAYS[movement.day]}T${pad(Math.floor(movement.minute / 60))}:${pad(movement.minute % 60)}:00Z', system: wms, sku: ${movement.sku}, type: shipment, qty: -${movement.qty}, ref: SO-${1000 + index}}`,
            ),
          ];
          return { yaml: lines.join('\n'), cause, flags };
        }),
    );
}
