/**
 * Generated benchmark incidents, deterministic from a seed (the project's Rng; SKU names from
 * faker seeded the same way), written once under `.bench/` and reused while their manifest
 * matches.
 */
import { faker } from '@faker-js/faker';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { writeIncidentFiles } from '../src/io/write-incident-files.js';
import { loadIncident } from '../src/io/load-incident.js';
import { emitIncident } from '../src/sim/emit-incident.js';
import type { FaultSpec, Incident } from '../src/sim/model.js';
import { Rng } from '../src/sim/rng.js';
import { formatTime } from '../src/sim/time.js';
import { ObservationStore } from '../src/sim/observation-store.js';

export interface ReplayBenchSpec {
  movements: number;
  skus: number;
  days: number;
  seed: number;
}

const START_MS = Date.UTC(2026, 2, 2);
const DAY_MS = 86_400_000;

/** SKU codes that look like a real catalogue's: DEPT-PRODUCT-VARIANT. */
export function skuNames(count: number, seed: number): string[] {
  faker.seed(seed);
  const names = new Set<string>();
  for (let attempt = 0; names.size < count && attempt < count * 20; attempt++) {
    const department = faker.commerce.department().slice(0, 4).toUpperCase();
    const product = faker.commerce.productAdjective().slice(0, 5).toUpperCase();
    const variant = faker.string.alphanumeric({ length: 4, casing: 'upper' });
    names.add(`${department}-${product}-${variant}`);
  }
  return [...names];
}

/**
 * Writes `dir/incident.json` (three systems, a 15-minute WMS->ERP snapshot batch and an
 * ERP->storefront delta event link) and `dir/movements.ndjson` (a ref on every row), unless
 * already there. Returns the incident file's path.
 */
