/**
 * Properties a connector must keep, ready to run against a user's connector module (the
 * `--connector` contract, docs/connector.md), each on generated cases: a catalog, a movement
 * stream at the source (the WMS), and faults on the connector's requests into the target (the
 * storefront) or on the webhooks it receives, all inside the active day, then a quiet period
 * with no movement and no fault.
 *
 * - `converges`: with no fault, once movements stop and the connector has drained, the target
 *   shows the source's count for every SKU.
 * - `noDoubleApply`: requests into the target time out after the API applied them (the case a
 *   retry turns into a duplicate); after the quiet period the target still equals the source,
 *   so no retried request was applied twice.
 * - `losesNoUnit`: webhook deliveries dropped, requests lost before the API applied them, and
 *   429 / THROTTLED answers; after the quiet period, with its retry policy, the target equals
 *   the source: no unit was lost.
 * - `neverOversells`: at every probe instant (every minute) the target is never above the
 *   source by more than the units in flight (the source's decreases within one connector
 *   period). With no fault by default; `oversellUnderFaults: true` adds the lossy faults.
 *
 * A failure throws with the shrunk case as YAML, a per-SKU table of what differed, the
 * incident written to `.drift-sim/failures/` and the `drift-sim replay` command that shows it.
 *
 * @example
 * import wmsToShopify from '../src/wms-to-shopify.js';
 * await checkConnector(wmsToShopify, 'converges', { connectorPath: 'src/wms-to-shopify.ts' });
 */
import fc from 'fast-check';
import type { ConnectorModule } from '../adapters/connector-runner.js';
import { formatTime, parseDuration } from '../sim/time.js';
import { catalogArbitrary } from './catalog-arbitrary.js';
import { type DiffRow, formatDiffRows } from './count-diff.js';
import { type ConnectorCase, type ConnectorOutcome, type HarnessOptions, longestJobMs, resolveConnector, runConnector } from './connector-harness.js';
import { documentToYaml, type FaultDocument, type IncidentDocument, type SystemDocument } from './documents.js';
import { writeFailureCase } from './failure-report.js';
import { DEFAULT_START_MS } from './incident-arbitrary.js';
import { movementStreamArbitrary, type StreamShape } from './movement-stream-arbitrary.js';

export const CONNECTOR_PROPERTIES = ['converges', 'noDoubleApply', 'losesNoUnit', 'neverOversells'] as const;
export type ConnectorPropertyName = (typeof CONNECTOR_PROPERTIES)[number];

export interface ConnectorPropertyOptions extends HarnessOptions {
  /** Systems of the generated cases by name (default `{wms: wms, storefront: shopify}`). */
  systems?: Record<string, SystemDocument['kind']>;
  /** SKUs per case at most (default 2). */
  maxSkus?: number;
  /** Movements per case at most (default 8). */
  maxMovements?: number;
  /** Stream shapes (default steady, flash sale, receipts at dawn). */
  shapes?: readonly StreamShape[];
  /** Quiet time after the active day (default: twice the longest job period plus an hour). */
  quiescence?: string;
  /** The connector's path as you run it, for the replay command (and the drop wrapper). */
  connectorPath?: string;
  /** Where failing cases are written (default `.drift-sim/failures`). */
  outputDir?: string;
  /** Check `neverOversells` under the lossy faults too (default false). */
  oversellUnderFaults?: boolean;
}

export interface CheckOptions extends ConnectorPropertyOptions {
  /** fast-check seed (default 42: a run is its inputs). */
  seed?: number;
  /** Cases per property (default 12). */
  numRuns?: number;
  /** Replay a reported failure: fast-check's `path`. */
  path?: string;
}

/** A generated case that prints as the incident file it is (fast-check prints counterexamples with it). */
export type PrintableCase = ConnectorCase & { [fc.toStringMethod](): string };

const HOUR = 3_600_000;
const MINUTE = 60_000;

type FaultClass = 'none' | 'retried' | 'lossy';

const FAULT_CLASS: Record<ConnectorPropertyName, FaultClass> = { converges: 'none', noDoubleApply: 'retried', losesNoUnit: 'lossy', neverOversells: 'none' };

