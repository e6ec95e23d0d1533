/**
 * Runs a user's connector (the `--connector` contract) on one generated case and records what
 * the properties judge: the counts at every probe instant, the units in flight then, and the
 * counts once the run has drained.
 *
 * The probe is a job the kit adds after the connector's own jobs (every minute by default):
 * the runner answers every pending webhook before a job, so a probe sees what the connector
 * did with every change so far. It reads the shared `SystemState` directly, so it sends no
 * request and no fault counts it.
 *
 * @example
 * const outcome = await runConnector(wmsToShopify, { document, dropDeliveries: [] });
 * outcome.final.storefront['MUG-01']; // 7
 */
import type { Connector, ConnectorModule } from '../adapters/connector-runner.js';
import { connectorRun, loadConnector } from '../adapters/connector-runner.js';
import { Simulation } from '../sim/engine.js';
import type { Incident, LogLine } from '../sim/model.js';
import type { SystemState } from '../sim/state.js';
import { parseDuration } from '../sim/time.js';
import type { IncidentDocument } from './documents.js';
import { loadDocument } from './documents.js';
import { withWebhookDrops } from './webhook-drops.js';

/** One generated case for a connector: the incident it runs and the webhook deliveries dropped. */
export interface ConnectorCase {
  document: IncidentDocument;
  /** 1-based numbers of webhook deliveries (over every system) lost before the connector. */
  dropDeliveries: number[];
}

export interface HarnessOptions {
  /** The system whose counts are the truth (default `wms`). */
  source?: string;
  /** The storefront whose counts must follow (default `storefront`). */
  target?: string;
  /** Probe period (default `1m`). */
  probeEvery?: string;
  /**
   * How long a decrease at the source may take to reach the target and still count as in
   * flight (default: the connector's longest job period, or the probe period without jobs).
   */
  lag?: string;
}

export interface Oversell {
  atMs: number;
  sku: string;
  source: number;
  target: number;
  inFlight: number;
}

export interface ConnectorOutcome {
  incident: Incident;
  /** Counts by system name and SKU after the run drained. */
  final: Record<string, Record<string, number>>;
  /** Probe instants at which the target sat above the source by more than the units in flight. */
  oversells: Oversell[];
  /** The connector's log and the faults its requests met. */
  logs: LogLine[];
  probes: number;
}

/**
 * Resolves a connector given as a module object, a factory, or a path.
 *
 * @example
 * const module = await resolveConnector('./my-connector.ts');
 */
export async function resolveConnector(connector: ConnectorModule | string): Promise<ConnectorModule> {
  return typeof connector === 'string' ? loadConnector(connector) : connector;
}

/**
 * The longest job period of a connector, in ms (0 without jobs).
 *
 * @example
 * longestJobMs(wmsToShopify); // 900000
 */
export function longestJobMs(module: ConnectorModule): number {
  const connector: Connector = typeof module === 'function' ? module() : module;
  return Math.max(0, ...(connector.jobs ?? []).map((job) => parseDuration(job.every) ?? 0));
}

/**
 * Runs `connector` on `testCase` and records counts, oversells and logs.
 *
 * @example
 * const { final } = await runConnector('./my-connector.ts', testCase, { target: 'shop' });
 */
export async function runConnector(connector: ConnectorModule | string, testCase: ConnectorCase, options: HarnessOptions = {}): Promise<ConnectorOutcome> {
  const module = await resolveConnector(connector);
  const incident = await loadDocument(testCase.document);
  const sourceName = options.source ?? 'wms';
  const targetName = options.target ?? 'storefront';
  const source = incident.systems.findIndex((system) => system.name === sourceName);
  const target = incident.systems.findIndex((system) => system.name === targetName);
  if (source < 0 || target < 0) throw new Error(`runConnector: the case needs systems named ${sourceName} and ${targetName}`);
  const probeMs = parseDuration(options.probeEvery ?? '1m')!;
  const lagMs = options.lag !== undefined ? parseDuration(options.lag)! : longestJobMs(module) || probeMs;

  let state: SystemState | undefined;
  let clock: { nowMs(): number } = { nowMs: () => incident.window.startMs };
  /** Decreases at the source per SKU: [atMs, units] in time order. */
  const decreases: [number, number][][] = incident.skus.map(() => []);
  const oversells: Oversell[] = [];
  let probes = 0;

  const probe = () => {
    if (!state) return;
    probes++;
    const nowMs = clock.nowMs();
    for (let sku = 0; sku < incident.skus.length; sku++) {
      let inFlight = 0;
      for (const [atMs, units] of decreases[sku]!) if (atMs > nowMs - lagMs && atMs <= nowMs) inFlight += units;
      const above = state.count(target, sku) - state.count(source, sku);
      if (above > inFlight) oversells.push({ atMs: nowMs, sku: incident.skus[sku]!.sku, source: state.count(source, sku), target: state.count(target, sku), inFlight });
    }
  };
  const dropped = withWebhookDrops(module, testCase.dropDeliveries);
  const probed = (): Connector => {
    const inner = dropped();
    return { ...inner, jobs: [...(inner.jobs ?? []), { name: 'drift-sim-probe', every: options.probeEvery ?? '1m', run: probe }] };
  };

  const prepared = connectorRun(incident, probed, { faults: incident.faults });
  const transport = prepared.options.transport!;
  const simulation = new Simulation(prepared.incident, {
    ...prepared.options,
    transport: (shared, engineClock) => {
      state = shared;
      clock = engineClock;
      shared.onChange((change) => {
        if (change.system === source && change.after < change.before) decreases[change.sku]!.push([engineClock.nowMs(), change.before - change.after]);
      });
      return transport(shared, engineClock);
    },
  });
  await simulation.run();
  const final = Object.fromEntries(
    incident.systems.map((system, index) => [system.name, Object.fromEntries(incident.skus.map((sku, skuIndex) => [sku.sku, state!.count(index, skuIndex)]))]),
  );
  return { incident, final, oversells, logs: prepared.logs.filter((line) => line.component !== 'drift-sim-probe'), probes };
}
