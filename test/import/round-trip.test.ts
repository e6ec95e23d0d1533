/**
 * Issue 11's round trip: a scenario is run, written out as vendor exports by the example
 * writer (WMS history, Shopify orders with cancellations, a NetSuite saved search with the
 * integration's own records, spot checks, Shopify webhooks and inventory export, middleware
 * logs), imported, and Gate 2 must give the same answer and the same explanation as on the
 * scenario's own emitted incident. The imported incident must also hold the same movements
 * and observations.
 *
 * Over 50 generated cases with a fixed seed (fast-check prints the seed and shrunk case).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gate2 } from '../../src/gate/gate2.js';
import { exampleExports, writeExampleFiles } from '../../src/import/example-exports.js';
import { importIncident } from '../../src/import/import-incident.js';
import { loadIncident } from '../../src/io/load-incident.js';
import { recordsToNdjson } from '../../src/io/write-incident.js';
import { formatFaultFlag } from '../../src/sim/faults/index.js';
import type { Incident } from '../../src/sim/model.js';
import { gateScenarioArbitrary } from '../support/arbitrary-gate-scenario.js';
import { faults, incidentFrom } from '../support/incident.js';

const SEED = 20261202;
const OBSERVE_MS = 6 * 3_600_000;
const DAYS = ['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09'] as const;
const pad = (value: number) => String(value).padStart(2, '0');

/** Movements of the other systems and types, on instants no WMS shipment uses (those are whole minutes, 09:00-17:59). */
const extrasArbitrary = (skus: readonly string[]) =>
  fc.record({
    orders: fc.uniqueArray(
      fc.record({
        day: fc.integer({ min: 0, max: 3 }),
        minute: fc.integer({ min: 9 * 60, max: 17 * 60 }),
        lines: fc.uniqueArray(fc.record({ sku: fc.constantFrom(...skus), qty: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 2, selector: (line) => line.sku }),
        cancelAfterMinutes: fc.option(fc.integer({ min: 20, max: 300 }), { nil: undefined }),
      }),
      { maxLength: 4, selector: (order) => `${order.day} ${order.minute}` },
    ),
    adjustments: fc.uniqueArray(
      fc.record({ day: fc.integer({ min: 0, max: 3 }), minute: fc.integer({ min: 6 * 60, max: 7 * 60 + 59 }), sku: fc.constantFrom(...skus), qty: fc.integer({ min: -6, max: 6 }).filter((qty) => qty !== 0) }),
      { maxLength: 2, selector: (adjustment) => `${adjustment.day} ${adjustment.minute}` },
    ),
    counts: fc.uniqueArray(
      fc.record({ day: fc.integer({ min: 0, max: 3 }), minute: fc.integer({ min: 8 * 60, max: 8 * 60 + 59 }), sku: fc.constantFrom(...skus), count: fc.integer({ min: 150, max: 210 }) }),
      { maxLength: 1, selector: (count) => count.day },
    ),
  });

function at(day: number, minute: number, second = 0): string {
  return `${DAYS[day]}T${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:${pad(second)}Z`;
}

type Extras = ReturnType<typeof extrasArbitrary> extends fc.Arbitrary<infer T> ? T : never;

function withExtras(yaml: string, extras: Extras): string {
  const lines: string[] = [];
  extras.orders.forEach((order, index) => {
    for (const line of order.lines) {
      lines.push(`  - {at: '${at(order.day, order.minute, 30)}', system: storefront, sku: ${line.sku}, type: order, qty: -${line.qty}, ref: '#${1001 + index}'}`);
      if (order.cancelAfterMinutes !== undefined) {
        lines.push(`  - {at: '${at(order.day, order.minute + order.cancelAfterMinutes, 45)}', system: storefront, sku: ${line.sku}, type: cancel, qty: ${line.qty}, ref: '#${1001 + index}:cancel'}`);
      }
    }
  });
  extras.adjustments.forEach((adjustment, index) => {
    lines.push(`  - {at: '${at(adjustment.day, adjustment.minute)}', system: erp, sku: ${adjustment.sku}, type: adjustment, qty: ${adjustment.qty}, ref: INVADJ${100 + index}, actor: 'user:Dana Whitfield'}`);
  });
  for (const count of extras.counts) {
    lines.push(`  - {at: '${at(count.day, count.minute)}', system: wms, sku: ${count.sku}, type: cycle_count, count: ${count.count}, ref: CC-${count.day}, actor: 'user:ops.lead'}`);
  }
  return yaml.replace('\nmovements:\n', `\nmovements:\n${lines.join('\n')}${lines.length ? '\n' : ''}`);
}

async function importedCopy(scenario: Incident): Promise<{ emitted: Incident; imported: Incident }> {
  const folder = await mkdtemp(join(tmpdir(), 'drift-import-'));
  try {
    const { files, incident } = await exampleExports(scenario, { observeMs: OBSERVE_MS, seed: 7 });
    await writeExampleFiles(folder, files);
    await importIncident(join(folder, 'import.yaml'), join(folder, 'incident.yaml'));
    return { emitted: incident, imported: await loadIncident(join(folder, 'incident.yaml')) };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function verdict(result: Awaited<ReturnType<typeof gate2>>) {
  return { answer: result.answer, problem: result.problem, explanation: result.explanation.map((fault) => formatFaultFlag(fault.spec)) };
}

describe('import round trip: scenario -> vendor exports -> import -> Gate 2', () => {
  it('a WMS + Shopify + NetSuite scenario gives the same verdict and explanation (50 cases)', async () => {
    const scenarioArbitrary = fc
      .constantFrom('integration', 'process', 'both')
      .chain((cause) => gateScenarioArbitrary(cause as never))
      .chain((base) => extrasArbitrary(['MUG-01', 'CAP-RED', 'TEE-CLASSIC-BLK-M', 'HOODIE-ZIP-NAVY-XL', 'BOTTLE-STEEL-1L'].filter((sku) => base.yaml.includes(`${sku}: 200`))).map((extras) => ({ base, extras })));
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async ({ base, extras }) => {
        const loaded = await incidentFrom(withExtras(base.yaml, extras));
        const scenario: Incident = { ...loaded, faults: faults(loaded, ...base.flags) };
        const { emitted, imported } = await importedCopy(scenario);
        expect(recordsToNdjson(imported, 'movements')).toBe(recordsToNdjson(emitted, 'movements'));
        expect(recordsToNdjson(imported, 'observations')).toBe(recordsToNdjson(emitted, 'observations'));
        expect(verdict(await gate2(imported))).toEqual(verdict(await gate2(emitted)));
      }),
      { seed: SEED, numRuns: 50, endOnFailure: true },
    );
  }, 300_000);
});
