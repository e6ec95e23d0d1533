/**
 * Large emitted incidents go to NDJSON side files and load back to the same incident.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIncident } from '../../src/io/load-incident.js';
import { writeIncidentFiles } from '../../src/io/write-incident-files.js';
import { emitIncident } from '../../src/sim/emit-incident.js';
import { faults, incidentFrom, yamlIncident } from '../support/incident.js';
import { tempFolder } from '../support/temp.js';

describe('writeIncidentFiles', () => {
  it('writes lists over the inline limit to NDJSON side files that load back identically', async () => {
    const base = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        links: ['{from: wms, to: erp, mode: event, carries: delta, latency: 1s}'],
        movements: [
          "{at: '2026-03-02T01:00:00Z', system: wms, sku: A, type: shipment, qty: -2, ref: S1}",
          "{at: '2026-03-02T02:00:00Z', system: wms, sku: A, type: cycle_count, count: 4, actor: 'user:dana', sync: false}",
        ],
        observations: [],
      }),
    );
    const scenario = { ...base, faults: faults(base, 'webhook_drop:link=wms->erp,nth=1') };
    const { incident } = await emitIncident(scenario, 3_600_000);
    const folder = tempFolder('drift-sim-write-');
    const path = join(folder, 'recorded.yaml');
    const written = await writeIncidentFiles(path, incident, 0);
    expect(written.map((file) => file.slice(folder.length + 1)).sort()).toEqual(['recorded.logs.ndjson', 'recorded.movements.ndjson', 'recorded.observations.ndjson']);
    expect(readFileSync(path, 'utf8')).toContain('movements: {file: recorded.movements.ndjson}');
    const loaded = await loadIncident(path);
    expect([...loaded.movements]).toEqual([...incident.movements]);
    expect(loaded.observations).toEqual(incident.observations);
    expect(loaded.logs).toEqual(incident.logs);
    expect(incident.logs).toHaveLength(1);
    expect(existsSync(join(folder, 'recorded.movements.ndjson'))).toBe(true);
  });
});
