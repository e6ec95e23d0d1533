/**
 * The engine against hand-computed expectations: each link mode, each ordering rule of the
 * spec's semantics section, and the relay rule, on incidents small enough to check by hand.
 */
import { describe, expect, it } from 'vitest';
import { faults, incidentFrom, simulate, traceOf, yamlIncident } from '../support/incident.js';

const T = (hhmmss: string) => `2026-03-02T${hhmmss}Z`;
const obs = (time: string, sku = 'A') => `{at: '${T(time)}', sku: ${sku}, counts: {wms: 0}}`;

describe('event links', () => {
  it('deliver a delta after the latency, not before', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        links: ['{from: wms, to: erp, mode: event, carries: delta, latency: 30s}'],
        movements: [`{at: '${T('00:10:00')}', system: wms, sku: A, type: shipment, qty: -3, ref: S1}`],
        observations: [obs('00:10:00'), obs('00:10:29'), obs('00:10:30')],
      }),
    );
    expect(await simulate(incident)).toEqual([
      { wms: 7, erp: 10 },
      { wms: 7, erp: 10 },
      { wms: 7, erp: 7 },
    ]);
  });

  it('carry a snapshot of the source count at send time', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        initial: '{A: {wms: 10, erp: 50}}',
        links: ['{from: wms, to: erp, mode: event, carries: snapshot}'],
        movements: [`{at: '${T('01:00:00')}', system: wms, sku: A, type: receipt, qty: 5}`],
        observations: [obs('00:59:59'), obs('01:00:00')],
      }),
    );
    // Initial counts are not changes: erp keeps 50 until the first change, then gets 15.
    expect(await simulate(incident)).toEqual([
      { wms: 10, erp: 50 },
      { wms: 15, erp: 15 },
    ]);
  });

  it('apply a zero-latency message before the next movement at the same instant', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        links: ['{from: wms, to: erp, mode: event, carries: snapshot}'],
        movements: [
          `{at: '${T('01:00:00')}', system: wms, sku: A, type: shipment, qty: -1, ref: S1}`,
          `{at: '${T('01:00:00')}', system: wms, sku: A, type: shipment, qty: -2, ref: S2}`,
        ],
        observations: [obs('01:00:00')],
      }),
    );
    const events = await traceOf(incident);
    const order = events.filter((event) => event.event === 'movement' || event.event === 'deliver').map((event) => `${event.event}:${'after' in event ? event.after : ''}`);
    expect(order).toEqual(['movement:9', 'deliver:9', 'movement:7', 'deliver:7']);
  });
});

