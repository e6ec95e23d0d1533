/**
 * Issue 9: Gate 1 judges the drift people see. Small incidents whose verdict follows by hand
 * from the rule (each change away from what the declared links give is opened by movements
 * upstream, closed by the sync, or irregular), then the three cases the issue reported: a
 * batch capped at two SKUs per cycle, the weekend batch gap, and a daily batch the business
 * has outpaced.
 */
import { describe, expect, it } from 'vitest';
import { TRAINING_OBSERVE_MS } from '../../src/cli/train.js';
import { diagnose } from '../../src/gate/diagnose.js';
import { baselineCounts, driftEventsFrom } from '../../src/gate/drift-events.js';
import { gate1 } from '../../src/gate/gate1.js';
import { findScenario } from '../../src/io/scenario-library.js';
import { emitIncident } from '../../src/sim/emit-incident.js';
import type { Incident } from '../../src/sim/model.js';
import { parseTime } from '../../src/sim/time.js';
import { incidentFrom, yamlIncident } from '../support/incident.js';

const T = (time: string) => `2026-03-02T${time}:00Z`;
const HOURLY = '{from: wms, to: erp, mode: batch, every: 1h, carries: snapshot}';

async function judge(incident: Incident) {
  const baseline = await baselineCounts(incident);
  return gate1(incident, baseline, driftEventsFrom(incident, baseline));
}

function twoSystems(links: string[], movements: string[], observations: string[], initial = '{A: 10}') {
  return incidentFrom(yamlIncident({ systems: '[wms, erp]', window: [T('00:00'), '2026-03-03T06:00:00Z'], initial, links, movements, observations }));
}