function printable(testCase: ConnectorCase): PrintableCase {
  return {
    ...testCase,
    [fc.toStringMethod]: () =>
      `\n${documentToYaml(testCase.document)}${testCase.dropDeliveries.length > 0 ? `# webhook deliveries dropped: ${testCase.dropDeliveries.join(', ')}\n` : ''}`,
  };
}

/**
 * Cases for a connector: see the file comment. `faults`: `none`, `retried` (timeouts after the
 * API applied the request) or `lossy` (drops, timeouts before applying, 429).
 *
 * @example
 * fc.sample(connectorCaseArbitrary({ faults: 'lossy', quiescenceMs: 2 * 3_600_000 }), 1);
 */
export function connectorCaseArbitrary(options: ConnectorPropertyOptions & { faults: FaultClass; quiescenceMs: number }): fc.Arbitrary<PrintableCase> {
  const systems = options.systems ?? { wms: 'wms', storefront: 'shopify' };
  const source = options.source ?? 'wms';
  const target = options.target ?? 'storefront';
    const link = `${source}->${target}`;
  // Faults act for up to four hours, from some minute after the first movement's hour, never in
  // the quiet period that lets the connector recover; placed once the movements are known.
  const when = fc.record({ fromMinutes: fc.integer({ min: 0, max: 12 * 60 }), lengthMinutes: fc.integer({ min: 1, max: 4 * 60 }) });
  const trigger: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
    fc.integer({ min: 1, max: 6 }).map((nth) => ({ nth })),
    fc.record({ count: fc.integer({ min: 0, max: 4 }), per: fc.constantFrom('1m', '15m') }).map(({ count, per }) => ({ above: `${count}/${per}` })),
  );
  // Every Nth request (N >= 2) times out after it applied: a retry that follows gets through,
  // so a connector that retries without a key applies the same change twice.
  const retried: fc.Arbitrary<FaultDocument> = fc.tuple(fc.integer({ min: 2, max: 6 }), when).map(([nth, window]) => ({ kind: 'timeout', link, nth, applied: true, when: window }));
  const lost: fc.Arbitrary<FaultDocument> = fc.tuple(trigger, when).map(([fire, window]) => ({ kind: 'timeout', link, ...fire, applied: false, when: window }));
  const throttled: fc.Arbitrary<FaultDocument> = fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom('15m', '1h', '1m'), when)
    .map(([limit, per, window]) => ({ kind: 'rate_limit', link, limit, per, when: window }));
  const faults: fc.Arbitrary<FaultDocument[]> =
    options.faults === 'none' ? fc.constant([]) : options.faults === 'retried' ? fc.array(retried, { minLength: 1, maxLength: 2 }) : fc.array(fc.oneof(lost, throttled), { maxLength: 2 });
  const drops = options.faults === 'lossy' ? fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 3 }).map((list) => [...list].sort((a, b) => a - b)) : fc.constant<number[]>([]);

  // No chain: every part shrinks on its own (fewer SKUs, fewer movements, fewer faults). The
  // streams name SKUs by position (#0, #1, ...), resolved against the catalog drawn beside them.
  const maxSkus = options.maxSkus ?? 2;
  const positions = Array.from({ length: maxSkus }, (_, index) => `#${index}`);
  const shapes = options.shapes ?? (['steady', 'flash-sale', 'dawn-receipts'] as const);
  const streams = shapes.map((shape) => movementStreamArbitrary({ skus: positions, startMs: DEFAULT_START_MS, days: 1, shape, source, maxMovements: options.maxMovements ?? 8 }));
  return fc
    .record({
      catalog: catalogArbitrary({ minSkus: 1, maxSkus, variants: false }),
      initial: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: maxSkus, maxLength: maxSkus }),
      movements: fc.oneof(...streams),
      faults,
      drops,
    })
    .map(({ catalog, initial, movements: positional, faults: drawn, drops: dropped }) => {
      const skuAt = (position: string) => catalog[Number(position.slice(1)) % catalog.length]!.sku;
      const movements = positional.map((movement) => ({ ...movement, sku: skuAt(movement.sku) }));
      // The window runs from the hour of the first movement to the hour after the last one,
      // plus the quiet period: a connector's cycles outside it would only cost time.
      const times = movements.map((movement) => Date.parse(movement.at));
      const startMs = times.length > 0 ? Math.floor(Math.min(...times) / HOUR) * HOUR : DEFAULT_START_MS + 12 * HOUR;
      const lastMs = times.length > 0 ? Math.ceil((Math.max(...times) + 1) / HOUR) * HOUR : startMs;
      const placed = drawn.map((fault) => {
        const { fromMinutes, lengthMinutes } = fault.when as { fromMinutes: number; lengthMinutes: number };
        return { ...fault, when: { from: formatTime(startMs + fromMinutes * MINUTE), to: formatTime(startMs + (fromMinutes + lengthMinutes) * MINUTE) } };
      });
      const document: IncidentDocument = {
        version: 1,
        name: 'connector-case',
        window: { start: formatTime(startMs), end: formatTime(Math.max(lastMs, latestFaultEnd(placed)) + options.quiescenceMs) },
        systems: Object.fromEntries(Object.entries(systems).map(([name, kind]) => [name, { kind }])),
        recordOf: source,
        skus: catalog,
        initial: Object.fromEntries(catalog.map((entry, index) => [entry.sku, initial[index]!])),
        // The connector replaces this link; faults name it to reach requests into the target.
        links: [{ from: source, to: target, mode: 'event' }],
        movements,
        ...(placed.length > 0 ? { faults: placed } : {}),
      };
      return printable({ document, dropDeliveries: dropped });
    });
}