describe('batch and poll links', () => {
  it('send pending SKUs at each cycle (t - offset a multiple of every) and nothing in between', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        links: ['{from: wms, to: erp, mode: batch, every: 15m, offset: 5m, carries: snapshot}'],
        movements: [`{at: '${T('00:06:00')}', system: wms, sku: A, type: shipment, qty: -4}`],
        // Cycles at 00:05, 00:20, 00:35 ...: the change at 00:06 reaches erp at 00:20.
        observations: [obs('00:19:59'), obs('00:20:00')],
      }),
    );
    expect(await simulate(incident)).toEqual([
      { wms: 6, erp: 10 },
      { wms: 6, erp: 6 },
    ]);
  });

  it('runs a movement at a cycle instant before the cycle, and the observation after both', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        links: ['{from: wms, to: erp, mode: poll, every: 1h, carries: snapshot}'],
        movements: [`{at: '${T('01:00:00')}', system: wms, sku: A, type: receipt, qty: 2}`],
        observations: [obs('01:00:00')],
      }),
    );
    expect(await simulate(incident)).toEqual([{ wms: 12, erp: 12 }]);
  });

  it('delta links send the net change; a net-zero SKU sends nothing', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        initial: '{A: 10, B: 10}',
        links: ['{from: wms, to: erp, mode: batch, every: 1h, carries: delta}'],
        movements: [
          `{at: '${T('00:10:00')}', system: wms, sku: A, type: shipment, qty: -3}`,
          `{at: '${T('00:20:00')}', system: wms, sku: A, type: shipment, qty: -2}`,
          `{at: '${T('00:30:00')}', system: wms, sku: B, type: shipment, qty: -1}`,
          `{at: '${T('00:40:00')}', system: wms, sku: B, type: return, qty: 1}`,
        ],
        observations: [obs('01:00:00', 'A'), obs('01:00:00', 'B')],
      }),
    );
    expect(await simulate(incident)).toEqual([
      { wms: 5, erp: 5 },
      { wms: 10, erp: 10 },
    ]);
    const sends = (await traceOf(incident)).filter((event) => event.event === 'send');
    expect(sends.map((event) => (event.event === 'send' ? [event.sku, event.value] : []))).toEqual([['A', -5]]);
  });

  it('snapshot links still send a net-zero SKU, and it counts toward capacity', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        initial: '{A: {wms: 10, erp: 99}, B: 10}',
        links: ['{from: wms, to: erp, mode: batch, every: 1h, carries: snapshot, capacity: 1}'],
        movements: [
          `{at: '${T('00:10:00')}', system: wms, sku: A, type: shipment, qty: -1}`,
          `{at: '${T('00:11:00')}', system: wms, sku: A, type: return, qty: 1}`,
          `{at: '${T('00:20:00')}', system: wms, sku: B, type: shipment, qty: -4}`,
        ],
        observations: [obs('01:00:00', 'A'), obs('01:00:00', 'B'), obs('02:00:00', 'B')],
      }),
    );
    // A (oldest change) goes first at 01:00 and overwrites erp's 99 with 10; B waits for 02:00.
    expect(await simulate(incident)).toEqual([
      { wms: 10, erp: 10 },
      { wms: 6, erp: 10 },
      { wms: 6, erp: 6 },
    ]);
  });

  it('capacity: oldest unsent change first, ties by SKU in code-point order, leftovers keep their time', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        initial: '{b: 10, B: 10, a: 10, C: 10}',
        links: ['{from: wms, to: erp, mode: batch, every: 1h, carries: delta, capacity: 2}'],
        movements: [
          `{at: '${T('00:30:00')}', system: wms, sku: b, type: shipment, qty: -1}`,
          `{at: '${T('00:30:00')}', system: wms, sku: a, type: shipment, qty: -1}`,
          `{at: '${T('00:30:00')}', system: wms, sku: B, type: shipment, qty: -1}`,
          `{at: '${T('00:10:00')}', system: wms, sku: C, type: shipment, qty: -1}`,
          `{at: '${T('01:30:00')}', system: wms, sku: C, type: shipment, qty: -1}`,
        ],
        observations: [],
      }),
    );
    const sent = (await traceOf(incident)).flatMap((event) => (event.event === 'send' ? [`${event.at.slice(11, 16)} ${event.sku}`] : []));
    // 01:00: C (00:10) then B (00:30, 'B' < 'a' < 'b'); 02:00: a and b (still 00:30) before C (01:30).
    expect(sent).toEqual(['01:00 C', '01:00 B', '02:00 a', '02:00 b', '03:00 C']);
  });

  it('a type filter lets only the listed movement types in; batch messages carry type batch', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        links: ['{from: storefront, to: erp, mode: event, carries: delta, types: [order]}', '{from: erp, to: wms, mode: batch, every: 1h, carries: delta, types: [order]}'],
        movements: [
          `{at: '${T('00:10:00')}', system: storefront, sku: A, type: order, qty: -2, ref: '#1'}`,
          `{at: '${T('00:20:00')}', system: storefront, sku: A, type: adjustment, qty: -5}`,
        ],
        observations: [obs('02:00:00')],
      }),
    );
    // The order reaches erp and, keeping its type through the event link, enters erp->wms.
    expect(await simulate(incident)).toEqual([{ wms: 8, erp: 8, storefront: 3 }]);
  });
});

