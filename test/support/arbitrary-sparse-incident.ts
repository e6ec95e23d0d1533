/**
 * Sparse incidents with a known cause, shaped like real evidence (issue 8): 8-30 SKUs over
 * 3-6 days, 4-10 spot checks, each SKU seen at a spot check with probability about 1/2 and
 * each system with about 0.7; one or two integration rules with parameters anywhere in
 * their natural range, and up to four human actions anywhere (any system, any minute, set or
 * adjusted).
 *
 * Three chains, as retailers run them:
 *  - `push`: WMS -> ERP batch snapshot every 15m..2h, ERP -> storefront event delta
 *    (the spec's own chain); shipments and receipts at the WMS.
 *  - `hub`: WMS -> ERP event delta, ERP -> storefront poll snapshot every 30m..1h, and
 *    storefront -> ERP order events (orders and cancels flow back into the ERP).
 *  - `relay`: WMS -> ERP event snapshot, ERP -> storefront batch delta every 15m..1h.
 *
 * Every random choice comes from fast-check, so a failing case replays from its seed and
 * path, and shrinks toward fewer SKUs, days, movements and faults.
 */
import fc from 'fast-check';
import { loadIncidentFromText } from '../../src/io/load-incident.js';
import { Simulation } from '../../src/sim/engine.js';
import { formatFaultFlag, parseFaultFlag } from '../../src/sim/faults/index.js';
import type { FaultSpec, Incident, Observation } from '../../src/sim/model.js';
import { LogStore } from '../../src/sim/log-store.js';
import { ObservationStore } from '../../src/sim/observation-store.js';

export type TruthClass = 'integration' | 'process' | 'both';

export interface SparseCase {
  /** The recorded incident: observations sampled sparsely, no faults. */
  incident: Incident;
  /** The faults that made it. */
  truth: FaultSpec[];
  truthClass: TruthClass;
  /** The truth as `--fault` flags, for messages. */
  flags: string[];
  topology: Topology;
}

export type Topology = 'push' | 'hub' | 'relay';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Monday 2026-03-02 00:00Z; a case starts on one of the following days. */
const MONDAY_MS = Date.UTC(2026, 2, 2);

const FAMILIES = ['TEE-CLASSIC', 'HOODIE-ZIP', 'MUG', 'CAP', 'SOCK-CREW', 'BOTTLE-STEEL', 'TOTE', 'BEANIE'];
const COLOURS = ['BLK', 'NAVY', 'RED', 'OAT', 'GRN'];
const SIZES = ['S', 'M', 'L', 'XL'];

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const duration = (ms: number) => (ms % HOUR === 0 ? `${ms / HOUR}h` : ms % MINUTE === 0 ? `${ms / MINUTE}m` : `${ms / 1000}s`);

interface Shape {
  topology: Topology;
  skus: string[];
  startMs: number;
  days: number;
  everyMs: number;
  /** Units a day per SKU: slow, steady, or fast movers. */
  velocity: number[];
  spotChecks: number;
  truthClass: TruthClass;
  rules: number;
  actions: number;
}

const skuArbitrary = fc
  .record({ family: fc.constantFrom(...FAMILIES), colour: fc.constantFrom(...COLOURS), size: fc.constantFrom(...SIZES), plain: fc.boolean() })
  .map(({ family, colour, size, plain }) => (plain ? `${family}-${colour}` : `${family}-${colour}-${size}`));

const shapeArbitrary: fc.Arbitrary<Shape> = fc
  .record({
    topology: fc.constantFrom<Topology>('push', 'hub', 'relay'),
    skus: fc.uniqueArray(skuArbitrary, { minLength: 8, maxLength: 30 }),
    startDay: fc.integer({ min: 0, max: 6 }),
    days: fc.integer({ min: 3, max: 6 }),
    everyMs: fc.constantFrom(15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR),
    spotChecks: fc.integer({ min: 4, max: 10 }),
    truthClass: fc.constantFrom<TruthClass>('integration', 'process', 'both'),
    rules: fc.integer({ min: 1, max: 2 }),
    actions: fc.integer({ min: 1, max: 4 }),
  })
  .chain((shape) =>
    fc.array(fc.constantFrom(2, 5, 12, 30, 60), { minLength: shape.skus.length, maxLength: shape.skus.length }).map((velocity) => ({
      topology: shape.topology,
      skus: [...shape.skus].sort(),
      startMs: MONDAY_MS + shape.startDay * DAY,
      days: shape.days,
      everyMs: shape.topology === 'hub' ? Math.max(30 * MINUTE, Math.min(HOUR, shape.everyMs)) : shape.everyMs,
      velocity,
      spotChecks: shape.spotChecks,
      truthClass: shape.truthClass,
      rules: shape.truthClass === 'process' ? 0 : shape.rules,
      actions: shape.truthClass === 'integration' ? 0 : shape.actions,
    })),
  );

