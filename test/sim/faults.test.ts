/**
 * Every fault kind against hand-computed expectations.
 *
 * Each test builds an incident small enough to follow by hand, states the computation in a
 * comment, and asserts the exact counts (and logs) the kind must produce: its drift
 * signature. Baselines without the fault are asserted where they make the effect visible, so
 * a rule that silently does nothing fails.
 */
import { describe, expect, it } from 'vitest';
import { Simulation, type SimulationOptions } from '../../src/sim/engine.js';
import { FAULT_KINDS, type FaultContext, formatFaultFlag, parseFaultFlag, parseFaultSpec } from '../../src/sim/faults/index.js';
import type { Incident, LogLine } from '../../src/sim/model.js';
import { formatTime } from '../../src/sim/time.js';
import { faults, incidentFrom, traceOf, yamlIncident } from '../support/incident.js';

/** A time on Monday 2026-03-02 (UTC). */
const T = (hhmmss: string) => `2026-03-02T${hhmmss}Z`;
/** A time on another day of March 2026 (UTC); 2026-03-06 is a Friday. */
const D = (day: number, hhmmss: string) => `2026-03-${String(day).padStart(2, '0')}T${hhmmss}Z`;
/** An observation whose observed value does not matter here (the tests read the simulated counts). */
const obs = (time: string, sku = 'A', system = 'wms') => `{at: '${time}', sku: '${sku}', counts: {${system}: 0}}`;
const move = (time: string, system: string, sku: string, qty: number, ref?: string) =>
  `{at: '${time}', system: ${system}, sku: '${sku}', type: ${qty < 0 ? 'shipment' : 'receipt'}, qty: ${qty}${ref ? `, ref: '${ref}'` : ''}}`;

/** Runs with `flags` as faults; returns counts by system name per observation, and the logs. */
async function run(incident: Incident, flags: string[] = [], options: SimulationOptions = {}): Promise<{ counts: Record<string, number>[]; logs: LogLine[] }> {
  const result = await new Simulation(incident, { ...options, faults: faults(incident, ...flags) }).run();
  const counts = result.observed.map((row) => Object.fromEntries(incident.systems.map((system, index) => [system.name, row[index]!])));
  return { counts, logs: result.logs };
}

/** One system's count per observation. */
const column = (counts: Record<string, number>[], system: string) => counts.map((row) => row[system]);
/** Log lines as `HH:MM:SS CODE SKU` (UTC), for compact exact assertions. */
const logSummary = (logs: LogLine[]) => logs.map((line) => `${formatTime(line.atMs).slice(11, 19)} ${line.code} ${line.sku}`);

describe('cadence', () => {
  it('every: a "15-minute" link that really runs hourly delivers only on the hour', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        links: ['{from: wms, to: erp, mode: batch, every: 15m, carries: snapshot}'],
        movements: [move(T('00:20:00'), 'wms', 'A', -3)],
        observations: [obs(T('00:30:00')), obs(T('00:59:59')), obs(T('01:00:00'))],
      }),
    );
    // Declared: cycle at 00:30 sends 7. Faulty: cycles at 00:00, 01:00 only: erp 10, 10, 7.
    expect(column((await run(incident)).counts, 'erp')).toEqual([7, 7, 7]);
    expect(column((await run(incident, ['cadence:link=wms->erp,every=1h'])).counts, 'erp')).toEqual([10, 10, 7]);
  });

  it('pausedOn: a weekend pause holds Friday evening changes until Monday 00:00', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        window: [D(6, '00:00:00'), D(9, '12:00:00')],
        links: ['{from: wms, to: erp, mode: batch, every: 6h, carries: snapshot}'],
        movements: [move(D(6, '20:00:00'), 'wms', 'A', -2)],
        observations: [obs(D(7, '12:00:00')), obs(D(8, '23:59:59')), obs(D(9, '00:00:00'))],
      }),
    );
    // Cycles every 6h; Sat 7th and Sun 8th (00, 06, 12, 18 each) are skipped: 8 paused cycles.
    // The change at Fri 20:00 stays pending and goes with the first Monday cycle (9th 00:00).
    const flags = ['cadence:link=wms->erp,pausedOn=sat|sun'];
    expect(column((await run(incident, flags)).counts, 'erp')).toEqual([10, 10, 8]);
    const events = await traceOf(incident, { faults: faults(incident, ...flags) });
    const paused = events.flatMap((event) => (event.event === 'cycle' && event.skipped === 'paused' ? [event.at] : []));
    expect(paused).toHaveLength(8);
    expect(paused[0]).toBe(D(7, '00:00:00'));
    expect(paused[7]).toBe(D(8, '18:00:00'));
    // Without the fault the Saturday 00:00 cycle delivers it.
    expect(column((await run(incident)).counts, 'erp')).toEqual([8, 8, 8]);
  });

  it('pausedOn uses the weekday in the incident timezone, not in UTC (Pacific/Auckland, UTC+13 in March)', async () => {
    const make = (timezone: string) =>
      incidentFrom(
        yamlIncident({
          systems: '[wms, erp]',
          window: [D(6, '00:00:00'), D(7, '00:00:00')],
          links: ['{from: wms, to: erp, mode: batch, every: 6h, carries: snapshot}'],
          movements: [move(D(6, '07:00:00'), 'wms', 'A', -1)],
          observations: [obs(D(6, '12:00:00')), obs(D(6, '23:59:59'))],
          extra: `timezone: ${timezone}`,
        }),
      );
    // Fri 6th 12:00Z is Sat 7th 01:00 in Auckland (NZDT, +13): the 12:00Z and 18:00Z cycles fall
    // on Saturday there and are paused; in UTC it is still Friday and the 12:00Z cycle runs.
    const flags = ['cadence:link=wms->erp,pausedOn=sat'];
    expect(column((await run(await make('Pacific/Auckland'), flags)).counts, 'erp')).toEqual([10, 10]);
    expect(column((await run(await make('UTC'), flags)).counts, 'erp')).toEqual([9, 9]);
  });

  it('when: the other period is in force only inside the window (inclusive at both ends)', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        initial: '{A: 10, B: 10}',
        links: ['{from: wms, to: erp, mode: batch, every: 15m, carries: snapshot}'],
        movements: [move(T('01:05:00'), 'wms', 'A', -1), move(T('02:05:00'), 'wms', 'B', -1)],
        observations: [obs(T('01:15:00'), 'A'), obs(T('02:00:00'), 'A'), obs(T('02:15:00'), 'B')],
      }),
    );
    // In force 01:00..02:00: cycles at 01:00, 02:00, then 15-minute cycles again from 02:15.
    // A (01:05) waits for 02:00 instead of 01:15; B (02:05) goes at 02:15 as declared.
    const flags = [`cadence:link=wms->erp,every=1h,when=${T('01:00:00')}/${T('02:00:00')}`];
    expect(column((await run(incident, flags)).counts, 'erp')).toEqual([10, 9, 9]);
  });
});

