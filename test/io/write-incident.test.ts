/**
 * Goal: `incidentToYaml` writes a file that loads back into an equivalent Incident (for the
 * examples, and for generated incidents with awkward SKUs, text, defaults and faults), in
 * the compact style of the examples, and the same bytes every time.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadIncident, loadIncidentFromText } from '../../src/io/load-incident.js';
import { incidentToYaml } from '../../src/io/write-incident.js';
import { parseFaultSpec } from '../../src/sim/faults/index.js';
import type { FaultSpec, Incident, LinkDef, LinkMode, LogLine, Movement, Observation } from '../../src/sim/model.js';
import { BATCH_CHANGE_TYPE, MOVEMENT_TYPES, SYSTEM_KINDS, compareCodePoints } from '../../src/sim/model.js';
import { LogStore } from '../../src/sim/log-store.js';
import { MovementStore } from '../../src/sim/movement-store.js';
import { ObservationStore } from '../../src/sim/observation-store.js';
import { FIXTURES } from './io-helpers.js';

const EXAMPLES = `${FIXTURES}examples`;

/** The loaded incident without the file it came from, which a round trip changes by design. */
function withoutSource(incident: Incident): Incident {
  const { sourcePath: _ignored, ...rest } = incident;
  return rest;
}

describe('writing the examples', () => {
  it.each(['storefront-sits-low', 'weekend-batch-gap'])('%s round-trips through YAML', async (name) => {
    const incident = await loadIncident(join(EXAMPLES, `${name}.yaml`));
    const written = incidentToYaml(incident);
    const reloaded = await loadIncidentFromText(written, `${name}.yaml`);
    expect(withoutSource(reloaded)).toEqual(withoutSource(incident));
    expect(incidentToYaml(reloaded)).toBe(written);
  });

  it('writes one compact flow mapping per entry, like the examples', async () => {
    const incident = await loadIncident(join(EXAMPLES, 'weekend-batch-gap.yaml'));
    const lines = incidentToYaml(incident).split('\n');
    expect(lines.slice(0, 7)).toEqual([
      'version: 1',
      'name: weekend-batch-gap',
      'description: Storefront oversells steel bottles every weekend; Monday morning counts snap back.',
      'window:',
      "  start: '2026-03-13T00:00:00Z'",
      "  end: '2026-03-17T00:00:00Z'",
      'systems:',
    ]);
    expect(lines).toContain('- {from: wms, to: erp, mode: batch, every: 6h, offset: 1h, carries: snapshot}');
    expect(lines).toContain("- {at: '2026-03-13T08:25:00Z', system: wms, sku: BOTTLE-STEEL-1L, type: shipment, qty: -3, ref: SO-300093}");
    expect(lines).toContain("- {at: '2026-03-17T00:00:00Z', sku: BOTTLE-STEEL-1L, counts: {wms: 7, erp: 12, storefront: 12}}");
    // No titles and every SKU named by a record or an initial count: no `skus` list is needed.
    expect(lines).not.toContain('skus:');
  });

  it('writes faults in block style, times quoted, defaults left out', async () => {
    const incident = await loadIncident(join(EXAMPLES, 'weekend-batch-gap.yaml'), {
      extraFaults: ['cadence:link=wms->erp,pausedOn=sat|sun', 'duplicate_delivery:link=erp->storefront,nth=7,when=/2026-03-15T00:00:00Z'],
    });
    const text = incidentToYaml(incident);
    expect(text.slice(text.indexOf('faults:'))).toBe(
      [
        'faults:',
        '- kind: cadence',
        '  link: wms->erp',
        '  pausedOn: [sat, sun]',
        '- kind: duplicate_delivery',
        '  link: erp->storefront',
        '  nth: 7',
        "  when: {to: '2026-03-15T00:00:00Z'}",
        '',
      ].join('\n'),
    );
  });
});

// --- generated incidents -------------------------------------------------------------------

const WINDOW_START = Date.UTC(2026, 2, 2);
const SYSTEM_NAMES = ['wms', 'erp', 'storefront', 'partner', 'shop-2'] as const;
/** Text a naive writer would break: YAML keywords, numbers, quotes, flow characters, non-BMP code points. */
const AWKWARD = ['00123', 'yes', 'null', '1e3', 'true', 'a: b', '{x}', '[1, 2]', '#55', 'Tee "Black"', "O'Neil", 'ÄÖ-ü', '𝒳-1', '- x', 'line\nbreak'];
const text = fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.constantFrom(...AWKWARD));
const sku = fc.oneof(fc.stringMatching(/^[A-Z][A-Z0-9-]{0,9}$/), fc.constantFrom(...AWKWARD.filter((value) => !value.includes('\n'))));

