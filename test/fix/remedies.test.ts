/**
 * Each remedy on a small incident, against counts worked out by hand, and the two measures
 * (settled gaps, API limits) on cases small enough to count.
 */
import { describe, expect, it } from 'vitest';
import { chainCost } from '../../src/fix/api-limits.js';
import { measureWorld } from '../../src/fix/measure.js';
import { applyRemedies, parseRemedyFlag, skuVelocities } from '../../src/fix/remedies/index.js';
import type { World } from '../../src/fix/world.js';
import type { Incident } from '../../src/sim/model.js';
import { faults, incidentFrom, simulate } from '../support/incident.js';

const CHAIN = `version: 1
name: chain
window: {start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z'}
systems: [wms, erp, storefront]
initial: {FAST-1: 100, SLOW-1: 100}
links:
  - {from: wms, to: erp, mode: batch, every: 1h, carries: snapshot}
  - {from: erp, to: storefront, mode: event, carries: delta, latency: 2s}
movements:
  - {at: '2026-03-02T09:10:00Z', system: wms, sku: FAST-1, type: shipment, qty: -30, ref: SO-1}
  - {at: '2026-03-02T09:20:00Z', system: wms, sku: SLOW-1, type: shipment, qty: -2, ref: SO-2}
  - {at: '2026-03-02T09:30:00Z', system: wms, sku: FAST-1, type: shipment, qty: -30, ref: SO-3}
observations:
  - {at: '2026-03-02T09:45:00Z', sku: FAST-1, counts: {wms: 40}}
  - {at: '2026-03-02T09:45:00Z', sku: SLOW-1, counts: {wms: 98}}
  - {at: '2026-03-02T10:30:00Z', sku: FAST-1, counts: {wms: 40}}
`;

function remedy(incident: Incident, flag: string) {
  const parsed = parseRemedyFlag(flag, incident);
  if (!parsed.spec) throw new Error(`${flag}: ${JSON.stringify(parsed.problems)}`);
  return parsed.spec;
}

async function countsOf(world: World) {
  return simulate(world.incident, { faults: world.faults });
}