describe('batch_capacity', () => {
  it('a backlog compounds over a busy day and drains at night, oldest change first', async () => {
    // 30 SKUs K01..K30; each busy hour 08..17 changes three new ones at HH:30; the link runs
    // hourly with a real capacity of 2. After the cycle at hour h+1 the backlog is
    // (SKUs changed so far) - 2 x (cycles since 09:00): 3-2=1 at 09:00, 6-4=2 at 10:00, ...,
    // 30-20=10 at 18:00; then no new changes: 8, 6, 4, 2, 0 at 19:00..23:00.
    const skus = Array.from({ length: 30 }, (_, index) => `K${String(index + 1).padStart(2, '0')}`);
    const movements = skus.map((sku, index) => move(T(`${String(8 + Math.floor(index / 3)).padStart(2, '0')}:30:00`), 'wms', sku, -1));
    const hours = Array.from({ length: 17 }, (_, index) => 8 + index);
    const observations = hours.flatMap((hour) => skus.map((sku) => obs(hour === 24 ? D(3, '00:00:00') : T(`${String(hour).padStart(2, '0')}:00:00`), sku)));
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        initial: `{${skus.map((sku) => `${sku}: 10`).join(', ')}}`,
        links: ['{from: wms, to: erp, mode: batch, every: 1h, carries: snapshot}'],
        movements,
        observations,
      }),
    );
    const backlog = (counts: Record<string, number>[]) =>
      hours.map((_, hour) => counts.slice(hour * skus.length, (hour + 1) * skus.length).filter((row) => row.wms !== row.erp).length);
    const faulty = await run(incident, ['batch_capacity:link=wms->erp,capacity=2']);
    //                                          08 09 10 11 12 13 14 15 16 17 18  19 20 21 22 23 24
    expect(backlog(faulty.counts)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 8, 6, 4, 2, 0, 0]);
    expect(backlog((await run(incident)).counts)).toEqual(hours.map(() => 0));
    // Oldest first, ties by SKU: K30 (changed at 17:30, last by code point) is the last to go, at 23:00.
    const sends = (await traceOf(incident, { faults: faults(incident, 'batch_capacity:link=wms->erp,capacity=2') })).flatMap((event) =>
      event.event === 'send' ? [`${event.at.slice(11, 16)} ${event.sku}`] : [],
    );
    expect(sends.slice(0, 4)).toEqual(['09:00 K01', '09:00 K02', '10:00 K03', '10:00 K04']);
    expect(sends.at(-1)).toBe('23:00 K30');
    expect(faulty.logs).toEqual([]);
  });

  it('when: the capacity is lower only for cycles inside the window', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        initial: '{A: 10, B: 10, C: 10}',
        links: ['{from: wms, to: erp, mode: batch, every: 1h, carries: snapshot}'],
        movements: ['A', 'B', 'C'].map((sku) => move(T('00:10:00'), 'wms', sku, -1)),
        observations: ['A', 'B', 'C'].flatMap((sku) => [obs(T('01:00:00'), sku), obs(T('02:00:00'), sku)]),
      }),
    );
    // Observations in time order: A, B, C at 01:00, then A, B, C at 02:00.
    // 01:00 (inside): capacity 1 sends A; 02:00 (outside): B and C. Always in force: C waits for 03:00.
    const erp = async (flag: string) => column((await run(incident, [flag])).counts, 'erp');
    expect(await erp(`batch_capacity:link=wms->erp,capacity=1,when=${T('00:00:00')}/${T('01:30:00')}`)).toEqual([9, 10, 10, 9, 9, 9]);
    expect(await erp('batch_capacity:link=wms->erp,capacity=1')).toEqual([9, 10, 10, 9, 9, 10]);
  });
});

