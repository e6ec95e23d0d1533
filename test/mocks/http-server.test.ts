/**
 * Goal: the real HTTP server serves the mocks on 127.0.0.1 with an ephemeral port, answers 404
 * for paths no mock serves, turns a lost request (fault hook `timeout`) into a dropped
 * connection, and `createHandlers` mounts each system by kind (`3pl` gets the WMS API).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpFaultOutcome } from '../../mocks/index.js';
import { createHandlers } from '../../mocks/index.js';
import { startHttpServer } from '../../src/adapters/http-server.js';
import type { Incident } from '../../src/sim/model.js';
import { SystemState } from '../../src/sim/state.js';
import type { Harness } from './fixtures.js';
import { MUG, START_MS, TOKEN, WMS, makeIncident, serveMocks } from './fixtures.js';

describe('HTTP server for the mocks', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('listens on 127.0.0.1 on a free port and answers 404 where no mock is mounted', async () => {
    harness = await serveMocks('http');
    expect(harness.url('wms')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wms$/);
    const response = await fetch(harness.url('wms').replace(/\/wms$/, '/nowhere/inventory'));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No mocked API at GET /nowhere/inventory' } });
  });

  it('drops the connection of a lost request, and applies a request whose answer was lost', async () => {
    let outcome: HttpFaultOutcome = 'timeout';
    harness = await serveMocks('http', { faults: () => outcome });
    const post = () =>
      fetch(`${harness!.url('wms')}/adjustments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ sku: 'MUG-01', delta: -1 }),
      });
    await expect(post()).rejects.toThrow();
    expect(harness.state.count(WMS, MUG)).toBe(40); // lost before processing
    outcome = 'timeout-after-apply';
    await expect(post()).rejects.toThrow();
    expect(harness.state.count(WMS, MUG)).toBe(39); // processed, answer lost
    outcome = 'error5xx';
    expect((await post()).status).toBe(503);
    expect(harness.state.count(WMS, MUG)).toBe(39);
  });

  it('mounts every system by kind, a 3pl with the WMS API', async () => {
    const incident: Incident = {
      ...makeIncident(),
      systems: [
        { name: 'wms', kind: 'wms' },
        { name: 'erp', kind: 'erp' },
        { name: 'partner', kind: '3pl' },
      ],
      links: [],
    };
    const state = new SystemState(3, 2, incident.initial);
    let dispose: () => void = () => undefined;
    const server = await startHttpServer({
      port: 0,
      handlers: (baseUrl) => {
        const mocks = createHandlers({ incident, state, clock: { nowMs: () => START_MS }, accessToken: TOKEN, appSecret: 's', baseUrl });
        dispose = () => mocks.dispose();
        expect(mocks.systems.map((api) => api.kind)).toEqual(['wms', 'erp', '3pl']);
        return mocks.handlers;
      },
    });
    try {
      const response = await fetch(`${server.baseUrl}/partner/inventory/TEE-CLASSIC-BLK-M`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(await response.json()).toEqual({ sku: 'TEE-CLASSIC-BLK-M', quantity: 120, updatedAt: '2026-03-02T09:00:00Z' });
    } finally {
      dispose();
      await server.close();
    }
  });
});