export async function writeReplayIncident(dir: string, spec: ReplayBenchSpec): Promise<string> {
  // The layout number changes whenever this generator does, so a stale cache is rewritten.
  const manifest = JSON.stringify({ layout: 2, ...spec });
  const manifestPath = join(dir, 'manifest.json');
  const incidentPath = join(dir, 'incident.json');
  const windowMs = spec.days * DAY_MS;
  // The incident file is cheap and always rewritten; the movements are kept while the manifest matches.
  await mkdir(dir, { recursive: true });
  const incident = {
    version: 1,
    name: 'bench-replay',
    // A second past the days: the last rows' jitter (under a second) stays inside the window.
    window: { start: formatTime(START_MS), end: formatTime(START_MS + windowMs + 1000) },
    systems: ['wms', 'erp', 'storefront'],
    links: [
      { from: 'wms', to: 'erp', mode: 'batch', every: '15m', carries: 'snapshot' },
      { from: 'erp', to: 'storefront', mode: 'event', carries: 'delta', latency: '2s' },
    ],
    movements: { file: 'movements.ndjson' },
    observations: [],
  };
  await writeFile(incidentPath, `${JSON.stringify(incident, null, 2)}\n`);
  if (existsSync(manifestPath) && readFileSync(manifestPath, 'utf8') === manifest) return incidentPath;
  const skus = skuNames(spec.skus, spec.seed);
  const rng = new Rng(spec.seed);
  const out = createWriteStream(join(dir, 'movements.ndjson'));
  let chunk = '';
  for (let index = 0; index < spec.movements; index++) {
    // Evenly spread in time with jitter, so the file is in time order like a real export.
    const atMs = START_MS + Math.floor((index * windowMs) / spec.movements) + rng.nextInt(1000);
    const sku = skus[rng.nextInt(skus.length)]!;
    const roll = rng.nextInt(100);
    const record =
      roll < 70
        ? { at: formatTime(atMs), system: 'wms', sku, type: 'shipment', qty: -(1 + rng.nextInt(3)), ref: `SO-${index}` }
        : roll < 85
          ? { at: formatTime(atMs), system: 'storefront', sku, type: 'order', qty: -1, ref: `#${index}` }
          : roll < 98
            ? { at: formatTime(atMs), system: 'wms', sku, type: 'receipt', qty: 5 + rng.nextInt(20), ref: `PO-${index}` }
            : { at: formatTime(atMs), system: 'wms', sku, type: 'cycle_count', count: 50 + rng.nextInt(200), ref: `CC-${index}`, actor: 'user:counter' };
    chunk += `${JSON.stringify(record)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  await writeFile(manifestPath, manifest);
  return incidentPath;
}

export interface ObservationBenchSpec {
  observations: number;
  logs: number;
  skus: number;
  days: number;
  seed: number;
}

/**
 * Writes `dir/incident.yaml` with large observation and log side files (`observations.ndjson`:
 * every SKU's counts in two or three of three systems; `logs.ndjson`: link errors with
 * repeated codes and messages, a quarter of them distinct) and a few movements, unless
 * already there. Returns the incident file's path.
 */
export async function writeObservationIncident(dir: string, spec: ObservationBenchSpec): Promise<string> {
  const manifest = JSON.stringify({ layout: 1, ...spec });
  const manifestPath = join(dir, 'manifest.json');
  const incidentPath = join(dir, 'incident.yaml');
  await mkdir(dir, { recursive: true });
  if (existsSync(manifestPath) && readFileSync(manifestPath, 'utf8') === manifest) return incidentPath;
  const windowMs = spec.days * DAY_MS;
  const skus = skuNames(spec.skus, spec.seed);
  const rng = new Rng(spec.seed);
  const writeLines = async (name: string, count: number, line: (index: number) => unknown) => {
    const out = createWriteStream(join(dir, name));
    let chunk = '';
    for (let index = 0; index < count; index++) {
      chunk += `${JSON.stringify(line(index))}\n`;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    out.end(chunk);
    await once(out, 'finish');
  };
  const movements = Math.max(1, Math.floor(spec.observations / 25));
  await writeLines('movements.ndjson', movements, (index) => ({
    at: formatTime(START_MS + Math.floor((index * windowMs) / movements)),
    system: 'wms',
    sku: skus[rng.nextInt(skus.length)]!,
    type: 'shipment',
    qty: -(1 + rng.nextInt(3)),
    ref: `SO-${index}`,
  }));
  await writeLines('observations.ndjson', spec.observations, (index) => {
    const counts: Record<string, number> = { wms: 100 + rng.nextInt(50), erp: 100 + rng.nextInt(50) };
    if (rng.nextInt(3) > 0) counts.storefront = 100 + rng.nextInt(50);
    return { at: formatTime(START_MS + Math.floor((index * windowMs) / spec.observations)), sku: skus[rng.nextInt(skus.length)]!, counts };
  });
  const codes = ['HTTP_429', 'TIMEOUT', 'WEBHOOK_DELIVERY_FAILED'];
  await writeLines('logs.ndjson', spec.logs, (index) => {
    const roll = rng.nextInt(4);
    return {
      at: formatTime(START_MS + Math.floor((index * windowMs) / spec.logs)),
      component: ['wms->erp', 'erp->storefront', 'erp'][rng.nextInt(3)]!,
      level: ['error', 'warn', 'info'][rng.nextInt(3)]!,
      ...(roll < 3 ? { code: codes[roll]! } : {}),
      ...(rng.nextInt(2) === 0 ? { sku: skus[rng.nextInt(skus.length)]! } : {}),
      message: roll === 0 ? `request ${index} failed after ${rng.nextInt(30)}s` : 'rate limited, retrying',
    };
  });
  const yaml = [
    'version: 1',
    'name: bench-observations',
    `window: {start: '${formatTime(START_MS)}', end: '${formatTime(START_MS + windowMs)}'}`,
    'systems: [wms, erp, storefront]',
    'links:',
    '  - {from: wms, to: erp, mode: batch, every: 15m, carries: snapshot}',
    '  - {from: erp, to: storefront, mode: event, carries: delta, latency: 2s}',
    'movements: {file: movements.ndjson}',
    'observations: {file: observations.ndjson}',
    'logs: {file: logs.ndjson}',
  ].join('\n');
  await writeFile(incidentPath, `${yaml}\n`);
  await writeFile(manifestPath, manifest);
  return incidentPath;
}

export interface Gate2BenchSpec {
  movements: number;
  skus: number;
  days: number;
  seed: number;
  observeMs: number;
  /** The integration rule's load threshold on ERP->storefront (default `150/1m`). */
  above?: string;
}

/**
 * The Gate 2 benchmark scenario: the spec's chain (a 15-minute WMS->ERP snapshot batch, an
 * ERP->storefront delta event link), WMS shipments and receipts during the day, one
 * integration rule (ERP->storefront webhooks lost above a load) and one human action (a
 * storefront override at night). Written as `dir/scenario.yaml` with its movements in an
 * NDJSON side file (large inline YAML lists load slowly), unless already there.
 */
export async function writeGate2Scenario(dir: string, spec: Gate2BenchSpec): Promise<string> {
  // The layout number changes whenever this generator does, so a stale cache is rewritten.
  const manifest = JSON.stringify({ layout: 3, ...spec });
  const manifestPath = join(dir, 'manifest.json');
  const scenarioPath = join(dir, 'scenario.yaml');
  if (existsSync(manifestPath) && readFileSync(manifestPath, 'utf8') === manifest && existsSync(scenarioPath)) return scenarioPath;
  await mkdir(dir, { recursive: true });
  const skus = skuNames(spec.skus, spec.seed);
  const rng = new Rng(spec.seed);
  const lines: string[] = [];
  const perDay = Math.floor(spec.movements / spec.days);
  for (let day = 0; day < spec.days; day++) {
    const times: number[] = [];
    for (let index = 0; index < perDay; index++) times.push(START_MS + day * DAY_MS + 8 * 3_600_000 + rng.nextInt(12 * 3_600_000));
    times.sort((a, b) => a - b);
    times.forEach((atMs, index) => {
      const sku = skus[rng.nextInt(skus.length)]!;
      const roll = rng.nextInt(100);
      const ref = `${day}-${index}`;
      const at = formatTime(atMs);
      const record =
        roll < 90
          ? { at, system: 'wms', sku, type: 'shipment', qty: -(1 + rng.nextInt(3)), ref: `SO-${ref}` }
          : { at, system: 'wms', sku, type: 'receipt', qty: 10 + rng.nextInt(30), ref: `PO-${ref}` };
      lines.push(JSON.stringify(record));
    });
  }
  await writeFile(join(dir, 'movements.ndjson'), `${lines.join('\n')}\n`);
  const yaml = [
    'version: 1',
    'name: bench-gate2',
    `window: {start: '${formatTime(START_MS)}', end: '${formatTime(START_MS + spec.days * DAY_MS)}'}`,
    'systems: [wms, erp, storefront]',
    `initial: {${skus.map((sku) => `${sku}: 500`).join(', ')}}`,
    'links:',
    '  - {from: wms, to: erp, mode: batch, every: 15m, carries: snapshot}',
    '  - {from: erp, to: storefront, mode: event, carries: delta, latency: 2s}',
    'movements: {file: movements.ndjson}',
    'faults:',
    `  - {kind: webhook_drop, link: erp->storefront, above: ${spec.above ?? '150/1m'}}`,
    `  - {kind: manual_override, system: storefront, sku: ${skus[0]!}, at: '${formatTime(START_MS + 2 * DAY_MS + 3 * 3_600_000)}', delta: -12}`,
  ].join('\n');
  await writeFile(scenarioPath, `${yaml}\n`);
  await writeFile(manifestPath, manifest);
  return scenarioPath;
}

export interface SparseGate2BenchSpec extends Gate2BenchSpec {
  /** How many SKUs are spot-checked (every `skus / spotChecked`-th, the overridden one among them). */
  spotChecked: number;
}

/**
 * The issue's large sparse case: the Gate 2 scenario recorded at spot checks of only some
 * SKUs (in every system), as an incident file `dir/incident.yaml` with NDJSON side files.
 * The truth is the scenario's faults (returned for tests), which the search must find from
 * these observations alone.
 */
export async function writeSparseGate2Incident(dir: string, spec: SparseGate2BenchSpec): Promise<{ path: string; incident: Incident; truth: FaultSpec[] }> {
  const scenario = await loadIncident(await writeGate2Scenario(join(dir, 'scenario'), spec));
  const { incident: dense } = await emitIncident(scenario, spec.observeMs);
  const names = skuNames(spec.skus, spec.seed);
  const step = Math.max(1, Math.floor(spec.skus / spec.spotChecked));
  const checked = new Set(names.filter((_, index) => index % step === 0).slice(0, spec.spotChecked));
  const incident: Incident = { ...dense, name: 'bench-gate2-sparse', observations: ObservationStore.from([...dense.observations].filter((observation) => checked.has(dense.skus[observation.sku]!.sku)), { systems: dense.systems.length }) };
  const path = join(dir, 'incident.yaml');
  await writeIncidentFiles(path, incident);
  return { path, incident, truth: scenario.faults };
}