describe('batch_lag', () => {
  it('delay: every message of a cycle lands a fixed time later', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        links: ['{from: wms, to: erp, mode: batch, every: 1h, carries: snapshot, latency: 1m}'],
        movements: [move(T('00:10:00'), 'wms', 'A', -1)],
        observations: [obs(T('01:20:59')), obs(T('01:21:00'))],
      }),
    );
    // Cycle 01:00 + latency 1m + delay 20m = 01:21.
    expect(column((await run(incident, ['batch_lag:link=wms->erp,delay=20m'])).counts, 'erp')).toEqual([10, 9]);
  });

  it('perRecord: a bigger cycle lands later, the whole cycle together', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        initial: '{A: 10, B: 10, C: 10}',
        links: ['{from: wms, to: erp, mode: batch, every: 1h, carries: snapshot}'],
        movements: [...['A', 'B', 'C'].map((sku) => move(T('00:10:00'), 'wms', sku, -1)), move(T('01:10:00'), 'wms', 'B', -1)],
        observations: [obs(T('01:29:59'), 'C'), obs(T('01:30:00'), 'A'), obs(T('01:30:00'), 'C'), obs(T('02:09:59'), 'B'), obs(T('02:10:00'), 'B')],
      }),
    );
    // 01:00 cycle: 3 messages x 10m = 30m: A, B, C land at 01:30. 02:00 cycle: B alone, 10m: 02:10.
    expect(column((await run(incident, ['batch_lag:link=wms->erp,perRecord=10m'])).counts, 'erp')).toEqual([10, 9, 9, 9, 8]);
  });

  it('perRecord: a later, smaller cycle never overtakes an earlier one (messages on a link arrive in the order sent)', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        initial: '{A: 10, B: 10, C: 10}',
        links: ['{from: wms, to: erp, mode: batch, every: 1h, carries: snapshot}'],
        movements: [...['A', 'B', 'C'].map((sku) => move(T('00:10:00'), 'wms', sku, -1)), move(T('01:10:00'), 'wms', 'A', -1)],
        observations: [obs(T('03:30:00')), obs(T('05:00:00'))],
      }),
    );
    // 01:00 cycle (A=9, B, C): 3 x 1h, lands 04:00. 02:00 cycle (A=8): 1h would be 03:00, but it
    // queues behind the earlier cycle and lands with it at 04:00, after it: erp ends at 8, not
    // at a stale 9 (spec, semantics 4).
    expect(await run(incident, ['batch_lag:link=wms->erp,perRecord=1h'])).toMatchObject({
      counts: [
        { wms: 8, erp: 10 },
        { wms: 8, erp: 8 },
      ],
    });
  });

  it('skus: only the listed SKUs are delayed', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        initial: '{A: 10, B: 10}',
        links: ['{from: wms, to: erp, mode: batch, every: 1h, carries: snapshot}'],
        movements: [move(T('00:10:00'), 'wms', 'A', -1), move(T('00:10:00'), 'wms', 'B', -1)],
        observations: [obs(T('01:00:00'), 'A'), obs(T('01:00:00'), 'B'), obs(T('03:00:00'), 'B')],
      }),
    );
    expect(column((await run(incident, ['batch_lag:link=wms->erp,delay=2h,skus=B'])).counts, 'erp')).toEqual([9, 10, 9]);
  });
});

describe('webhook_drop', () => {
  const eventIncident = (times: string[], skus?: string[]) =>
    incidentFrom(
      yamlIncident({
        systems: '[wms, storefront]',
        initial: '{A: 10, B: 10}',
        links: ['{from: wms, to: storefront, mode: event, carries: delta}'],
        movements: times.map((time, index) => move(time, 'wms', skus?.[index] ?? 'A', -1, `SO-${index + 1}`)),
        observations: [obs(T('23:00:00'), 'A'), obs(T('23:00:00'), 'B')],
      }),
    );

  it('nth: every 3rd message is lost and logged', async () => {
    const times = ['01', '02', '03', '04', '05', '06', '07'].map((hour) => T(`${hour}:00:00`));
    // 7 messages: the 3rd (03:00) and the 6th (06:00) are lost: storefront 10 - 5 = 5, wms 3.
    const result = await run(await eventIncident(times), ['webhook_drop:link=wms->storefront,nth=3']);
    expect(result.counts[0]).toEqual({ wms: 3, storefront: 5 });
    expect(logSummary(result.logs)).toEqual(['03:00:00 WEBHOOK_DELIVERY_FAILED A', '06:00:00 WEBHOOK_DELIVERY_FAILED A']);
    expect(result.logs[0]!.component).toBe('wms->storefront');
  });

  it('above N/D: counts this message and lost ones in (t - D, t], open at t - D', async () => {
    const times = ['01:00:00', '01:01:00', '01:02:00', '01:10:00', '01:12:00', '01:30:00'].map(T);
    // above 2/10m, load in (t-10m, t]:
    //   01:00 1, 01:01 2, 01:02 3 -> lost,
    //   01:10 3 (01:01, 01:02 lost, 01:10; 01:00 is out at the open end) -> lost only because lost ones count,
    //   01:12 2 (01:10, 01:12; 01:02 is out at the open end) -> delivered, 01:30 1.
    // Lost: 2 of 6: storefront 10 - 4 = 6, wms 4.
    const result = await run(await eventIncident(times), ['webhook_drop:link=wms->storefront,above=2/10m']);
    expect(result.counts[0]).toEqual({ wms: 4, storefront: 6 });
    expect(logSummary(result.logs)).toEqual(['01:02:00 WEBHOOK_DELIVERY_FAILED A', '01:10:00 WEBHOOK_DELIVERY_FAILED A']);
  });

  it('skus and when: only listed SKUs, only messages sent inside the window', async () => {
    const times = [T('01:30:00'), T('00:30:00'), T('01:30:00'), T('02:30:00')];
    // Drops everything (nth=1) for B sent 01:00..02:00: only the B at 01:30. A untouched.
    const result = await run(await eventIncident(times, ['A', 'B', 'B', 'B']), [`webhook_drop:link=wms->storefront,nth=1,skus=B,when=${T('01:00:00')}/${T('02:00:00')}`]);
    expect(result.counts).toEqual([
      { wms: 9, storefront: 9 },
      { wms: 7, storefront: 8 },
    ]);
    expect(logSummary(result.logs)).toEqual(['01:30:00 WEBHOOK_DELIVERY_FAILED B']);
  });
});