describe('Gate 1 on small incidents', () => {
  it('no drift only when every observation shows the systems equal', async () => {
    const incident = await twoSystems([HOURLY], [`{at: '${T('10:10')}', system: wms, sku: A, type: shipment, qty: -3}`], [
      `{at: '${T('10:00')}', sku: A, counts: {wms: 10, erp: 10}}`,
      `{at: '${T('12:00')}', sku: A, counts: {wms: 7, erp: 7}}`,
    ]);
    const result = await judge(incident);
    expect(result.answer).toBe('no drift');
    expect(result.evidence).toEqual(['Every one of the 2 observations shows the systems equal (within 0).']);
  });

  it('a gap the declared daily batch produces is consistent, and the evidence says so', async () => {
    // The ERP hears of the 10:00 shipment only at the next midnight cycle: at 12:00 it is 4 above.
    const incident = await twoSystems(['{from: wms, to: erp, mode: batch, every: 1d, carries: snapshot}'], [`{at: '${T('10:00')}', system: wms, sku: A, type: shipment, qty: -4}`], [
      `{at: '${T('12:00')}', sku: A, counts: {wms: 6, erp: 10}}`,
      `{at: '2026-03-03T01:00:00Z', sku: A, counts: {wms: 6, erp: 6}}`,
    ]);
    const result = await judge(incident);
    expect(result.answer).toBe('consistent');
    expect(result.declared).toEqual([
      { link: 'wms->erp', described: 'daily batch wms->erp', scheduled: true, observations: 1, widest: { sku: 'A', atMs: parseTime(T('12:00')), from: 6, to: 10 } },
    ]);
    expect(result.evidence[0]).toBe(
      'The declared daily batch wms->erp produces this gap: erp up to 4 off wms (A at 2026-03-02T12:00:00Z: wms 6, erp 10), in 1 observation, exactly as the replay of the declared links gives it.',
    );
  });

  it('a gap an event link leaves while its message is in flight is the declared links too', async () => {
    const incident = await twoSystems(['{from: wms, to: erp, mode: event, carries: delta, latency: 2h}'], [`{at: '${T('10:00')}', system: wms, sku: A, type: shipment, qty: -3}`], [
      `{at: '${T('11:00')}', sku: A, counts: {wms: 7, erp: 10}}`,
      `{at: '${T('13:00')}', sku: A, counts: {wms: 7, erp: 7}}`,
    ]);
    const result = await judge(incident);
    expect(result.answer).toBe('consistent');
    expect(result.evidence[0]).toBe(
      'The declared event link wms->erp (latency 2h) leaves a gap while a message is in flight: erp up to 3 off wms (A at 2026-03-02T11:00:00Z: wms 7, erp 10), in 1 observation, exactly as the replay of the declared links gives it.',
    );
  });

  it('a gap that opens with movements and closes when the sync catches up is consistent', async () => {
    // The 11:00 cycle should have carried the 10:10 shipment; the ERP shows it only by 13:30.
    const incident = await twoSystems([HOURLY], [`{at: '${T('10:10')}', system: wms, sku: A, type: shipment, qty: -3}`], [
      `{at: '${T('10:00')}', sku: A, counts: {wms: 10, erp: 10}}`,
      `{at: '${T('11:30')}', sku: A, counts: {wms: 7, erp: 10}}`,
      `{at: '${T('13:30')}', sku: A, counts: {wms: 7, erp: 7}}`,
    ]);
    const result = await judge(incident);
    expect(result.answer).toBe('consistent');
    expect(result.steps.map((step) => [step.verdict, step.event.before, step.event.after, step.movedUnits])).toEqual([
      ['opened with movements', 0, 3, 3],
      ['closed by the sync', 3, 0, 3],
    ]);
  });

  it('a jump with no movement that never closes is irregular', async () => {
    const incident = await twoSystems([HOURLY], [], [
      `{at: '${T('10:00')}', sku: A, counts: {wms: 10, erp: 10}}`,
      `{at: '${T('12:00')}', sku: A, counts: {wms: 10, erp: 5}}`,
      `{at: '${T('14:00')}', sku: A, counts: {wms: 10, erp: 5}}`,
    ]);
    const result = await judge(incident);
    expect(result.answer).toBe('irregular');
    expect(result.steps.map((step) => step.verdict)).toEqual(['no movement']);
    expect(result.evidence).toContain(
      'A in erp moved by -5 between 2026-03-02T10:00:00Z and 2026-03-02T12:00:00Z with no movement of that SKU upstream in that time, nor in the time the sync takes before it.',
    );
  });

  it('a change larger than everything that moved is irregular', async () => {
    // One unit shipped; the ERP falls 7 below what the 12:00 snapshot carries.
    const incident = await twoSystems([HOURLY], [`{at: '${T('11:10')}', system: wms, sku: A, type: shipment, qty: -1}`], [
      `{at: '${T('10:00')}', sku: A, counts: {wms: 10, erp: 10}}`,
      `{at: '${T('12:30')}', sku: A, counts: {wms: 9, erp: 2}}`,
    ]);
    const result = await judge(incident);
    expect(result.answer).toBe('irregular');
    expect(result.steps.map((step) => [step.verdict, step.event.step, step.movedUnits])).toEqual([['too large', -7, 1]]);
    expect(result.evidence).toContain('A in erp moved by -7 between 2026-03-02T10:00:00Z and 2026-03-02T12:30:00Z, more than the 1 unit of that SKU that moved upstream in that time.');
  });

  it('a change in a system nothing feeds is irregular, whatever moved', async () => {
    // The WMS should be at 7 after the shipment; it shows 5. The daily batch has not run yet.
    const incident = await twoSystems(['{from: wms, to: erp, mode: batch, every: 1d, carries: snapshot}'], [`{at: '${T('10:10')}', system: wms, sku: A, type: shipment, qty: -3}`], [
      `{at: '${T('10:00')}', sku: A, counts: {wms: 10, erp: 10}}`,
      `{at: '${T('12:00')}', sku: A, counts: {wms: 5, erp: 10}}`,
    ]);
    const result = await judge(incident);
    expect(result.answer).toBe('irregular');
    expect(result.steps.map((step) => [step.verdict, step.event.system, step.event.step])).toEqual([['unfed system', 0, -2]]);
    expect(result.evidence).toContain('A in wms moved by -2 between 2026-03-02T10:00:00Z and 2026-03-02T12:00:00Z: no link feeds wms and no recorded movement accounts for it.');
  });

  it('a change the sync carried on is still no drift when every observation shows the systems equal', async () => {
    const incident = await twoSystems([HOURLY], [`{at: '${T('10:10')}', system: wms, sku: A, type: shipment, qty: -3}`], [
      `{at: '${T('10:00')}', sku: A, counts: {wms: 10, erp: 10}}`,
      `{at: '${T('12:00')}', sku: A, counts: {wms: 5, erp: 5}}`,
    ]);
    expect((await judge(incident)).answer).toBe('no drift');
  });

  it('a difference already there at the first observation is a starting count: not judged', async () => {
    // Both systems start at 10 on file; the first look shows the ERP at 12, and nothing changes after.
    const incident = await twoSystems([HOURLY], [], [`{at: '${T('10:00')}', sku: A, counts: {wms: 10, erp: 12}}`, `{at: '${T('12:00')}', sku: A, counts: {wms: 10, erp: 12}}`]);
    const result = await judge(incident);
    expect(result.steps.map((step) => [step.verdict, step.event.after])).toEqual([['present at the first observation', 2]]);
    expect(result.tally.irregular).toBe(0);
    expect(result.evidence).toContain('1 difference was already there at the first observation of a SKU in a system: a starting count cannot be told from drift, so it is not judged.');
  });

  it('an update that lands on another item is consistent: the units are what the other SKU missed', async () => {
    const incident = await twoSystems(['{from: wms, to: erp, mode: event, carries: delta}'], [`{at: '${T('10:30')}', system: wms, sku: B, type: shipment, qty: -2}`], [
      `{at: '${T('10:00')}', sku: A, counts: {wms: 10, erp: 10}}`,
      `{at: '${T('10:00')}', sku: B, counts: {wms: 10, erp: 10}}`,
      `{at: '${T('11:00')}', sku: A, counts: {wms: 10, erp: 8}}`,
      `{at: '${T('11:00')}', sku: B, counts: {wms: 8, erp: 10}}`,
    ], '{A: 10, B: 10}');
    const result = await judge(incident);
    expect(result.answer).toBe('consistent');
    expect(result.steps.map((step) => [incident.skus[step.event.sku]!.sku, step.verdict, step.event.step])).toEqual([
      ['A', 'landed on another item', -2],
      ['B', 'opened with movements', 2],
    ]);
  });
});

