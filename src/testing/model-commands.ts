/**
 * Model-based testing of a connector with `fc.commands`: fast-check draws a sequence of
 * commands (movements at the WMS, clock advances, fault toggles, API reads, "let it settle"),
 * runs them against the real thing (the connector on the virtual clock against the mocked
 * APIs) and checks every read against the model (the engine's own count of the WMS: what the
 * storefront must come back to). On a failure it shrinks the command list, writes the run as
 * an incident and prints the list and a `drift-sim replay` command that reproduces it.
 *
 * The commands are known before the run, so their times, movements and fault windows are laid
 * out first (the same `check` decides which commands run); the real run is then one engine run
 * stepped command by command, and the incident written is exactly that run.
 *
 * A movement happens one minute after the command before it, so the run can stop right after
 * it and read the WMS.
 *
 * Invariants checked:
 * - a WMS read through its API equals the model's count (the mocks and the engine agree);
 * - a storefront read is never above the model's WMS count by more than the units the WMS lost
 *   within one connector period (no oversell beyond what is in flight), with faults off;
 * - after `Settle` (faults off, two connector periods and a minute of quiet), a storefront read
 *   equals the model's WMS count.
 *
 * @example
 * await checkConnectorModel(wmsToShopify, { connectorPath: 'src/wms-to-shopify.ts', numRuns: 10 });
 */
import fc from 'fast-check';
import { getResponse } from 'msw';
import { createHandlers, type MockApis } from '../../mocks/index.js';
import type { Connector, ConnectorModule } from '../adapters/connector-runner.js';
import { connectorRun } from '../adapters/connector-runner.js';
import { Simulation } from '../sim/engine.js';
import type { SystemState } from '../sim/state.js';
import { formatTime } from '../sim/time.js';
import { catalogArbitrary } from './catalog-arbitrary.js';
import { longestJobMs, resolveConnector } from './connector-harness.js';
import type { FaultDocument, IncidentDocument, MovementDocument } from './documents.js';
import { loadDocument } from './documents.js';
import { writeFailureCase } from './failure-report.js';
import { DEFAULT_START_MS } from './incident-arbitrary.js';

const MINUTE = 60_000;
const TOKEN = 'drift-sim';
/** The harness's own view of the mocks: no fault hook, a base URL of its own. */
const READ_BASE = 'http://model-check.drift-sim.local';

/** The model: what the WMS holds, what it lost lately, time, and whether a fault is on. */
export interface ConnectorModel {
  nowMs: number;
  wms: number[];
  /** [atMs, sku, units] of every decrease at the WMS. */
  decreases: [number, number, number][];
  fault: 'none' | 'rate_limit' | 'timeout';
  /** Oversell checks start again here once a fault is off: one connector period to catch up. */
  checkFromMs: number;
  /** Filled while laying out: the run's movements and fault windows. */
  plan?: { movements: MovementDocument[]; faults: FaultDocument[]; faultFromMs?: number };
}

/** The real thing: the stepped engine run with the connector, and reads through the mocks' APIs. */
export interface ConnectorReal {
  advanceTo(atMs: number): Promise<void>;
  read(system: 'wms' | 'storefront', sku: number): Promise<number>;
  skus: readonly string[];
  periodMs: number;
}

/**
 * A violated invariant: which SKU at what time, and the model's WMS count.
 *
 * @example
 * throw new ModelViolation('an oversell', atMs, 0, 12);
 */
export class ModelViolation extends Error {
  constructor(
    message: string,
    readonly atMs: number,
    readonly sku: number,
    readonly wms: number,
  ) {
    super(message);
    this.name = 'ModelViolation';
  }
}

type Command = fc.AsyncCommand<ConnectorModel, ConnectorReal> & { lay(model: ConnectorModel, skus: readonly string[], periodMs: number): void };