describe('duplicate_delivery', () => {
  const make = (idempotent: boolean) =>
    incidentFrom(
      yamlIncident({
        systems: '[wms, storefront]',
        links: [`{from: wms, to: storefront, mode: event, carries: delta, latency: 2s, idempotent: ${idempotent}}`],
        movements: ['01', '02', '03', '04'].map((hour, index) => move(T(`${hour}:00:00`), 'wms', 'A', -1, `R${index + 1}`)),
        observations: [obs(T('23:00:00'))],
      }),
    );
  // Four -1 messages; nth=2 redelivers the 2nd and the 4th: two copies.

  it('an idempotent target ignores the copy (same key)', async () => {
    const incident = await make(true);
    expect((await run(incident, ['duplicate_delivery:link=wms->storefront,nth=2'])).counts).toEqual([{ wms: 6, storefront: 6 }]);
    const events = await traceOf(incident, { faults: faults(incident, 'duplicate_delivery:link=wms->storefront,nth=2') });
    const copies = events.filter((event) => event.event === 'send' && event.duplicate);
    expect(copies.map((event) => (event.event === 'send' ? event.key : ''))).toEqual(['R2:A', 'R4:A']);
    expect(events.filter((event) => event.event === 'deliver' && !event.applied)).toHaveLength(2);
  });

  it('keyless: the copy carries a fresh key, so even an idempotent target applies it twice', async () => {
    // 10 - 4 - 2 copies = 4.
    expect((await run(await make(true), ['duplicate_delivery:link=wms->storefront,nth=2,keyless=true'])).counts).toEqual([{ wms: 6, storefront: 4 }]);
  });

  it('a non-idempotent target applies the copy', async () => {
    expect((await run(await make(false), ['duplicate_delivery:link=wms->storefront,nth=2'])).counts).toEqual([{ wms: 6, storefront: 4 }]);
  });
});

describe('key_collision', () => {
  const make = (idempotent: boolean) =>
    incidentFrom(
      yamlIncident({
        systems: '[wms, storefront]',
        initial: '{A: 10, B: 10}',
        links: [`{from: wms, to: storefront, mode: event, carries: delta, idempotent: ${idempotent}}`],
        movements: [
          move(T('01:00:00'), 'wms', 'A', -1, 'SO-1001'),
          move(T('01:00:00'), 'wms', 'B', -1, 'SO-1001'),
          move(T('02:00:00'), 'wms', 'A', -2, 'SO-1002'),
          move(T('03:00:00'), 'wms', 'A', -3, 'SO-1003'),
        ],
        observations: [obs(T('23:00:00'), 'A'), obs(T('23:00:00'), 'B')],
      }),
    );

  it('length 6: distinct refs dedupe after truncation on an idempotent target', async () => {
    // Keys SO-1001:A, SO-1001:B, SO-1002:A, SO-1003:A all cut to "SO-100": only the first applies.
    expect((await run(await make(true), ['key_collision:link=wms->storefront,length=6'])).counts).toEqual([
      { wms: 4, storefront: 9 },
      { wms: 9, storefront: 10 },
    ]);
  });

  it('length 7: the lines of one order collide (SO-1001:A and SO-1001:B), other orders do not', async () => {
    // Keys cut to SO-1001, SO-1001, SO-1002, SO-1003: B's line is lost.
    expect((await run(await make(true), ['key_collision:link=wms->storefront,length=7'])).counts).toEqual([
      { wms: 4, storefront: 4 },
      { wms: 9, storefront: 10 },
    ]);
  });

  it('has no effect on a non-idempotent target', async () => {
    const result = await run(await make(false), ['key_collision:link=wms->storefront,length=6']);
    expect(result.counts).toEqual([
      { wms: 4, storefront: 4 },
      { wms: 9, storefront: 9 },
    ]);
    expect(result.logs).toEqual([]);
  });
});