const incidentArbitrary: fc.Arbitrary<Incident> = fc
  .record({
    systemCount: fc.integer({ min: 1, max: 4 }),
    kinds: fc.array(fc.constantFrom(...SYSTEM_KINDS), { minLength: 4, maxLength: 4 }),
    skuNames: fc.uniqueArray(sku, { minLength: 1, maxLength: 5 }),
  })
  .chain(({ systemCount, kinds, skuNames }) => {
    const systems = SYSTEM_NAMES.slice(0, systemCount).map((name, index) => ({ name, kind: kinds[index]! }));
    const skus = [...skuNames].sort(compareCodePoints);
    const systemIndex = fc.integer({ min: 0, max: systemCount - 1 });
    const skuIndex = fc.integer({ min: 0, max: skus.length - 1 });
    const spanMs = fc.integer({ min: 0, max: 3 * 86_400 }).map((seconds) => seconds * 1000);
    const pairs = systems.flatMap((_, from) => systems.map((__, to) => [from, to] as const)).filter(([from, to]) => from !== to);
    const duration = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200_000_000 }));
    const link = (from: number, to: number): fc.Arbitrary<LinkDef> =>
      fc
        .record({
          mode: fc.constantFrom<LinkMode>('event', 'batch', 'poll'),
          everyMs: fc.integer({ min: 1, max: 90_000_000 }),
          offsetMs: duration,
          carries: fc.constantFrom('snapshot' as const, 'delta' as const),
          latencyMs: duration,
          capacity: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
          types: fc.option(fc.uniqueArray(fc.constantFrom(...MOVEMENT_TYPES, BATCH_CHANGE_TYPE), { minLength: 1, maxLength: 3 }), { nil: undefined }),
          idempotent: fc.boolean(),
        })
        .map(({ mode, everyMs, offsetMs, capacity, types, ...rest }) => {
          const cycles = mode !== 'event';
          return {
            name: `${systems[from]!.name}->${systems[to]!.name}`,
            from,
            to,
            mode,
            ...(cycles ? { everyMs } : {}),
            offsetMs: cycles ? offsetMs : 0,
            ...rest,
            ...(cycles && capacity !== undefined ? { capacity } : {}),
            ...(types !== undefined ? { types } : {}),
          };
        });
    const links: fc.Arbitrary<LinkDef[]> = fc
      .subarray(pairs, { maxLength: Math.min(3, pairs.length) })
      .chain((chosen) => (chosen.length === 0 ? fc.constant([]) : fc.tuple(...chosen.map(([from, to]) => link(from, to)))));
    return fc.record({
      windowLengthMs: spanMs.map((ms) => ms + 1000),
      systems: fc.constant(systems),
      skus: fc.tuple(...skus.map((name) => fc.option(text, { nil: undefined }).map((title) => (title === undefined ? { sku: name } : { sku: name, title })))),
      initial: fc.array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: -50, max: 500 })), { minLength: skus.length, maxLength: skus.length }), {
        minLength: systemCount,
        maxLength: systemCount,
      }),
      links,
      recordOf: systemIndex,
      movementDrafts: fc.array(
        fc.record({
          offset: fc.double({ min: 0, max: 1, noNaN: true }),
          system: systemIndex,
          sku: skuIndex,
          type: fc.constantFrom(...MOVEMENT_TYPES),
          value: fc.integer({ min: -20, max: 20 }),
          ref: fc.option(text, { nil: undefined }),
          actor: fc.option(fc.constantFrom('integration', 'system', 'user:dana', 'user:Jo Smith'), { nil: undefined }),
          sync: fc.boolean(),
          withMs: fc.boolean(),
        }),
        { maxLength: 8 },
      ),
      observationDrafts: fc.array(
        fc.record({
          offset: fc.double({ min: 0, max: 1, noNaN: true }),
          sku: skuIndex,
          counts: fc.array(fc.option(fc.integer({ min: -5, max: 500 }), { nil: undefined }), { minLength: systemCount, maxLength: systemCount }),
        }),
        { maxLength: 4 },
      ),
      logDrafts: fc.array(
        fc.record({
          offsetMs: fc.integer({ min: -86_400_000, max: 4 * 86_400_000 }),
          level: fc.constantFrom('error' as const, 'warn' as const, 'info' as const),
          code: fc.option(text, { nil: undefined }),
          sku: fc.option(text, { nil: undefined }),
          message: fc.option(text, { nil: undefined }),
        }),
        { maxLength: 3 },
      ),
      faultDrafts: fc.array(fc.record({ choice: fc.integer({ min: 0, max: 3 }), offset: fc.double({ min: 0, max: 1, noNaN: true }), sku: skuIndex, system: systemIndex, n: fc.integer({ min: 1, max: 9 }) }), {
        maxLength: 3,
      }),
      name: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
      description: fc.option(text, { nil: undefined }),
      timezone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York'),
      tolerance: fc.integer({ min: 0, max: 3 }),
      expect: fc.option(
        fc.record({ gate2: fc.record({ answer: fc.constantFrom('yes' as const, 'no' as const), problem: fc.constantFrom('integration' as const, 'process' as const, 'both' as const, 'unexplained' as const) }) }),
        { nil: undefined },
      ),
    });
  })
  .map((draft) => {
    const startMs = WINDOW_START;
    const endMs = startMs + draft.windowLengthMs;
    const inWindow = (offset: number, withMs = false): number => {
      const ms = startMs + Math.floor(offset * draft.windowLengthMs);
      return withMs ? ms : ms - (ms % 1000);
    };
    // Absolute movements take any count (0 included); deltas are non-zero.
    const movements: Movement[] = draft.movementDrafts
      .map((movement) => {
        const absolute = movement.type === 'cycle_count' || movement.type === 'manual_set';
        return {
          atMs: inWindow(movement.offset, movement.withMs),
          system: movement.system,
          sku: movement.sku,
          type: movement.type,
          value: absolute || movement.value !== 0 ? movement.value : 1,
          absolute,
          ...(movement.ref !== undefined ? { ref: movement.ref } : {}),
          ...(movement.actor !== undefined ? { actor: movement.actor } : {}),
          sync: movement.sync,
        };
      })
      .sort((a, b) => a.atMs - b.atMs);
    const observations: Observation[] = draft.observationDrafts
      .map((observation) => ({
        atMs: inWindow(observation.offset),
        sku: observation.sku,
        counts: observation.counts.every((count) => count === undefined) ? observation.counts.map((count, index) => (index === 0 ? 7 : count)) : observation.counts,
      }))
      .sort((a, b) => a.atMs - b.atMs);
    const components = [...draft.systems.map((system) => system.name), ...draft.links.map((link) => link.name)];
    const logs: LogLine[] = draft.logDrafts
      .map((log, index) => ({
        atMs: startMs + log.offsetMs,
        component: components[index % components.length]!,
        level: log.level,
        ...(log.code !== undefined ? { code: log.code } : {}),
        ...(log.sku !== undefined ? { sku: log.sku } : {}),
        ...(log.message !== undefined ? { message: log.message } : {}),
      }))
      .sort((a, b) => a.atMs - b.atMs);
    const incident: Incident = {
      version: 1,
      name: draft.name,
      ...(draft.description !== undefined ? { description: draft.description } : {}),
      window: { startMs, endMs },
      timezone: draft.timezone,
      systems: draft.systems,
      recordOf: draft.recordOf,
      skus: draft.skus,
      initial: draft.initial,
      links: draft.links,
      movements: MovementStore.from(movements),
      observations: ObservationStore.from(observations, { systems: draft.systems.length }),
      logs: LogStore.from(logs),
      faults: [],
      tolerance: draft.tolerance,
      ...(draft.expect !== undefined ? { expect: draft.expect } : {}),
    };
    incident.faults = draft.faultDrafts.flatMap((fault) => faultFor(incident, fault));
    return incident;
  });