class MoveCommand implements Command {
  constructor(
    readonly sku: number,
    readonly qty: number,
  ) {}
  check = () => true;
  lay(model: ConnectorModel, skus: readonly string[]): void {
    const sku = this.sku % skus.length;
    // Each movement is a minute after the previous command, so the run can stop right after it.
    model.nowMs += MINUTE;
    model.plan!.movements.push({ at: formatTime(model.nowMs), system: 'wms', sku: skus[sku]!, type: this.qty > 0 ? 'receipt' : 'shipment', qty: this.qty, ref: `${this.qty > 0 ? 'PO' : 'SO'}-${1001 + model.plan!.movements.length}` });
    this.apply(model, sku);
  }
  private apply(model: ConnectorModel, sku: number): void {
    model.wms[sku] = model.wms[sku]! + this.qty;
    if (this.qty < 0) model.decreases.push([model.nowMs, sku, -this.qty]);
  }
  async run(model: ConnectorModel, real: ConnectorReal): Promise<void> {
    const sku = this.sku % real.skus.length;
    model.nowMs += MINUTE;
    this.apply(model, sku);
    await real.advanceTo(model.nowMs);
    const seen = await real.read('wms', sku);
    if (seen !== model.wms[sku]) throw new ModelViolation(`the WMS API shows ${seen} of ${real.skus[sku]}, the model ${model.wms[sku]}`, model.nowMs, sku, model.wms[sku]!);
  }
  toString(): string {
    return `${this.qty > 0 ? 'Receive' : 'Ship'}(#${this.sku}, ${Math.abs(this.qty)})`;
  }
}

class AdvanceCommand implements Command {
  constructor(readonly minutes: number) {}
  check = () => true;
  lay(model: ConnectorModel): void {
    model.nowMs += this.minutes * MINUTE;
  }
  async run(model: ConnectorModel, real: ConnectorReal): Promise<void> {
    model.nowMs += this.minutes * MINUTE;
    await real.advanceTo(model.nowMs);
    if (checking(model)) for (let sku = 0; sku < real.skus.length; sku++) await checkOversell(model, real, sku);
  }
  toString(): string {
    return `Advance(${this.minutes}m)`;
  }
}

class FaultCommand implements Command {
  constructor(readonly kind: 'rate_limit' | 'timeout' | 'none') {}
  check = (model: Readonly<ConnectorModel>) => model.fault !== this.kind;
  lay(model: ConnectorModel): void {
    closeFault(model);
    model.fault = this.kind;
    if (this.kind !== 'none') model.plan!.faultFromMs = model.nowMs;
  }
  async run(model: ConnectorModel, real: ConnectorReal): Promise<void> {
    if (model.fault !== 'none' && this.kind === 'none') model.checkFromMs = model.nowMs + real.periodMs + MINUTE;
    model.fault = this.kind;
  }
  toString(): string {
    return this.kind === 'none' ? 'FaultsOff()' : `FaultOn(${this.kind})`;
  }
}

class ReadCommand implements Command {
  constructor(readonly sku: number) {}
  check = () => true;
  lay(): void {}
  async run(model: ConnectorModel, real: ConnectorReal): Promise<void> {
    if (checking(model)) await checkOversell(model, real, this.sku % real.skus.length);
  }
  toString(): string {
    return `ReadStorefront(#${this.sku})`;
  }
}

class SettleCommand implements Command {
  check = (model: Readonly<ConnectorModel>) => model.fault === 'none';
  lay(model: ConnectorModel, _skus: readonly string[], periodMs: number): void {
    model.nowMs += 2 * periodMs + MINUTE;
  }
  async run(model: ConnectorModel, real: ConnectorReal): Promise<void> {
    model.nowMs += 2 * real.periodMs + MINUTE;
    await real.advanceTo(model.nowMs);
    for (let sku = 0; sku < real.skus.length; sku++) {
      const shown = await real.read('storefront', sku);
      if (shown !== model.wms[sku]) throw new ModelViolation(`after settling, the storefront shows ${shown} of ${real.skus[sku]}, the WMS ${model.wms[sku]}`, model.nowMs, sku, model.wms[sku]!);
    }
  }
  toString(): string {
    return 'Settle()';
  }
}

/** Ends the fault window that is open, at the model's time. */
function closeFault(model: ConnectorModel): void {
  if (model.fault === 'none' || model.plan!.faultFromMs === undefined) return;
  const when = { from: formatTime(model.plan!.faultFromMs), to: formatTime(Math.max(model.plan!.faultFromMs, model.nowMs - 1)) };
  model.plan!.faults.push(
    model.fault === 'rate_limit'
      ? { kind: 'rate_limit', link: 'wms->storefront', limit: 1, per: '15m', when }
      : { kind: 'timeout', link: 'wms->storefront', nth: 2, applied: false, when },
  );
  model.plan!.faultFromMs = undefined;
}

/** Oversell is judged with no fault on, once the connector has had a period to catch up. */
function checking(model: ConnectorModel): boolean {
  return model.fault === 'none' && model.nowMs >= model.checkFromMs;
}