describe('truncation', () => {
  it('field sku: only long SKUs suffer; no match is rejected and logged, a prefix collision lands on the wrong SKU', async () => {
    // maxLength 12:
    //   MUG-01 (6) and HOODIE-GRY-L (12) are short: unaffected.
    //   TEE-CLASSIC-BLK-M -> "TEE-CLASSIC-" matches nothing: rejected, ITEM_NOT_FOUND.
    //   HOODIE-GRY-L-TALL -> "HOODIE-GRY-L": applied to HOODIE-GRY-L.
    const skus = ['MUG-01', 'HOODIE-GRY-L', 'TEE-CLASSIC-BLK-M', 'HOODIE-GRY-L-TALL'];
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, storefront]',
        initial: `{${skus.map((sku) => `${sku}: 10`).join(', ')}}`,
        links: ['{from: wms, to: storefront, mode: event, carries: delta, latency: 5s}'],
        movements: [
          move(T('01:00:00'), 'wms', 'MUG-01', -1, 'SO-1'),
          move(T('02:00:00'), 'wms', 'HOODIE-GRY-L', -4, 'SO-2'),
          move(T('03:00:00'), 'wms', 'TEE-CLASSIC-BLK-M', -2, 'SO-3'),
          move(T('04:00:00'), 'wms', 'HOODIE-GRY-L-TALL', -3, 'SO-4'),
        ],
        observations: skus.map((sku) => obs(T('23:00:00'), sku)),
      }),
    );
    const result = await run(incident, ['truncation:link=wms->storefront,field=sku,maxLength=12']);
    // Observations come in SKU order of input: MUG-01, HOODIE-GRY-L, TEE..., HOODIE-GRY-L-TALL.
    expect(result.counts).toEqual([
      { wms: 9, storefront: 9 },
      { wms: 6, storefront: 3 }, // its own -4 and the tall one's -3
      { wms: 8, storefront: 10 },
      { wms: 7, storefront: 10 },
    ]);
    expect(logSummary(result.logs)).toEqual(['03:00:05 ITEM_NOT_FOUND TEE-CLASSIC-BLK-M']);
    expect(result.logs[0]!.message).toContain('"TEE-CLASSIC-"');
    // A generous limit changes nothing.
    expect((await run(incident, ['truncation:link=wms->storefront,maxLength=17'])).counts).toEqual((await run(incident)).counts);
  });

  it('field title: titles are cut and matched; a SKU without a title is matched by its SKU', async () => {
    // maxLength 11: "Classic Tee - Medium" -> "Classic Tee" = TEE-BLK's title: lands on TEE-BLK.
    // "Everyday Socks 3-pack" -> "Everyday So": no title matches: rejected. TEE-BLK (11) unaffected;
    // CAP-01 and CAP-02 have no title and are matched by their SKUs, so they stay apart.
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, storefront]',
        initial: '{TEE-BLK: 10, TEE-BLK-M: 10, SOCK-01: 10, CAP-01: 10, CAP-02: 10}',
        links: ['{from: wms, to: storefront, mode: event, carries: delta}'],
        movements: [
          move(T('01:00:00'), 'wms', 'TEE-BLK', -1, 'SO-1'),
          move(T('02:00:00'), 'wms', 'TEE-BLK-M', -2, 'SO-2'),
          move(T('03:00:00'), 'wms', 'SOCK-01', -3, 'SO-3'),
          move(T('04:00:00'), 'wms', 'CAP-01', -4, 'SO-4'),
          move(T('05:00:00'), 'wms', 'CAP-02', -5, 'SO-5'),
        ],
        observations: ['TEE-BLK', 'TEE-BLK-M', 'SOCK-01', 'CAP-01', 'CAP-02'].map((sku) => obs(T('23:00:00'), sku)),
        extra: [
          'skus:',
          '  - {sku: TEE-BLK, title: "Classic Tee"}',
          '  - {sku: TEE-BLK-M, title: "Classic Tee - Medium"}',
          '  - {sku: SOCK-01, title: "Everyday Socks 3-pack"}',
          '  - {sku: CAP-01}',
          '  - {sku: CAP-02}',
        ].join('\n'),
      }),
    );
    const result = await run(incident, ['truncation:link=wms->storefront,field=title,maxLength=11']);
    expect(result.counts).toEqual([
      { wms: 9, storefront: 7 },
      { wms: 8, storefront: 10 },
      { wms: 7, storefront: 10 },
      { wms: 6, storefront: 6 },
      { wms: 5, storefront: 5 },
    ]);
    expect(logSummary(result.logs)).toEqual(['03:00:00 ITEM_NOT_FOUND SOCK-01']);
  });
});

describe('timeout', () => {
  const make = (idempotent = true) =>
    incidentFrom(
      yamlIncident({
        systems: '[wms, storefront]',
        links: [`{from: wms, to: storefront, mode: event, carries: delta, latency: 5s, idempotent: ${idempotent}}`],
        movements: ['01', '02', '03'].map((hour, index) => move(T(`${hour}:00:00`), 'wms', 'A', -1, `R${index + 1}`)),
        observations: [obs(T('02:00:05')), obs(T('02:01:04')), obs(T('02:01:05')), obs(T('23:00:00'))],
      }),
    );

  it('applied=false without retry: the 2nd request is lost, with a TIMEOUT log at its delivery time', async () => {
    const result = await run(await make(), ['timeout:link=wms->storefront,nth=2,applied=false']);
    // Three -1; the 2nd (sent 02:00, due 02:00:05) never applies: storefront 8, wms 7.
    expect(column(result.counts, 'storefront')).toEqual([9, 9, 9, 8]);
    expect(logSummary(result.logs)).toEqual(['02:00:05 TIMEOUT A']);
    expect(result.logs[0]).toMatchObject({ component: 'wms->storefront', level: 'error' });
    expect(result.logs[0]!.message).toMatch(/attempt 1\b.*giving up/);
  });

  it('applied=true with retry on a non-idempotent delta link: applied at once and again on the retry', async () => {
    const flags = ['timeout:link=wms->storefront,nth=2,applied=true,retry=1m'];
    const result = await run(await make(false), flags);
    // 2nd applies at 02:00:05 (8) and its retry at 02:01:05 (7); the 3rd: 6.
    expect(column(result.counts, 'storefront')).toEqual([8, 8, 7, 6]);
    expect(result.logs[0]!.message).toMatch(/attempt 1\b.*retrying/);
    const incident = await make(false);
    const attempts = (await traceOf(incident, { faults: faults(incident, ...flags) })).flatMap((event) =>
      event.event === 'deliver' ? [`${event.at.slice(11, 19)} #${event.attempt}`] : [],
    );
    expect(attempts).toEqual(['01:00:05 #1', '02:00:05 #1', '02:01:05 #2', '03:00:05 #1']);
  });

  it('applied=true with retry on an idempotent link: the retry is recognised and applied once', async () => {
    const result = await run(await make(true), ['timeout:link=wms->storefront,nth=2,retry=1m']);
    expect(column(result.counts, 'storefront')).toEqual([8, 8, 8, 7]);
  });

  it('above: each attempt is judged by the load at that moment; the retry gets through once load falls', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, storefront]',
        links: ['{from: wms, to: storefront, mode: event, carries: delta}'],
        movements: ['01:00:00', '01:10:00', '01:20:00'].map((time, index) => move(T(time), 'wms', 'A', -1, `R${index + 1}`)),
        observations: [obs(T('02:19:59')), obs(T('02:20:00'))],
      }),
    );
    // above 2/1h: at 01:20 load 3 -> timeout (not applied), retry at 01:50: load in (00:50, 01:50]
    // still 3 -> timeout, retry at 02:20: load in (01:20, 02:20] is 1 -> applied.
    const result = await run(incident, ['timeout:link=wms->storefront,above=2/1h,applied=false,retry=30m']);
    expect(column(result.counts, 'storefront')).toEqual([8, 7]);
    expect(logSummary(result.logs)).toEqual(['01:20:00 TIMEOUT A', '01:50:00 TIMEOUT A']);
  });
});