describe('the remedies, by hand', () => {
  it('event_for: SKUs above the velocity go event-driven, the rest wait for the batch', async () => {
    const incident = await incidentFrom(CHAIN);
    // FAST-1 moved 60 units in the 1-day window, SLOW-1 2 (SKUs in code-point order).
    expect(skuVelocities(incident)).toEqual([60, 2]);
    const world = applyRemedies({ incident, faults: [] }, [remedy(incident, 'event_for:link=wms->erp,above=10')]);
    expect(world.incident.links.map((link) => [link.name, link.mode, link.skus])).toEqual([
      ['wms->erp', 'batch', [1]],
      ['erp->storefront', 'event', undefined],
      ['wms->erp@event', 'event', [0]],
    ]);
    const counts = await countsOf(world);
    // 09:45: FAST-1 arrived at once everywhere (40); SLOW-1 waits for the 10:00 cycle.
    expect(counts[0]).toEqual({ wms: 40, erp: 40, storefront: 40 });
    expect(counts[1]).toEqual({ wms: 98, erp: 100, storefront: 100 });
  });

  it('link: a new capacity replaces batch_capacity; a new mode ends the batch-only faults and cadence', async () => {
    const incident = await incidentFrom(CHAIN);
    const world = { incident, faults: faults(incident, 'batch_capacity:link=wms->erp,capacity=1', 'cadence:link=wms->erp,every=6h', 'webhook_drop:link=erp->storefront,nth=1') };
    expect(applyRemedies(world, [remedy(incident, 'link:link=wms->erp,capacity=5')]).faults.map((fault) => fault.kind)).toEqual(['cadence', 'webhook_drop']);
    expect(applyRemedies(world, [remedy(incident, 'link:link=wms->erp,mode=event')]).faults.map((fault) => fault.kind)).toEqual(['webhook_drop']);
    const batched = applyRemedies(world, [remedy(incident, 'link:link=erp->storefront,mode=batch,every=15m')]);
    expect(batched.faults.map((fault) => fault.kind)).toEqual(['batch_capacity', 'cadence']);
    expect(batched.incident.links[1]).toMatchObject({ mode: 'batch', everyMs: 900_000, carries: 'delta', latencyMs: 2000 });
  });

  it('retry: a dropped webhook lands a backoff later, once', async () => {
    const incident = await incidentFrom(CHAIN);
    const world = { incident, faults: faults(incident, 'webhook_drop:link=erp->storefront,nth=1') };
    // Every webhook is lost: the storefront never moves.
    expect((await countsOf(world))[2]).toEqual({ wms: 40, erp: 40, storefront: 100 });
    const retried = applyRemedies(world, [remedy(incident, 'retry:link=erp->storefront,backoff=1m')]);
    expect(retried.faults).toEqual([{ kind: 'timeout', params: { link: 'erp->storefront', applied: false, retry: 60_000, maxRetries: 3, nth: 1 } }]);
    // The 10:00 cycle's -60 for FAST-1 fails once at 10:00:02 and lands at 10:01:02.
    expect((await countsOf(retried))[2]).toEqual({ wms: 40, erp: 40, storefront: 40 });
  });

  it('retry with keys makes a keyless redelivery carry its key again, so it is ignored', async () => {
    const incident = await incidentFrom(CHAIN);
    const world = { incident, faults: faults(incident, 'duplicate_delivery:link=erp->storefront,nth=1,keyless=true') };
    expect((await countsOf(world))[2]).toEqual({ wms: 40, erp: 40, storefront: -20 });
    expect((await countsOf(applyRemedies(world, [remedy(incident, 'retry:link=erp->storefront')])))[2]).toEqual({ wms: 40, erp: 40, storefront: 40 });
    // Without keys nothing changes.
    expect((await countsOf(applyRemedies(world, [remedy(incident, 'retry:link=erp->storefront,keys=false')])))[2]).toEqual({ wms: 40, erp: 40, storefront: -20 });
  });

  it('field_length: a truncation cut at 5 characters rejects both SKUs; at 6 it lets them through', async () => {
    const incident = await incidentFrom(CHAIN);
    const world = { incident, faults: faults(incident, 'truncation:link=erp->storefront,maxLength=5') };
    expect((await countsOf(world))[2]).toEqual({ wms: 40, erp: 40, storefront: 100 });
    const fixed = applyRemedies(world, [remedy(incident, 'field_length:link=erp->storefront,length=6')]);
    expect(fixed.faults[0]!.params.maxLength).toBe(6);
    expect((await countsOf(fixed))[2]).toEqual({ wms: 40, erp: 40, storefront: 40 });
  });

  it('approval_gate: stop removes the override; route enters it in the system of record and it flows down', async () => {
    const incident = await incidentFrom(CHAIN);
    const world = { incident, faults: faults(incident, 'manual_override:system=storefront,sku=SLOW-1,at=2026-03-02T09:40:00Z,delta=-10') };
    expect((await countsOf(world))[1]).toEqual({ wms: 98, erp: 100, storefront: 90 });
    expect(applyRemedies(world, [remedy(incident, 'approval_gate:system=storefront')]).faults).toEqual([]);
    const routed = applyRemedies(world, [remedy(incident, 'approval_gate:system=storefront,action=route')]);
    expect(routed.faults[0]!.params).toMatchObject({ system: 'wms', synced: true });
    // 09:45: the wms has the -10 (88); the batch carries it at 10:00. At 10:30 FAST-1 is unaffected.
    expect((await countsOf(routed))[1]).toEqual({ wms: 88, erp: 100, storefront: 100 });
  });

  it('push_counts and route_back: the correction and the partner shipment enter the chain', async () => {
    const partner = CHAIN.replace('systems: [wms, erp, storefront]', 'systems: {wms: {kind: wms}, erp: {kind: erp}, storefront: {kind: shopify}, partner: {kind: 3pl}}').replace(
      '  - {from: erp, to: storefront',
      '  - {from: wms, to: partner, mode: batch, every: 1h, carries: snapshot}\n  - {from: erp, to: storefront',
    ).replace("  - {at: '2026-03-02T10:30:00Z', sku: FAST-1, counts: {wms: 40}}", "  - {at: '2026-03-02T11:30:00Z', sku: SLOW-1, counts: {wms: 40}}");
    const incident = await incidentFrom(partner);
    const counted = { incident, faults: faults(incident, 'unpropagated_adjustment:system=wms,sku=SLOW-1,at=2026-03-02T10:10:00Z,count=50') };
    expect((await countsOf(counted))[2]).toEqual({ wms: 50, erp: 98, storefront: 98, partner: 98 });
    expect((await countsOf(applyRemedies(counted, [remedy(incident, 'push_counts:system=wms')])))[2]).toEqual({ wms: 50, erp: 50, storefront: 50, partner: 50 });
    const shipped = { incident, faults: faults(incident, 'split_shipment:system=partner,sku=SLOW-1,at=2026-03-02T10:10:00Z,qty=-3') };
    expect((await countsOf(shipped))[2]).toEqual({ wms: 98, erp: 98, storefront: 98, partner: 95 });
    const routed = applyRemedies(shipped, [remedy(incident, 'route_back:system=partner')]);
    expect(routed.incident.links.at(-1)).toMatchObject({ name: 'partner->wms', mode: 'event', carries: 'delta', types: ['shipment'] });
    expect((await countsOf(routed))[2]).toEqual({ wms: 95, erp: 95, storefront: 95, partner: 95 });
  });
});