async function checkOversell(model: ConnectorModel, real: ConnectorReal, sku: number): Promise<void> {
  const shown = await real.read('storefront', sku);
  let inFlight = 0;
  for (const [atMs, which, units] of model.decreases) if (which === sku && atMs > model.nowMs - real.periodMs && atMs <= model.nowMs) inFlight += units;
  if (shown - model.wms[sku]! > inFlight) {
    throw new ModelViolation(`the storefront shows ${shown} of ${real.skus[sku]} while the WMS has ${model.wms[sku]} and ${inFlight} unit(s) are in flight: an oversell`, model.nowMs, sku, model.wms[sku]!);
  }
}

/**
 * The command arbitrary (SKUs by position, resolved modulo the catalog).
 *
 * @example
 * fc.sample(connectorCommands({ maxCommands: 10 }), 1);
 */
export function connectorCommands(options: { maxCommands?: number; maxSkus?: number } = {}): fc.Arbitrary<Iterable<Command>> {
  const sku = fc.integer({ min: 0, max: (options.maxSkus ?? 2) - 1 });
  return fc.commands<ConnectorModel, ConnectorReal>(
    [
      fc.tuple(sku, fc.integer({ min: 1, max: 5 })).map(([which, qty]) => new MoveCommand(which, -qty)),
      fc.tuple(sku, fc.integer({ min: 1, max: 20 })).map(([which, qty]) => new MoveCommand(which, qty)),
      fc.constantFrom(1, 5, 15, 60).map((minutes) => new AdvanceCommand(minutes)),
      fc.constantFrom<'rate_limit' | 'timeout' | 'none'>('rate_limit', 'timeout', 'none').map((kind) => new FaultCommand(kind)),
      sku.map((which) => new ReadCommand(which)),
      fc.constant(new SettleCommand()),
    ],
    { maxCommands: options.maxCommands ?? 25 },
  ) as fc.Arbitrary<Iterable<Command>>;
}

export interface ModelCheckOptions {
  connectorPath?: string;
  outputDir?: string;
  seed?: number;
  numRuns?: number;
  maxCommands?: number;
  maxSkus?: number;
  path?: string;
}

const freshModel = (skus: number, initial: readonly number[]): ConnectorModel => ({ nowMs: DEFAULT_START_MS, wms: [...initial].slice(0, skus), decreases: [], fault: 'none', checkFromMs: DEFAULT_START_MS });

/** Lays the commands out on the clock: the incident document of the run they make. */
function layOut(commands: readonly Command[], skus: readonly { sku: string; title?: string }[], initial: readonly number[], periodMs: number): IncidentDocument {
  const model = freshModel(skus.length, initial);
  model.plan = { movements: [], faults: [] };
  const names = skus.map((entry) => entry.sku);
  for (const wrapped of commands) {
    // fast-check hands its commands over wrapped (to mark the ones that ran); the plan is on the command itself.
    const command = ((wrapped as unknown as { cmd?: Command }).cmd ?? wrapped) as Command;
    if (command.check(model)) command.lay(model, names, periodMs);
  }
  model.nowMs += MINUTE;
  closeFault(model);
  return {
    version: 1,
    name: 'model-run',
    window: { start: formatTime(DEFAULT_START_MS), end: formatTime(model.nowMs) },
    systems: { wms: { kind: 'wms' }, storefront: { kind: 'shopify' } },
    skus: [...skus],
    initial: Object.fromEntries(names.map((sku, index) => [sku, initial[index]!])),
    links: [{ from: 'wms', to: 'storefront', mode: 'event' }],
    movements: model.plan.movements,
    ...(model.plan.faults.length > 0 ? { faults: model.plan.faults } : {}),
  };
}