describe('rate_limit', () => {
  const make = () =>
    incidentFrom(
      yamlIncident({
        systems: '[wms, storefront]',
        links: ['{from: wms, to: storefront, mode: event, carries: delta}'],
        movements: ['01:00:00', '01:00:10', '01:00:20', '01:00:30'].map((time, index) => move(T(time), 'wms', 'A', -1, `R${index + 1}`)),
        observations: [obs(T('01:00:59')), obs(T('01:01:00')), obs(T('01:01:19')), obs(T('01:01:20'))],
      }),
    );

  it('over the limit: 429 and a retry that lands later', async () => {
    // limit 2 per 1m, retry 30s. Accepted at 01:00:00 and 01:00:10.
    //   #3 01:00:20: 2 accepted in (00:59:20, 01:00:20] -> 429, retry 01:00:50.
    //   #4 01:00:30: -> 429, retry 01:01:00.
    //   #3 01:00:50: (00:59:50, 01:00:50] holds 2 -> 429 again, retry 01:01:20.
    //   #4 01:01:00: (01:00:00, 01:01:00] holds 1 (01:00:00 is out) -> applied (7).
    //   #3 01:01:20: (01:00:20, 01:01:20] holds 1 -> applied (6).
    const result = await run(await make(), ['rate_limit:link=wms->storefront,limit=2,per=1m,retry=30s']);
    expect(column(result.counts, 'storefront')).toEqual([8, 7, 7, 6]);
    expect(logSummary(result.logs)).toEqual(['01:00:20 HTTP_429 A', '01:00:30 HTTP_429 A', '01:00:50 HTTP_429 A']);
    expect(result.logs.map((line) => line.level)).toEqual(['warn', 'warn', 'warn']);
  });

  it('retry=none: over-limit updates are lost', async () => {
    const result = await run(await make(), ['rate_limit:link=wms->storefront,limit=2,per=1m,retry=none']);
    expect(column(result.counts, 'storefront')).toEqual([8, 8, 8, 8]);
    expect(column(result.counts, 'wms')).toEqual([6, 6, 6, 6]);
    expect(logSummary(result.logs)).toEqual(['01:00:20 HTTP_429 A', '01:00:30 HTTP_429 A']);
    expect(result.logs.map((line) => line.level)).toEqual(['error', 'error']);
  });
});

describe('manual_override', () => {
  const make = (carries: 'delta' | 'snapshot') =>
    incidentFrom(
      yamlIncident({
        systems: '[wms, storefront]',
        links: [`{from: wms, to: storefront, mode: event, carries: ${carries}}`],
        movements: [move(T('03:00:00'), 'wms', 'A', -1, 'SO-1'), move(T('04:00:00'), 'wms', 'A', -2, 'SO-2')],
        observations: [obs(T('01:59:59')), obs(T('02:00:00')), obs(T('02:59:59')), obs(T('03:00:00')), obs(T('05:00:00'))],
      }),
    );
  const override = `manual_override:system=storefront,sku=A,at=${T('02:00:00')},count=0`;

  it('at, count: under delta links the override persists: every later delta lands on the wrong base', async () => {
    // storefront set to 0 at 02:00; then -1, -2: 0, -1, -3 while wms goes 9, 7: a constant gap of 10.
    const result = await run(await make('delta'), [override]);
    expect(column(result.counts, 'storefront')).toEqual([10, 0, 0, -1, -3]);
    expect(column(result.counts, 'wms')).toEqual([10, 10, 10, 9, 7]);
    expect(result.logs).toEqual([]);
  });

  it('at, count: the next snapshot into that system heals it', async () => {
    const result = await run(await make('snapshot'), [override]);
    expect(column(result.counts, 'storefront')).toEqual([10, 0, 0, 9, 7]);
  });

  it('at, delta: adds to the count; marks nothing pending on a batch link, but the next snapshot from that system carries it', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        initial: '{A: 10, B: 10}',
        links: ['{from: wms, to: erp, mode: batch, every: 1h, carries: snapshot}'],
        movements: [move(T('03:30:00'), 'wms', 'A', -1)],
        observations: [obs(T('03:00:00')), obs(T('04:00:00'))],
      }),
    );
    // wms A 10 -4 = 6 at 02:00: nothing pending, the 03:00 cycle sends nothing; the shipment at
    // 03:30 makes A pending and the 04:00 snapshot carries 6 - 1 = 5.
    const result = await run(incident, [`manual_override:system=wms,sku=A,at=${T('02:00:00')},delta=-4`]);
    expect(result.counts).toEqual([
      { wms: 6, erp: 10 },
      { wms: 5, erp: 5 },
    ]);
  });

  it('daily: at a local time in the incident timezone, across a daylight-saving change (America/New_York)', async () => {
    const make = (extra: string) =>
      incidentFrom(
        yamlIncident({
          systems: '[wms, storefront]',
          window: [D(7, '00:00:00'), D(10, '00:00:00')],
          links: ['{from: wms, to: storefront, mode: event, carries: delta}'],
          movements: [],
          observations: [obs(D(7, '13:59:59')), obs(D(7, '14:00:00')), obs(D(8, '12:59:59')), obs(D(8, '13:00:00')), obs(D(9, '13:00:00'))],
          extra,
        }),
      );
    const incident = await make('timezone: America/New_York');
    // 09:00 in New York: Sat 7th EST (-5) = 14:00Z; DST starts Sun 8th 02:00, so 09:00 EDT (-4) = 13:00Z on the 8th and 9th.
    const flags = ['manual_override:system=storefront,sku=A,daily=09:00,delta=-1'];
    const instants = (await traceOf(incident, { faults: faults(incident, ...flags) })).flatMap((event) => (event.event === 'intervention' ? [event.at] : []));
    expect(instants).toEqual([D(7, '14:00:00'), D(8, '13:00:00'), D(9, '13:00:00')]);
    expect(column((await run(incident, flags)).counts, 'storefront')).toEqual([10, 9, 9, 8, 7]);
    // Nothing enters a link: wms never moves.
    expect(column((await run(incident, flags)).counts, 'wms')).toEqual([10, 10, 10, 10, 10]);
    // count: the same value set each morning; when: only the days from the 8th.
    expect(column((await run(incident, [`manual_override:system=storefront,sku=A,daily=09:00,count=3,when=${D(8, '00:00:00')}/${D(10, '00:00:00')}`])).counts, 'storefront')).toEqual([10, 10, 10, 3, 3]);
    // In UTC 09:00 is 09:00Z: all three already happened by the first observation after them.
    expect(column((await run(await make('timezone: UTC'), flags)).counts, 'storefront')).toEqual([9, 9, 8, 8, 7]);
  });
});

