/**
 * The kit's connector properties, model-based run and matchers, inside this repository: the
 * example connector keeps the properties; the deliberately broken one (it retries without an
 * idempotency key and has no reconciliation) fails them with a shrunk case, the incident
 * written and a replay command; the matchers' messages name the SKU, the system and both counts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConnector } from '../../src/adapters/connector-runner.js';
import { checkConnector, checkConnectorModel, ConnectorCheckError, driftSimMatchers, type IncidentDocument } from '../../src/testing/index.js';
import { tempFolder } from '../support/temp.js';

expect.extend(driftSimMatchers);

const GOOD = 'examples/connector/wms-to-shopify.ts';
const BROKEN = 'examples/regression-suite/connectors/retrying-delta-connector.ts';

describe('connector properties', () => {
  it('the example connector loses no unit and agrees with the model', async () => {
    await checkConnector(await loadConnector(GOOD), 'losesNoUnit', { numRuns: 4, seed: 3 });
    await checkConnectorModel(await loadConnector(GOOD), { numRuns: 4, seed: 3 });
  });

  it('the broken connector loses units to dropped webhooks: the case, a drop wrapper and the command', async () => {
    const outputDir = tempFolder('drift-sim-kit-');
    const failure = await checkConnector(await loadConnector(BROKEN), 'losesNoUnit', { connectorPath: BROKEN, outputDir, numRuns: 20 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConnectorCheckError);
    const error = failure as ConnectorCheckError;
    expect(error.message).toContain('losesNoUnit: Property failed after');
    expect(error.message).toMatch(/Shrunk \d+ time\(s\)/);
    expect(error.message).toContain('lost units');
    // The incident is written where asked, and the command names it.
    const incidentPath = join(outputDir, 'retrying-delta-losesNoUnit.yaml');
    expect(existsSync(incidentPath)).toBe(true);
    expect(error.command).toContain('drift-sim replay');
    expect(error.command).toContain('retrying-delta-losesNoUnit.yaml');
    const written = readFileSync(incidentPath, 'utf8');
    expect(written).toContain('observations:');
    // It shrinks to one dropped webhook (no retry policy makes up for it), which needs the
    // wrapper that drops it again on the command line.
    expect(error.message).toContain('# webhook deliveries dropped: 1\n');
    expect(error.command).toContain('--connector');
    expect(error.command).toContain('retrying-delta-losesNoUnit.connector.ts');
    expect(readFileSync(join(outputDir, 'retrying-delta-losesNoUnit.connector.ts'), 'utf8')).toContain('withWebhookDrops(connector, [1]);');
  });
});

/** A 15-minute batch into the storefront paused at the weekend: hand-computed counts. */
const weekend: IncidentDocument = {
  version: 1,
  name: 'weekend-pause',
  window: { start: '2026-03-06T00:00:00Z', end: '2026-03-09T12:00:00Z' },
  systems: { wms: { kind: 'wms' }, storefront: { kind: 'shopify' } },
  initial: { 'MUG-01': 40 },
  links: [{ from: 'wms', to: 'storefront', mode: 'batch', every: '15m' }],
  movements: [
    { at: '2026-03-06T10:00:00Z', system: 'wms', sku: 'MUG-01', type: 'shipment', qty: -5, ref: 'SO-1' },
    { at: '2026-03-07T10:00:00Z', system: 'wms', sku: 'MUG-01', type: 'shipment', qty: -3, ref: 'SO-2' },
    { at: '2026-03-08T10:00:00Z', system: 'wms', sku: 'MUG-01', type: 'shipment', qty: -2, ref: 'SO-3' },
  ],
  observations: [
    { at: '2026-03-06T12:00:00Z', sku: 'MUG-01', counts: { wms: 35, storefront: 35 } },
    { at: '2026-03-07T12:00:00Z', sku: 'MUG-01', counts: { wms: 32, storefront: 35 } },
    { at: '2026-03-08T12:00:00Z', sku: 'MUG-01', counts: { wms: 30, storefront: 35 } },
    { at: '2026-03-09T12:00:00Z', sku: 'MUG-01', counts: { wms: 30, storefront: 30 } },
  ],
};

describe('matchers', () => {
  it('toReproduce: per-SKU, per-system differences when it does not', async () => {
    const paused = { ...weekend, faults: [{ kind: 'cadence', link: 'wms->storefront', pausedOn: ['sat', 'sun'] }] };
    await expect(paused).toReproduce();
    await expect(expect(weekend).toReproduce()).rejects.toThrow(
      'expected weekend-pause to reproduce its observations; 2 of 4 do not (observed, then simulated):\n' +
        '  2026-03-07T12:00:00Z  MUG-01  storefront: observed 35, simulated 32 (-3)\n' +
        '  2026-03-08T12:00:00Z  MUG-01  storefront: observed 35, simulated 30 (-5)',
    );
    // Observations given to the matcher replace the file's.
    await expect(weekend).toReproduce([{ at: '2026-03-07T12:00:00Z', sku: 'MUG-01', counts: { wms: 32, storefront: 32 } }]);
  });

  it('toConverge: the chain ends in agreement, a lasting override does not', async () => {
    await expect(weekend).toConverge();
    const overridden = { ...weekend, faults: [{ kind: 'manual_override', system: 'storefront', sku: 'MUG-01', at: '2026-03-09T11:55:00Z', delta: -6 }] };
    await expect(expect(overridden).toConverge()).rejects.toThrow('MUG-01  storefront: wms has 30, shows 24 (-6)');
    await expect({ final: { wms: { A: 3 }, storefront: { A: 3 } } }).toConverge();
  });

  it('toHaveVerdict: Gate 2 calls the weekend pause an integration problem', async () => {
    await expect(weekend).toHaveVerdict('yes', 'integration');
    await expect(expect(weekend).toHaveVerdict('no', 'process')).rejects.toThrow(/it answered yes \/ integration, explained by:\n  integration: cadence:link=wms->storefront,pausedOn=/);
  });
});