/** The end of the latest `when` window of the faults (0 without faults): the quiet period starts after it. */
function latestFaultEnd(faults: readonly FaultDocument[]): number {
  let latest = 0;
  for (const fault of faults) {
    const when = fault.when as { to?: string } | undefined;
    if (when?.to) latest = Math.max(latest, Date.parse(when.to));
  }
  return latest;
}

/** Rows of SKUs where the target does not show the source's count after the run. */
function unconverged(outcome: ConnectorOutcome, source: string, target: string): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const [sku, expected] of Object.entries(outcome.final[source] ?? {})) {
    const actual = outcome.final[target]?.[sku];
    if (actual !== expected) rows.push({ sku, cells: [{ system: target, expected, actual }] });
  }
  return rows;
}

/**
 * Thrown by a connector property on a failing case; the message is the whole report.
 *
 * @example
 * catch (error) { if (error instanceof ConnectorPropertyError) console.log(error.command); }
 */
export class ConnectorPropertyError extends Error {
  constructor(
    message: string,
    readonly command: string,
    readonly incidentPath: string,
  ) {
    super(message);
    this.name = 'ConnectorPropertyError';
  }
}

const WHAT: Record<ConnectorPropertyName, string> = {
  converges: 'did not converge: after the movements stopped and the connector drained, the target differs from the source',
  noDoubleApply: 'ended away from the source under timeouts that hit after the API had applied the request: a retried request was applied twice (or an update given up)',
  losesNoUnit: 'lost units: with webhook drops, lost requests and 429s, the target never caught up with the source',
  neverOversells: 'oversold: the target sat above the source by more than the units in flight',
};

