/**
 * The team's connector (examples/connector/wms-to-shopify.ts: every 15 minutes it sets
 * Shopify's `available` to the WMS count, idempotently) held to the kit's properties.
 */
import { describe, it } from 'vitest';
import { loadConnector } from 'drift-sim';
import { checkConnector, checkConnectorModel } from 'drift-sim/testing';

// The path as you would run it: `npx drift-sim replay <case> --connector ../connector/wms-to-shopify.ts`.
const CONNECTOR = '../connector/wms-to-shopify.ts';

describe('wms-to-shopify', () => {
  it('converges once the movements stop', async () => {
    await checkConnector(await loadConnector(CONNECTOR), 'converges', { connectorPath: CONNECTOR, numRuns: 6 });
  });

  it('never applies a retried request twice', async () => {
    await checkConnector(await loadConnector(CONNECTOR), 'noDoubleApply', { connectorPath: CONNECTOR, numRuns: 6 });
  });

  it('loses no unit under drops, timeouts and 429s', async () => {
    await checkConnector(await loadConnector(CONNECTOR), 'losesNoUnit', { connectorPath: CONNECTOR, numRuns: 6 });
  });

  it('never oversells beyond the units in flight', async () => {
    await checkConnector(await loadConnector(CONNECTOR), 'neverOversells', { connectorPath: CONNECTOR, numRuns: 6 });
  });

  it('agrees with the model, command by command', async () => {
    await checkConnectorModel(await loadConnector(CONNECTOR), { connectorPath: CONNECTOR, numRuns: 6 });
  });
});