interface Link {
  from: string;
  to: string;
  mode: 'event' | 'batch' | 'poll';
  every?: string;
  offset?: string;
  carries: 'snapshot' | 'delta';
  latency?: string;
  types?: string[];
}

function linksOf(shape: Shape): Link[] {
  const every = duration(shape.everyMs);
  switch (shape.topology) {
    case 'push':
      return [
        { from: 'wms', to: 'erp', mode: 'batch', every, carries: 'snapshot' },
        { from: 'erp', to: 'storefront', mode: 'event', carries: 'delta', latency: '2s' },
      ];
    case 'hub':
      return [
        { from: 'wms', to: 'erp', mode: 'event', carries: 'delta', types: ['receipt', 'shipment', 'adjustment'] },
        { from: 'erp', to: 'storefront', mode: 'poll', every, offset: '10m', carries: 'snapshot' },
        { from: 'storefront', to: 'erp', mode: 'event', carries: 'delta', types: ['order', 'cancel'] },
      ];
    case 'relay':
      return [
        { from: 'wms', to: 'erp', mode: 'event', carries: 'snapshot', latency: '1s' },
        { from: 'erp', to: 'storefront', mode: 'batch', every, carries: 'delta' },
      ];
  }
}

interface MovementRecord {
  at: string;
  system: string;
  sku: string;
  type: string;
  qty: number;
  ref: string;
}

/** Movements during business hours (07:00-21:00 UTC), receipts at dawn; `salt` varies minutes and sizes. */
const movementsArbitrary = (shape: Shape): fc.Arbitrary<MovementRecord[]> =>
  fc.array(fc.integer({ min: 0, max: 0x7fffffff }), { minLength: 64, maxLength: 64 }).map((salts) => {
    const records: { atMs: number; order: number; record: Omit<MovementRecord, 'at' | 'ref'> }[] = [];
    let order = 0;
    const salt = (index: number) => salts[index % salts.length]!;
    shape.skus.forEach((sku, skuIndex) => {
      const perDay = shape.velocity[skuIndex]!;
      for (let day = 0; day < shape.days; day++) {
        const dayMs = shape.startMs + day * DAY;
        // A busier weekday, a quieter weekend.
        const weekday = new Date(dayMs).getUTCDay();
        const units = weekday === 0 || weekday === 6 ? Math.ceil(perDay / 2) : perDay;
        const events = Math.max(1, Math.min(units, 3 + Math.floor(units / 3)));
        let left = units;
        for (let event = 0; event < events && left > 0; event++) {
          const key = skuIndex * 7919 + day * 104729 + event * 31;
          const minute = 7 * 60 + (salt(key) % (14 * 60));
          const qty = event === events - 1 ? left : Math.max(1, Math.min(left, 1 + (salt(key + 1) % 4)));
          left -= qty;
          const system = shape.topology === 'hub' ? 'storefront' : 'wms';
          const type = shape.topology === 'hub' ? 'order' : 'shipment';
          records.push({ atMs: dayMs + minute * MINUTE + (salt(key + 2) % 60) * 1000, order: order++, record: { system, sku, type, qty: -qty } });
        }
        // A receipt at dawn every other day for the fast movers.
        if (perDay >= 12 && day % 2 === 1) {
          records.push({ atMs: dayMs + 5 * HOUR + (salt(skuIndex + day) % 60) * MINUTE, order: order++, record: { system: 'wms', sku, type: 'receipt', qty: perDay * 2 } });
        }
      }
    });
    records.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
    return records.map(({ atMs, record }, index) => ({ at: iso(atMs), ...record, ref: `${record.type === 'order' ? '#' : record.type === 'receipt' ? 'PO-' : 'SO-'}${40000 + index}` }));
  });