describe('the relay rule and idempotency', () => {
  it('a delivered change never goes back over the link to the system it came from', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        links: ['{from: wms, to: erp, mode: event, carries: delta}', '{from: erp, to: wms, mode: event, carries: delta}'],
        movements: [
          `{at: '${T('00:10:00')}', system: wms, sku: A, type: shipment, qty: -3, ref: S1}`,
          `{at: '${T('00:20:00')}', system: erp, sku: A, type: adjustment, qty: 1, ref: ADJ}`,
        ],
        observations: [obs('00:10:00'), obs('00:20:00')],
      }),
    );
    expect(await simulate(incident)).toEqual([
      { wms: 7, erp: 7 },
      { wms: 8, erp: 8 },
    ]);
  });

  it('a chain relays: wms -> erp -> storefront, each hop keeping type and ref on event links', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        links: ['{from: wms, to: erp, mode: event, carries: delta, latency: 1s}', '{from: erp, to: storefront, mode: event, carries: delta, latency: 2s}'],
        movements: [`{at: '${T('00:10:00')}', system: wms, sku: A, type: shipment, qty: -3, ref: S1}`],
        observations: [obs('00:10:02'), obs('00:10:03')],
      }),
    );
    expect(await simulate(incident)).toEqual([
      { wms: 7, erp: 7, storefront: 10 },
      { wms: 7, erp: 7, storefront: 7 },
    ]);
    const sends = (await traceOf(incident)).filter((event) => event.event === 'send');
    expect(sends.map((event) => (event.event === 'send' ? event.key : ''))).toEqual(['S1:A', 'S1:A']);
  });

  it('an idempotent target ignores a second delivery with the same ref and SKU; a non-idempotent one applies it', async () => {
    const make = (idempotent: boolean) =>
      incidentFrom(
        yamlIncident({
          systems: '[wms, erp]',
          links: [`{from: wms, to: erp, mode: event, carries: delta, idempotent: ${idempotent}}`],
          movements: [
            `{at: '${T('00:10:00')}', system: wms, sku: A, type: shipment, qty: -1, ref: SO-1}`,
            `{at: '${T('00:20:00')}', system: wms, sku: A, type: shipment, qty: -1, ref: SO-1}`,
          ],
          observations: [obs('01:00:00')],
        }),
      );
    expect(await simulate(await make(true))).toEqual([{ wms: 8, erp: 9 }]);
    expect(await simulate(await make(false))).toEqual([{ wms: 8, erp: 8 }]);
  });
});

describe('movements and order at one instant', () => {
  it('absolute movements set the count; setting the same value is no change and sends nothing', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        links: ['{from: wms, to: erp, mode: event, carries: delta}'],
        movements: [
          `{at: '${T('00:10:00')}', system: wms, sku: A, type: cycle_count, count: 10}`,
          `{at: '${T('00:20:00')}', system: wms, sku: A, type: cycle_count, count: 6}`,
        ],
        observations: [obs('00:10:00'), obs('00:20:00')],
      }),
    );
    expect(await simulate(incident)).toEqual([
      { wms: 10, erp: 10 },
      { wms: 6, erp: 6 },
    ]);
    expect((await traceOf(incident)).filter((event) => event.event === 'send')).toHaveLength(1);
  });

  it('ties keep input order: a shipment then a cycle count at one instant ends at the count', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        links: ['{from: wms, to: erp, mode: event, carries: snapshot}'],
        movements: [
          `{at: '${T('00:10:00')}', system: wms, sku: A, type: shipment, qty: -2}`,
          `{at: '${T('00:10:00')}', system: wms, sku: A, type: cycle_count, count: 4}`,
        ],
        observations: [obs('00:10:00')],
      }),
    );
    expect(await simulate(incident)).toEqual([{ wms: 4, erp: 4 }]);
  });

  it('sync: false changes its own system only', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        links: ['{from: wms, to: erp, mode: event, carries: delta}'],
        movements: [`{at: '${T('00:10:00')}', system: wms, sku: A, type: adjustment, qty: -2, sync: false}`],
        observations: [obs('01:00:00')],
      }),
    );
    expect(await simulate(incident)).toEqual([{ wms: 8, erp: 10 }]);
  });

  it('interventions run after the movements of their instant, and before its cycles', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        links: ['{from: wms, to: erp, mode: batch, every: 1h, carries: snapshot}'],
        movements: [`{at: '${T('01:00:00')}', system: wms, sku: A, type: shipment, qty: -2}`],
        observations: [obs('01:00:00')],
      }),
    );
    const override = faults(incident, `manual_override:system=wms,sku=A,at=${T('01:00:00')},count=3`);
    // The shipment (10 -> 8) marks A pending; the override sets 3; the 01:00 cycle sends 3.
    expect(await simulate(incident, { faults: override })).toEqual([{ wms: 3, erp: 3 }]);
  });

  it('events at the window end run; deliveries due after it do not', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        window: ['2026-03-02T00:00:00Z', '2026-03-02T01:00:00Z'],
        links: ['{from: wms, to: erp, mode: event, carries: delta, latency: 1s}'],
        movements: [`{at: '${T('01:00:00')}', system: wms, sku: A, type: shipment, qty: -1}`],
        observations: [obs('01:00:00')],
      }),
    );
    expect(await simulate(incident)).toEqual([{ wms: 9, erp: 10 }]);
  });
});