describe('what a fix leaves and costs', () => {
  it('a webhook on its way is no drift; a change waiting for its batch is', async () => {
    const incident = await incidentFrom(
      CHAIN.replace("  - {at: '2026-03-02T09:45:00Z', sku: FAST-1, counts: {wms: 40}}", "  - {at: '2026-03-02T10:00:01Z', sku: FAST-1, counts: {wms: 40}}"),
    );
    const measured = await measureWorld({ incident, faults: [] });
    // SLOW-1 at 09:45: wms 98, erp and storefront 100 until the 10:00 cycle: a gap of 2.
    // FAST-1 at 10:00:01: erp has 40 since 10:00, the storefront's -60 lands at 10:00:02: on its way.
    // FAST-1 at 10:30: all 40.
    expect(measured.gaps).toEqual([2, 0, 0]);
    expect(measured.drift).toMatchObject({ largestGap: 2, driftingObservations: 1, skusAffected: 1 });
    // Unit-hours: FAST-1 apart by 30 from 09:10 to 09:30 and by 60 to 10:00 (+2 s at 60): 10 + 30 + 60*2/3600;
    // SLOW-1 apart by 2 from 09:20 to 10:00 and 10:00:02: 2*(40*60+2)/3600.
    expect(measured.drift.unitHours).toBe(Math.round(((30 * 1200 + 60 * 1800 + 60 * 2 + 2 * 2402) / 3600) * 100) / 100);
  });

  it('Shopify refuses what the bucket cannot pay; NetSuite what finds its slots taken', async () => {
    const incident = await incidentFrom(CHAIN);
    const burst = { sendTimes: new Array<number>(150).fill(incident.window.startMs), skus: [], values: [], maxPending: 0 };
    const none = { sendTimes: [], skus: [], values: [], maxPending: 0 };
    // 150 storefront updates in one instant: 1 000 points pay for 100 at 10 points each.
    expect(chainCost(incident, [none, burst]).shopify).toEqual({ calls: 150, callsPerDay: 150, overLimit: 50 });
    // 7 ERP updates in one batch cycle: one request each, 5 at once, 2 refused.
    const cycle = { sendTimes: new Array<number>(7).fill(incident.window.startMs), skus: [], values: [], maxPending: 7 };
    expect(chainCost(incident, [cycle, none]).netsuite).toEqual({ calls: 7, callsPerDay: 7, overLimit: 2 });
  });
});