/** One integration rule for this chain, its parameters anywhere in their natural range. */
function ruleArbitrary(shape: Shape, links: readonly Link[], messagesPerLink: number): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [];
  const longest = Math.max(...shape.skus.map((sku) => sku.length));
  const shortest = Math.min(...shape.skus.map((sku) => sku.length));
  const load = fc.record({ count: fc.integer({ min: 1, max: 12 }), per: fc.constantFrom('1m', '5m', '15m', '1h') }).map(({ count, per }) => `${count}/${per}`);
  const nth = fc.integer({ min: 2, max: Math.max(2, messagesPerLink) });
  for (const link of links) {
    const name = `${link.from}->${link.to}`;
    if (link.mode !== 'event') {
      const every = shape.everyMs;
      options.push(fc.constantFrom(2, 3, 4, 6, 8).filter((factor) => every * factor <= DAY).map((factor) => `cadence:link=${name},every=${duration(every * factor)}`));
      options.push(
        fc
          .subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], { minLength: 1, maxLength: 3 })
          .map((days) => `cadence:link=${name},pausedOn=${days.join('|')}`),
      );
      options.push(fc.integer({ min: 1, max: Math.max(1, Math.floor(shape.skus.length / 2)) }).map((capacity) => `batch_capacity:link=${name},capacity=${capacity}`));
      options.push(fc.integer({ min: 1, max: 4 * Math.round(every / MINUTE) }).map((minutes) => `batch_lag:link=${name},delay=${minutes}m`));
    } else {
      options.push(fc.oneof(nth.map((n) => `nth=${n}`), load.map((above) => `above=${above}`)).map((trigger) => `webhook_drop:link=${name},${trigger}`));
      if (link.carries === 'delta') {
        options.push(fc.oneof(nth.map((n) => `nth=${n}`), load.map((above) => `above=${above}`)).map((trigger) => `duplicate_delivery:link=${name},${trigger},keyless=true`));
      }
    }
    options.push(load.map((above) => `timeout:link=${name},above=${above},applied=false`));
    options.push(
      fc
        .record({ limit: fc.integer({ min: 1, max: 10 }), per: fc.constantFrom('1m', '5m', '1h') })
        .map(({ limit, per }) => `rate_limit:link=${name},limit=${limit},per=${per}`),
    );
    if (longest > shortest) {
      options.push(fc.integer({ min: Math.max(1, shortest - 3), max: longest - 1 }).map((length) => `truncation:link=${name},field=sku,maxLength=${length}`));
    }
  }
  return fc.oneof(...options);
}

/** A human action: in any system, at any minute of the window, set or adjusted. */
function actionArbitrary(shape: Shape): fc.Arbitrary<string> {
  const windowMinutes = shape.days * 24 * 60;
  return fc
    .record({
      system: fc.constantFrom('wms', 'erp', 'storefront'),
      sku: fc.constantFrom(...shape.skus),
      minute: fc.integer({ min: 1, max: windowMinutes - 1 }),
      set: fc.boolean(),
      delta: fc.integer({ min: -25, max: 25 }).filter((delta) => delta !== 0),
      count: fc.integer({ min: 0, max: 80 }),
    })
    .map(({ system, sku, minute, set, delta, count }) => {
      const kind = system === 'storefront' ? 'manual_override' : 'unpropagated_adjustment';
      return `${kind}:system=${system},sku=${sku},at=${iso(shape.startMs + minute * MINUTE)},${set ? `count=${count}` : `delta=${delta}`}`;
    });
}

interface Plan {
  shape: Shape;
  movements: MovementRecord[];
  flags: string[];
  /** Per spot check: minute offset in the window, and the seen SKUs and systems. */
  checks: { minute: number; seen: boolean[][] }[];
}

const planArbitrary: fc.Arbitrary<Plan> = shapeArbitrary.chain((shape) =>
  movementsArbitrary(shape).chain((movements) => {
    const links = linksOf(shape);
    const perLink = Math.max(2, movements.length);
    return fc
      .record({
        rules: fc.uniqueArray(ruleArbitrary(shape, links, perLink), { minLength: shape.rules, maxLength: shape.rules, selector: (flag) => flag.split(',')[0]! }),
        actions: fc.array(actionArbitrary(shape), { minLength: shape.actions, maxLength: shape.actions }),
        checks: fc.uniqueArray(
          fc.record({
            minute: fc.integer({ min: 60, max: shape.days * 24 * 60 }),
            // About 1/2 of SKUs per check, about 0.7 of systems per seen SKU.
            seen: fc.array(fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })), {
              minLength: shape.skus.length,
              maxLength: shape.skus.length,
            }),
          }),
          { minLength: shape.spotChecks, maxLength: shape.spotChecks, selector: (check) => check.minute },
        ),
      })
      .map(({ rules, actions, checks }) => ({
        shape,
        movements,
        flags: [...rules, ...actions],
        checks: checks
          .sort((a, b) => a.minute - b.minute)
          .map(({ minute, seen }) => ({
            minute,
            seen: seen.map(([sku, wms, erp, storefront]) => (sku < 50 ? [wms < 70, erp < 70, storefront < 70] : [false, false, false])),
          })),
      }));
  }),
);