describe('unpropagated_adjustment', () => {
  const make = (carries: 'delta' | 'snapshot') =>
    incidentFrom(
      yamlIncident({
        systems: '[wms, erp]',
        links: [`{from: wms, to: erp, mode: event, carries: ${carries}}`],
        movements: [move(T('04:00:00'), 'wms', 'A', -1, 'SO-1')],
        observations: [obs(T('03:00:00')), obs(T('04:00:00'))],
      }),
    );
  const flag = `unpropagated_adjustment:system=wms,sku=A,at=${T('02:00:00')},count=7`;

  it('a cycle count in one system is never pushed on; a later snapshot carries it', async () => {
    // wms counted 7 at 02:00, erp keeps 10; the shipment at 04:00 sends the snapshot 6.
    expect((await run(await make('snapshot'), [flag])).counts).toEqual([
      { wms: 7, erp: 10 },
      { wms: 6, erp: 6 },
    ]);
  });

  it('under a delta link the gap of 3 persists', async () => {
    expect((await run(await make('delta'), [flag])).counts).toEqual([
      { wms: 7, erp: 10 },
      { wms: 6, erp: 9 },
    ]);
    expect((await run(await make('delta'), [`unpropagated_adjustment:system=wms,sku=A,at=${T('02:00:00')},delta=2`])).counts).toEqual([
      { wms: 12, erp: 10 },
      { wms: 11, erp: 9 },
    ]);
  });
});

describe('split_shipment', () => {
  it('a 3PL ships and updates only its own system: a lasting gap of the shipped quantity', async () => {
    const incident = await incidentFrom(
      yamlIncident({
        systems: '{tpl: {kind: 3pl}, erp: {kind: erp}}',
        links: ['{from: tpl, to: erp, mode: batch, every: 1h, carries: delta}'],
        movements: [move(T('03:30:00'), 'tpl', 'A', -1, 'SO-1')],
        observations: [obs(T('03:00:00'), 'A', 'tpl'), obs(T('04:00:00'), 'A', 'tpl'), obs(T('23:00:00'), 'A', 'tpl')],
      }),
    );
    // tpl ships 3 at 02:00 (10 -> 7), nothing sent; the 03:30 shipment sends -1 at 04:00: tpl 6, erp 9.
    const result = await run(incident, [`split_shipment:system=tpl,sku=A,at=${T('02:00:00')},qty=-3`]);
    expect(result.counts).toEqual([
      { tpl: 7, erp: 10 },
      { tpl: 6, erp: 9 },
      { tpl: 6, erp: 9 },
    ]);
    expect(result.logs).toEqual([]);
  });
});