describe('the cases issue 9 reported', () => {
  it('a batch capped at 2 SKUs per cycle (a backlog each afternoon, drained at night) is consistent, silent, routed to IT', async () => {
    const entry = await findScenario('slow-batch-invites-overrides');
    const capped: Incident = { ...entry.incident, faults: entry.incident.faults.filter((fault) => fault.kind === 'batch_capacity') };
    expect(capped.faults.map((fault) => fault.kind)).toEqual(['batch_capacity']);
    const { incident } = await emitIncident(capped, TRAINING_OBSERVE_MS);
    const result = await diagnose(incident);
    expect(result.gate1.answer).toBe('consistent');
    expect(result.gate1.tally.openedWithMovements).toBeGreaterThan(0);
    expect(result.gate1.tally.closedBySync).toBeGreaterThan(0);
    expect({ answer: result.gate2.answer, problem: result.gate2.problem, kinds: result.gate2.explanation.map((fault) => fault.spec.kind) }).toEqual({
      answer: 'yes',
      problem: 'integration',
      kinds: ['batch_capacity'],
    });
    expect(result.gate3.answer).toBe('no log expected');
    expect(result.gate3.evidence).toContain(
      'batch_capacity on wms->erp is silent by nature: a job that carries fewer SKUs per run than it is given completes without an error. No log expected for it.',
    );
    expect(result.route).toBe('it');
  });

  it('weekend-batch-gap: consistent, Monday’s catch-up is the sync closing the gap, no log expected', async () => {
    const { incident } = await findScenario('weekend-batch-gap');
    const result = await diagnose(incident);
    expect(result.gate1.answer).toBe('consistent');
    expect(result.gate1.tally.irregular).toBe(0);
    // 2026-03-16 is a Monday; the batch runs at 01:00, 07:00, 13:00 and 19:00, observations every 4 hours.
    const monday = result.gate1.steps.filter((step) => step.event.toMs === parseTime('2026-03-16T04:00:00Z') && incident.systems[step.event.system]!.name === 'erp');
    expect(monday.length).toBeGreaterThan(0);
    for (const step of monday) expect(step.verdict).toBe('closed by the sync');
    expect(result.gate3.answer).toBe('no log expected');
    expect(result.gate3.silent.map((rule) => rule.kind)).toEqual(['cadence']);
  });

  it('outpaced-daily-batch: consistent, "the declared daily batch produces this gap", not no drift', async () => {
    const entry = await findScenario('outpaced-daily-batch');
    const { incident } = await emitIncident(entry.incident, TRAINING_OBSERVE_MS);
    const result = await diagnose(incident);
    expect(result.gate1.answer).toBe('consistent');
    expect(result.gate1.evidence[0]).toMatch(/^The declared daily batch wms->erp produces this gap: erp up to \d+ off wms/);
    // Every shipment happens between 08:00 and 20:00, after the 02:00 batch: by evening the ERP
    // is a whole day's shipments above the WMS. The widest gap is the busiest day of the SKU.
    const daily = new Map<string, number>();
    for (const movement of incident.movements) {
      const day = new Date(movement.atMs).toISOString().slice(0, 10);
      const key = `${movement.sku}:${day}`;
      daily.set(key, (daily.get(key) ?? 0) - movement.value);
    }
    const busiest = Math.max(...daily.values());
    const widest = result.gate1.declared.find((gap) => gap.link === 'wms->erp')!.widest;
    expect(widest.to - widest.from).toBe(busiest);
    expect(result.gate2.explanation).toEqual([]);
    expect(result.gate3.answer).toBe('no log expected');
    expect(result.table.rows[0]!.incident).toMatch(/the declared daily batch wms->erp produces the gap/);
    expect(result.table.rows.find((row) => row.row === 'resolution')!.incident).toMatch(/run the daily batch wms->erp more often/);
  });
});
