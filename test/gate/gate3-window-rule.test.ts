/**
 * Issue 9: Gate 3 keeps its window rule, names the log lines it matched (level, code,
 * component, time), and says "no log expected" when the rule that reproduces the drift is
 * silent by nature. Which rules are silent is read from the fault library itself.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineCounts, driftEventsFrom } from '../../src/gate/drift-events.js';
import { gate3 } from '../../src/gate/gate3.js';
import { LOG_SIGNAL } from '../../src/gate/log-signal.js';
import type { ExplainedFault } from '../../src/gate/search.js';
import { FAULT_KINDS } from '../../src/sim/faults/index.js';
import type { Incident } from '../../src/sim/model.js';
import { incidentFrom, yamlIncident } from '../support/incident.js';

const T = (time: string) => `2026-03-02T${time}Z`;

/** The ERP never hears of the 10:10 shipment: its gap opens by 11:00 and stays. The storefront is not observed. */
function lostShipment(logs: string[]): Promise<Incident> {
  return incidentFrom(
    yamlIncident({
      systems: '[wms, erp, storefront]',
      initial: '{A: 10, B: 10}',
      links: ['{from: wms, to: erp, mode: event, carries: delta, latency: 2s}', '{from: erp, to: storefront, mode: event, carries: delta, latency: 2s}'],
      movements: [`{at: '${T('10:10:00')}', system: wms, sku: A, type: shipment, qty: -3}`],
      observations: [`{at: '${T('10:00:00')}', sku: A, counts: {wms: 10, erp: 10}}`, `{at: '${T('11:00:00')}', sku: A, counts: {wms: 7, erp: 10}}`],
      extra: logs.length > 0 ? ['logs:', ...logs.map((line) => `  - ${line}`)].join('\n') : '',
    }),
  );
}

async function onsets(incident: Incident) {
  return driftEventsFrom(incident, await baselineCounts(incident));
}

const rule = (kind: string): ExplainedFault => ({ spec: { kind, params: { link: 'wms->erp' } }, family: 'integration' });
const action: ExplainedFault = { spec: { kind: 'manual_override', params: { system: 'erp', sku: 'A', delta: 3 } }, family: 'process' };

describe('Gate 3', () => {
  it('matches an error on an implicated component within the window and names the line', async () => {
    const incident = await lostShipment([
      `{at: '${T('10:10:01')}', component: 'wms->erp', level: info, code: SENT, sku: A}`,
      `{at: '${T('10:10:02')}', component: 'wms->erp', level: error, code: WEBHOOK_DELIVERY_FAILED, sku: A}`,
    ]);
    const result = gate3(incident, await onsets(incident), { explanation: [rule('webhook_drop')] });
    expect({ answer: result.answer, covered: result.covered, onsets: result.onsets }).toEqual({ answer: 'yes', covered: 1, onsets: 1 });
    expect(result.matched).toEqual([incident.logs.at(1)]);
    expect(result.evidence).toContain('A in erp: matched error WEBHOOK_DELIVERY_FAILED on wms->erp at 2026-03-02T10:10:02Z.');
  });

  it('ignores a failure outside the window, on another SKU, or on a component that cannot reach the system', async () => {
    const incident = await lostShipment([
      // 11:00 + 60 minutes is the window's end.
      `{at: '${T('12:00:01')}', component: 'wms->erp', level: error, code: TIMEOUT, sku: A}`,
      `{at: '${T('10:10:02')}', component: 'wms->erp', level: error, code: TIMEOUT, sku: B}`,
      // Downstream of the ERP: it cannot explain the ERP's count.
      `{at: '${T('10:10:02')}', component: 'erp->storefront', level: error, code: TIMEOUT}`,
    ]);
    const result = gate3(incident, await onsets(incident), { explanation: [rule('timeout')] });
    expect({ answer: result.answer, covered: result.covered, matched: result.matched }).toEqual({ answer: 'no', covered: 0, matched: [] });
    expect(result.evidence).toContain('A in erp: no logged failure on erp, wms, wms->erp between 2026-03-02T09:00:00Z and 2026-03-02T12:00:00Z.');
  });

  it('says no log expected when the rule that reproduces it is silent by nature, and no when a human action is part of it', async () => {
    const incident = await lostShipment([]);
    const events = await onsets(incident);
    const silent = gate3(incident, events, { explanation: [rule('key_collision')] });
    expect(silent.answer).toBe('no log expected');
    expect(silent.silent).toEqual([{ kind: 'key_collision', link: 'wms->erp', why: LOG_SIGNAL.key_collision!.why }]);
    expect(silent.evidence).toContain(`key_collision on wms->erp is silent by nature: ${LOG_SIGNAL.key_collision!.why}. No log expected for it.`);
    expect(gate3(incident, events, { explanation: [rule('webhook_drop')] }).answer).toBe('no');
    expect(gate3(incident, events, { explanation: [rule('cadence'), action] }).answer).toBe('no');
    expect(gate3(incident, events, { explanation: [] }).answer).toBe('no');
  });

  it('with no onset: no log expected when the declared links make the gap, no drift when the systems agree', async () => {
    const incident = await lostShipment([]);
    expect(gate3(incident, [], { drifted: true }).answer).toBe('no log expected');
    expect(gate3(incident, [], { drifted: false }).answer).toBe('no drift');
  });

  it('knows, for every integration kind of the fault library, whether its rule writes a log line', () => {
    const folder = join(import.meta.dirname, '..', '..', 'src', 'sim', 'faults');
    const sources = readdirSync(folder).map((file) => readFileSync(join(folder, file), 'utf8'));
    const integration = FAULT_KINDS.filter((kind) => kind.family === 'integration');
    expect(Object.keys(LOG_SIGNAL).sort()).toEqual(integration.map((kind) => kind.kind).sort());
    for (const kind of integration) {
      const source = sources.find((text) => text.includes(`kind: '${kind.kind}'`))!;
      expect(LOG_SIGNAL[kind.kind]!.logs, kind.kind).toBe(source.includes('context.log('));
    }
  });

  it('docs/gates.md lists every integration rule with what it logs', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'gates.md'), 'utf8');
    for (const [kind, signal] of Object.entries(LOG_SIGNAL)) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${kind}\` |`));
      expect(row, kind).toBeDefined();
      expect(row!.split('|')[2]!.trim() === 'nothing', kind).toBe(!signal.logs);
    }
  });
});