/** A valid fault of one of four shapes, typed by the fault library's own parser (defaults included). */
function faultFor(incident: Incident, draft: { choice: number; offset: number; sku: number; system: number; n: number }): FaultSpec[] {
  const sku = incident.skus[draft.sku]!.sku;
  const system = incident.systems[draft.system]!.name;
  const at = new Date(incident.window.startMs + Math.floor(draft.offset * (incident.window.endMs - incident.window.startMs))).toISOString();
  const cycling = incident.links.find((link) => link.mode !== 'event');
  const anyLink = incident.links[draft.n % Math.max(1, incident.links.length)];
  const raw: Record<string, unknown>[] = [
    { kind: 'manual_override', system, sku, at, delta: -draft.n },
    { kind: 'unpropagated_adjustment', system, sku, at, count: draft.n * 3 },
    ...(cycling ? [{ kind: 'cadence', link: cycling.name, pausedOn: ['sun', 'sat'], when: { from: at } }] : []),
    ...(anyLink ? [{ kind: 'duplicate_delivery', link: anyLink.name, above: `${draft.n}/15m`, keyless: true, skus: [sku] }] : []),
  ];
  const chosen = raw[draft.choice % raw.length]!;
  const context = {
    systems: incident.systems.map((item) => item.name),
    links: incident.links.map((link) => link.name),
    linkModes: Object.fromEntries(incident.links.map((link) => [link.name, link.mode])),
  };
  const parsed = parseFaultSpec(chosen, context);
  if (!parsed.spec) throw new Error(`test generator made an invalid fault: ${JSON.stringify(parsed.problems)}`);
  return [parsed.spec];
}

describe('writing generated incidents', () => {
  it('loads back into an equivalent incident, and writes the same bytes again', async () => {
    await fc.assert(
      fc.asyncProperty(incidentArbitrary, async (incident) => {
        const written = incidentToYaml(incident);
        const reloaded = await loadIncidentFromText(written, 'generated.yaml');
        expect(withoutSource(reloaded)).toEqual(incident);
        expect(incidentToYaml(reloaded)).toBe(written);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('writes an incident without faults when the caller clears them', async () => {
    const incident = await loadIncident(join(EXAMPLES, 'storefront-sits-low.yaml'), { extraFaults: ['webhook_drop:link=erp->storefront,nth=3'] });
    const written = incidentToYaml({ ...incident, faults: [] });
    expect(written).not.toContain('faults:');
    expect((await loadIncidentFromText(written, 'x.yaml')).faults).toEqual([]);
  });
});