describe('the --fault parser', () => {
  const context: FaultContext = {
    systems: ['wms', 'erp', 'storefront'],
    links: ['wms->erp', 'erp->storefront'],
    linkModes: { 'wms->erp': 'batch', 'erp->storefront': 'event' },
  };
  const problems = (flag: string) => parseFaultFlag(flag, context).problems.map((problem) => problem.path);

  it('reads lists joined with |', () => {
    expect(parseFaultFlag('cadence:link=wms->erp,pausedOn=sun|SAT', context).spec).toEqual({ kind: 'cadence', params: { link: 'wms->erp', pausedOn: ['sat', 'sun'] } });
    expect(parseFaultFlag('webhook_drop:link=erp->storefront,nth=2,skus=A|B-2', context).spec?.params.skus).toEqual(['A', 'B-2']);
  });

  it('fills defaults and types values', () => {
    expect(parseFaultFlag('timeout:link=erp->storefront,above=100/5m', context).spec).toEqual({
      kind: 'timeout',
      params: { link: 'erp->storefront', above: { count: 100, perMs: 300_000 }, retry: -1, maxRetries: 3, applied: true },
    });
  });

  it('reports an unknown kind, an unknown parameter, a bad value, a missing or doubled choice, and a wrong link mode', () => {
    expect(problems('webhook_dorp:link=erp->storefront,nth=2')).toEqual(['kind']);
    expect(problems('webhook_drop:link=erp->storefront,nth=2,every=1h')).toEqual(['every']);
    expect(problems('webhook_drop:link=erp->storefront,nth=zero')).toEqual(['nth']);
    expect(problems('webhook_drop:link=erp->storefront,above=lots')).toEqual(['above']);
    expect(problems('webhook_drop:link=erp->storefront,nth=2,above=3/1m')).toEqual(['above|nth|rate']);
    expect(problems('webhook_drop:link=erp->nowhere,nth=2')).toEqual(['link']);
    expect(problems('webhook_drop:link=wms->erp,nth=2')).toEqual(['link']);
    expect(problems('cadence:link=erp->storefront,every=1h')).toEqual(['link']);
    expect(problems('cadence:link=wms->erp')).toEqual(['every|pausedOn']);
    expect(problems('cadence:link=wms->erp,pausedOn=caturday')).toEqual(['pausedOn']);
    expect(problems('batch_capacity:link=wms->erp,capacity=0')).toEqual(['capacity']);
    expect(problems('webhook_drop:link=erp->storefront,nth=2,seed=4')).toEqual(['seed']);
    expect(problems('manual_override:system=pos,sku=A,at=2026-03-02T09:00:00Z,count=1')).toEqual(['system']);
    expect(problems('manual_override:system=erp,sku=A,at=2026-03-02T09:00:00,count=1')).toEqual(['at']);
    expect(problems('manual_override:system=erp,sku=A,at=2026-03-02T09:00:00Z,count=1,delta=2')).toEqual(['count|delta']);
    expect(problems('manual_override:system=erp,sku=A,daily=9am,count=1')).toEqual(['daily']);
    expect(problems('truncation:link=wms->erp,field=name,maxLength=5')).toEqual(['field']);
    expect(problems('rate_limit:link=wms->erp,limit=2')).toEqual(['per']);
    expect(problems('split_shipment:system=wms,sku=A,at=2026-03-02T09:00:00Z,qty=0')).toEqual(['qty']);
    expect(problems('cadence:junk')).toEqual(['junk']);
    // A part without `=` after the first continues the previous value (so `skus=A,B` reads as one bad value).
    expect(parseFaultFlag('cadence:link=wms->erp,junk', context).problems).toMatchObject([{ path: 'link', found: '"wms->erp,junk"' }, { path: 'every|pausedOn' }]);
  });

  it('formatFaultFlag(parseFaultFlag(x)) round-trips, one flag per kind at least', () => {
    const flags = [
      'cadence:link=wms->erp,every=1h,pausedOn=sat|sun,when=2026-03-02T00:00:00Z/2026-03-03T00:00:00Z',
      'batch_capacity:link=wms->erp,capacity=3',
      'batch_lag:link=wms->erp,delay=1h30m,perRecord=500ms,skus=A|B',
      'webhook_drop:link=erp->storefront,above=100/5m',
      'webhook_drop:link=erp->storefront,rate=0.05,seed=7',
      'duplicate_delivery:link=wms->erp,nth=10,keyless=true',
      'timeout:link=erp->storefront,above=5/1m,retry=30s,maxRetries=2,applied=false',
      'rate_limit:link=erp->storefront,limit=40,per=1s,retry=2s',
      'key_collision:link=erp->storefront,length=8',
      'truncation:link=erp->storefront,field=title,maxLength=20',
      'manual_override:system=storefront,sku=MUG-01,daily=09:00,count=0,when=2026-03-02T00:00:00Z/2026-03-04T00:00:00Z',
      'unpropagated_adjustment:system=wms,sku=A,at=2026-03-02T09:30:00Z,delta=-3',
      'split_shipment:system=wms,sku=A,at=2026-03-02T09:30:00Z,qty=-2',
    ];
    expect(new Set(flags.map((flag) => flag.split(':')[0]))).toEqual(new Set(FAULT_KINDS.map((kind) => kind.kind)));
    for (const flag of flags) {
      const spec = parseFaultFlag(flag, context).spec;
      expect(spec, flag).toBeDefined();
      expect(formatFaultFlag(spec!)).toBe(flag);
      expect(parseFaultFlag(formatFaultFlag(spec!), context).spec).toEqual(spec);
    }
  });

  it('round-trips a file fault whose when is open at one end, and a very small rate', () => {
    for (const raw of [
      { kind: 'batch_capacity', link: 'wms->erp', capacity: 2, when: { to: '2026-03-02T12:00:00Z' } },
      { kind: 'batch_capacity', link: 'wms->erp', capacity: 2, when: { from: '2026-03-02T12:00:00Z' } },
      { kind: 'webhook_drop', link: 'erp->storefront', rate: 0.0000001, seed: 3 },
      { kind: 'webhook_drop', link: 'erp->storefront', rate: 1 },
      { kind: 'webhook_drop', link: 'erp->storefront', rate: '0.050' },
    ]) {
      const spec = parseFaultSpec(raw, context).spec!;
      expect(spec, JSON.stringify(raw)).toBeDefined();
      const flag = formatFaultFlag(spec);
      expect(parseFaultFlag(flag, context), flag).toEqual({ spec, problems: [] });
    }
    expect(formatFaultFlag(parseFaultSpec({ kind: 'webhook_drop', link: 'erp->storefront', rate: 0.0000001 }, context).spec!)).toBe('webhook_drop:link=erp->storefront,rate=0.0000001');
    // Finer than the 9 decimals a ratio may have: refused, not rounded to 0.
    expect(parseFaultSpec({ kind: 'webhook_drop', link: 'erp->storefront', rate: 1e-10 }, context).problems.map((problem) => problem.path)).toEqual(['rate']);
  });
});