async function readCount(handlers: MockApis, system: 'wms' | 'storefront', sku: string): Promise<number> {
  if (system === 'wms') {
    const response = await getResponse(handlers.handlers, new Request(`${READ_BASE}/wms/inventory/${encodeURIComponent(sku)}`, { headers: { Authorization: `Bearer ${TOKEN}` } }));
    return ((await response!.json()) as { quantity: number }).quantity;
  }
  const query = `query Read($q: String!) { inventoryItems(first: 1, query: $q) { nodes { inventoryLevels(first: 1) { nodes { quantities(names: ["available"]) { quantity } } } } } }`;
  const response = await getResponse(
    handlers.handlers,
    new Request(`${READ_BASE}/storefront/admin/api/2026-01/graphql.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': TOKEN },
      body: JSON.stringify({ query, variables: { q: `sku:"${sku}"` } }),
    }),
  );
  const body = (await response!.json()) as { data: { inventoryItems: { nodes: { inventoryLevels: { nodes: { quantities: { quantity: number }[] }[] } }[] } } };
  return body.data.inventoryItems.nodes[0]!.inventoryLevels.nodes[0]!.quantities[0]!.quantity;
}

/**
 * Runs the model-based property against a connector; throws with the shrunk command list and
 * the replay command when a read breaks an invariant.
 *
 * @example
 * it('keeps the storefront honest, command by command', () => checkConnectorModel(connector, { connectorPath: 'src/connector.ts' }), 120_000);
 */
export async function checkConnectorModel(connector: ConnectorModule | string, options: ModelCheckOptions = {}): Promise<void> {
  const module = await resolveConnector(connector);
  const periodMs = longestJobMs(module) || MINUTE;
  const connectorName = (typeof module === 'function' ? module() : module).name;
  let lastWritten: string | undefined;
  const property = fc.asyncProperty(
    catalogArbitrary({ minSkus: 1, maxSkus: options.maxSkus ?? 2, variants: false }),
    fc.array(fc.integer({ min: 0, max: 30 }), { minLength: options.maxSkus ?? 2, maxLength: options.maxSkus ?? 2 }),
    connectorCommands(options),
    async (skus, initial, commands) => {
      const list = [...commands];
      const document = layOut(list, skus, initial, periodMs);
      const incident = await loadDocument(document);
      // A no-op job every minute: the runner answers pending webhooks before each job, so a read
      // after a command sees what a webhook-driven connector did with it.
      const settled = (): Connector => {
        const inner = typeof module === 'function' ? module() : module;
        return { ...inner, jobs: [...(inner.jobs ?? []), { name: 'drift-sim-settle', every: '1m', run: () => {} }] };
      };
      const prepared = connectorRun(incident, settled, { faults: incident.faults });
      let state: SystemState | undefined;
      let reads: MockApis | undefined;
      const transport = prepared.options.transport!;
      const simulation = new Simulation(prepared.incident, {
        ...prepared.options,
        transport: (shared, clock) => {
          state = shared;
          reads = createHandlers({ incident: prepared.incident, state: shared, clock, accessToken: TOKEN, appSecret: TOKEN, baseUrl: READ_BASE });
          return transport(shared, clock);
        },
      });
      const real: ConnectorReal = {
        skus: skus.map((entry) => entry.sku),
        periodMs,
        advanceTo: (atMs) => simulation.runUntil(atMs),
        read: async (system, sku) => {
          if (!reads || !state) await simulation.runUntil(incident.window.startMs);
          return readCount(reads!, system, skus[sku]!.sku);
        },
      };
      try {
        await fc.asyncModelRun(() => ({ model: freshModel(skus.length, initial), real }), list);
      } catch (error) {
        if (error instanceof ModelViolation) {
          const failing: IncidentDocument = {
            ...document,
            name: `${connectorName}-model`.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
            window: { start: document.window!.start!, end: formatTime(error.atMs) },
            movements: document.movements!.filter((movement) => Date.parse(movement.at) <= error.atMs),
            observations: [{ at: formatTime(error.atMs), sku: skus[error.sku]!.sku, counts: { wms: error.wms, storefront: error.wms } }],
          };
          const written = await writeFailureCase({
            label: `${connectorName}-model`.replace(/[^A-Za-z0-9_.-]+/g, '-'),
            document: failing,
            dropDeliveries: [],
            ...(options.connectorPath ? { connectorPath: options.connectorPath } : {}),
            ...(options.outputDir ? { outputDir: options.outputDir } : {}),
          });
          lastWritten = `incident written: ${written.incidentPath}\nreplay it: ${written.command}`;
          error.message = `${error.message} at ${formatTime(error.atMs)}\n${lastWritten}`;
        }
        throw error;
      } finally {
        await simulation.finish();
        reads?.dispose();
      }
    },
  );
  const details = await fc.check(property, { seed: options.seed ?? 42, numRuns: options.numRuns ?? 10, ...(options.path ? { path: options.path } : {}) });
  if (details.failed) {
    const cause = details.errorInstance;
    throw new Error(`connector ${connectorName}, model-based run: ${fc.defaultReportMessage(details) ?? 'failed'}\n\n${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