function scenarioDocument(plan: Plan): Record<string, unknown> {
  const { shape } = plan;
  return {
    version: 1,
    name: `sparse-${shape.topology}`,
    window: { start: iso(shape.startMs), end: iso(shape.startMs + shape.days * DAY) },
    systems: ['wms', 'erp', 'storefront'],
    initial: Object.fromEntries(shape.skus.map((sku, index) => [sku, 40 + shape.velocity[index]! * 3])),
    links: linksOf(shape),
    movements: plan.movements,
  };
}

function contextOf(incident: Incident) {
  return {
    systems: incident.systems.map((system) => system.name),
    links: incident.links.map((link) => link.name),
    linkModes: Object.fromEntries(incident.links.map((link) => [link.name, link.mode])),
  };
}

/** Parses `--fault` flags against an incident; throws on problems (a generator bug). */
export function parseFlags(incident: Incident, flags: readonly string[]): FaultSpec[] {
  return flags.map((flag) => {
    const parsed = parseFaultFlag(flag, contextOf(incident));
    if (!parsed.spec) throw new Error(`generator made a bad fault ${flag}: ${JSON.stringify(parsed.problems)}`);
    return parsed.spec;
  });
}

/** Simulates the plan with its truth and records the spot checks it asks for. */
async function record(plan: Plan): Promise<SparseCase> {
  const scenario = await loadIncidentFromText(JSON.stringify(scenarioDocument(plan)), 'sparse.json');
  const truth = parseFlags(scenario, plan.flags);
  const planned: Observation[] = [];
  const seenSystems: boolean[][] = [];
  for (const check of plan.checks) {
    const atMs = scenario.window.startMs + check.minute * MINUTE;
    check.seen.forEach((systems, position) => {
      if (!systems.some(Boolean)) return;
      // check.seen follows the plan's SKU order, which is the sorted order the loader keeps.
      planned.push({ atMs, sku: position, counts: [] });
      seenSystems.push(systems);
    });
  }
  const run = await new Simulation({ ...scenario, observations: ObservationStore.from(planned, { systems: scenario.systems.length }) }, { faults: truth }).run();
  const observations = planned.map((observation, index) => ({
    ...observation,
    counts: run.observed[index]!.map((count, system) => (seenSystems[index]?.[system] ? count : undefined)),
  }));
  const incident: Incident = { ...scenario, observations: ObservationStore.from(observations, { systems: scenario.systems.length }), logs: LogStore.from(run.logs), faults: [] };
  return { incident, truth, truthClass: plan.shape.truthClass, flags: truth.map((spec) => formatFaultFlag(spec)), topology: plan.shape.topology };
}

/** Plans of sparse incidents (pure data, so they shrink); `sparseCase` simulates one. */
export const sparsePlanArbitrary: fc.Arbitrary<SparsePlan> = planArbitrary;
export type SparsePlan = Plan;

/** Simulates a plan with its truth and samples its spot checks. */
export async function sparseCase(plan: SparsePlan): Promise<SparseCase> {
  return record(plan);
}

export interface Judgement {
  verdict: 'right' | 'simpler' | 'wrong';
  why: string;
}

/**
 * Issue 8's bar: an answer is right when it is the truth's class; simpler when it is another
 * class but its explanation replays to a full match and is smaller than the truth (fewer
 * faults, or as many with fewer human actions); anything else is wrong.
 */
export function judge(truth: readonly FaultSpec[], truthClass: TruthClass, answer: { problem: string; explanation: readonly { family: string }[]; fullMatch: boolean }): Judgement {
  if (answer.problem === truthClass && answer.fullMatch) return { verdict: 'right', why: `the truth's class (${truthClass})` };
  const size = answer.explanation.length;
  const human = answer.explanation.filter((fault) => fault.family === 'process').length;
  const truthHuman = truth.filter((spec) => ['manual_override', 'unpropagated_adjustment', 'split_shipment'].includes(spec.kind)).length;
  const smaller = size < truth.length || (size === truth.length && human < truthHuman);
  if (answer.fullMatch && smaller) return { verdict: 'simpler', why: `${size} faults (${human} human) against the truth's ${truth.length} (${truthHuman} human)` };
  return { verdict: 'wrong', why: `${answer.problem} with ${size} faults (${human} human), full match ${answer.fullMatch}; the truth is ${truthClass} with ${truth.length} (${truthHuman} human)` };
}
