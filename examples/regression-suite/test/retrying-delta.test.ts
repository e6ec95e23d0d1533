/**
 * The deliberately broken connector (connectors/retrying-delta-connector.ts): it retries a
 * Shopify adjustment without an idempotency key. This test FAILS on purpose: its output is the
 * shrunk counterexample and the `drift-sim replay` command shown in docs/testing.md.
 */
import { it } from 'vitest';
import { checkConnector } from 'drift-sim/testing';
import retryingDelta from '../connectors/retrying-delta-connector.js';

it('retrying-delta never applies a retried request twice', async () => {
  await checkConnector(retryingDelta, 'noDoubleApply', { connectorPath: 'connectors/retrying-delta-connector.ts', numRuns: 12 });
});