async function judge(name: ConnectorPropertyName, module: ConnectorModule, testCase: ConnectorCase, options: ConnectorPropertyOptions): Promise<void> {
  const source = options.source ?? 'wms';
  const target = options.target ?? 'storefront';
  const outcome = await runConnector(module, testCase, options);
  let table = '';
  if (name === 'neverOversells') {
    if (outcome.oversells.length === 0) return;
    table = formatDiffRows(
      outcome.oversells.map((oversell) => ({ sku: oversell.sku, at: formatTime(oversell.atMs), cells: [{ system: target, expected: oversell.source + oversell.inFlight, actual: oversell.target }] })),
      { expected: `at most (${source} + in flight)`, actual: 'shows' },
    );
  } else {
    const rows = unconverged(outcome, source, target);
    if (rows.length === 0) return;
    table = formatDiffRows(rows, { expected: `${source} has`, actual: 'shows' });
  }
  // The written incident expects, at the window end, the target equal to the source.
  const endAt = testCase.document.window!.end!;
  const observations = Object.entries(outcome.final[source] ?? {}).map(([sku, count]) => ({ at: endAt, sku, counts: { [source]: count, [target]: count } }));
  const connectorName = (typeof module === 'function' ? module() : module).name;
  const written = await writeFailureCase({
    label: `${connectorName}-${name}`.replace(/[^A-Za-z0-9_.-]+/g, '-'),
    document: { ...testCase.document, name: `${connectorName}-${name}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-'), observations },
    dropDeliveries: testCase.dropDeliveries,
    ...(options.connectorPath ? { connectorPath: options.connectorPath } : {}),
    ...(options.outputDir ? { outputDir: options.outputDir } : {}),
  });
  const log = outcome.logs.slice(0, 12).map((line) => `  ${formatTime(line.atMs)} ${line.level} ${line.component}${line.code ? ` ${line.code}` : ''} ${line.message ?? ''}`.trimEnd());
  throw new ConnectorPropertyError(
    [
      `connector ${connectorName} ${WHAT[name]}.`,
      table,
      ...(log.length > 0 ? ['connector log (first lines):', ...log] : []),
      `incident written: ${written.incidentPath}`,
      `replay it: ${written.command}`,
    ].join('\n'),
    written.command,
    written.incidentPath,
  );
}

/**
 * One property as a fast-check async property, to run with your own `fc.assert` parameters.
 *
 * @example
 * await fc.assert(await connectorProperty(connector, 'losesNoUnit'), { seed: 42, numRuns: 20 });
 */
export async function connectorProperty(connector: ConnectorModule | string, name: ConnectorPropertyName, options: ConnectorPropertyOptions = {}): Promise<fc.IAsyncPropertyWithHooks<[PrintableCase]>> {
  const module = await resolveConnector(connector);
  const quiescenceMs = options.quiescence !== undefined ? parseDuration(options.quiescence)! : 2 * longestJobMs(module) + HOUR;
  const faults: FaultClass = name === 'neverOversells' && options.oversellUnderFaults ? 'lossy' : FAULT_CLASS[name];
  return fc.asyncProperty(connectorCaseArbitrary({ ...options, faults, quiescenceMs }), (testCase) => judge(name, module, testCase, options));
}

/**
 * Runs one property (or all four) against a connector with a fixed seed; throws with the
 * shrunk counterexample, the per-SKU differences and the replay command when it fails.
 *
 * @example
 * it('never loses a unit', () => checkConnector(connector, 'losesNoUnit', { connectorPath: 'src/connector.ts' }), 120_000);
 */
export async function checkConnector(connector: ConnectorModule | string, names: ConnectorPropertyName | readonly ConnectorPropertyName[] = CONNECTOR_PROPERTIES, options: CheckOptions = {}): Promise<void> {
  const list = typeof names === 'string' ? [names] : names;
  const connectorPath = options.connectorPath ?? (typeof connector === 'string' ? connector : undefined);
  for (const name of list) {
    const property = await connectorProperty(connector, name, { ...options, ...(connectorPath ? { connectorPath } : {}) });
    const details = await fc.check(property, { seed: options.seed ?? 42, numRuns: options.numRuns ?? 12, ...(options.path ? { path: options.path } : {}) });
    if (details.failed) throw new ConnectorCheckError(name, details);
  }
}

/**
 * A failed `checkConnector`: fast-check's report (seed, path, the shrunk counterexample as an
 * incident file) followed by what the connector did wrong and the replay command.
 *
 * @example
 * try { await checkConnector(connector, 'converges'); } catch (error) { if (error instanceof ConnectorCheckError) console.log(error.command); }
 */
export class ConnectorCheckError extends Error {
  /** The `drift-sim replay` command of the shrunk case, when the property wrote one. */
  readonly command: string | undefined;

  constructor(
    readonly property: ConnectorPropertyName,
    details: fc.RunDetails<[PrintableCase]>,
  ) {
    const cause = details.errorInstance;
    const report = fc.defaultReportMessage(details) ?? `property ${property} failed`;
    super(`${property}: ${report}\n\n${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ConnectorCheckError';
    this.command = cause instanceof ConnectorPropertyError ? cause.command : undefined;
  }
}
