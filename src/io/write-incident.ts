/**
 * Writing an `Incident` back into the file format: how `run --emit-incident` produces a
 * synthetic incident, and how a scenario is saved after editing.
 *
 * The output loads back into an equivalent Incident (`loadIncidentFromText` round-trips it),
 * is byte-for-byte deterministic, and reads like the hand-written examples: times as quoted
 * ISO UTC (so YAML 1.1 readers do not turn them into dates), durations as `15m`, and one
 * compact flow mapping per link, movement, observation and log line.
 */
import type { Node } from 'yaml';
import { Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { faultKind, faultParamsToJson } from '../sim/faults/index.js';
import type { FaultSpec, Incident, LinkDef, LogLine, Movement, Observation } from '../sim/model.js';
import { logLineRecord } from '../sim/model.js';
import { formatDuration, formatTime } from '../sim/time.js';

/** Record lists written to NDJSON side files instead of inline: the file name to reference. */
export interface SideFiles {
  movements?: string;
  observations?: string;
  logs?: string;
}

/**
 * One record list as NDJSON lines (the spec's field names), for a side file: large lists load
 * far faster from NDJSON than from inline YAML.
 */
export function recordsToNdjson(incident: Incident, list: keyof SideFiles): string {
  const systemName = (index: number): string => incident.systems[index]!.name;
  const skuName = (index: number): string => incident.skus[index]!.sku;
  const lines: string[] = [];
  if (list === 'movements') {
    for (const movement of incident.movements) {
      lines.push(
        JSON.stringify({
          at: formatTime(movement.atMs),
          system: systemName(movement.system),
          sku: skuName(movement.sku),
          type: movement.type,
          [movement.absolute ? 'count' : 'qty']: movement.value,
          ...(movement.ref !== undefined ? { ref: movement.ref } : {}),
          ...(movement.actor !== undefined ? { actor: movement.actor } : {}),
          ...(movement.sync ? {} : { sync: false }),
        }),
      );
    }
  } else if (list === 'observations') {
    for (const observation of incident.observations) {
      const counts: Record<string, number> = {};
      observation.counts.forEach((count, system) => {
        if (count !== undefined) counts[systemName(system)] = count;
      });
      lines.push(JSON.stringify({ at: formatTime(observation.atMs), sku: skuName(observation.sku), counts }));
    }
  } else {
    for (const line of incident.logs) lines.push(JSON.stringify(logLineRecord(line, formatTime)));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** A value the writer puts into the document: plain data, or a node already styled. */
type Value = string | number | boolean | string[] | Node | undefined;

/**
 * Serialises an incident (with its faults, or without them when the caller cleared them).
 *
 * @example
 * const yaml = incidentToYaml({ ...incident, faults: [] });
 * // version: 1
 * // name: storefront-sits-low
 * // window:
 * //   start: '2026-03-09T00:00:00Z'
 * // ...
 * // movements:
 * // - {at: '2026-03-09T10:48:00Z', system: wms, sku: TEE-CLASSIC-WHT-M, type: shipment, qty: -1, ref: SO-300011}
 */
export function incidentToYaml(incident: Incident, sideFiles: SideFiles = {}): string {
  const document = new Document();
  const root = new YAMLMap();
  const systemName = (index: number): string => incident.systems[index]!.name;
  const skuName = (index: number): string => incident.skus[index]!.sku;

  set(root, 'version', incident.version);
  set(root, 'name', incident.name);
  set(root, 'description', incident.description);
  set(root, 'window', block([
    ['start', time(incident.window.startMs)],
    ['end', time(incident.window.endMs)],
  ]));
  if (incident.timezone !== 'UTC') set(root, 'timezone', incident.timezone);
  set(root, 'systems', block(incident.systems.map((system) => [system.name, block([['kind', system.kind]])])));
  set(root, 'recordOf', systemName(incident.recordOf));
  const listed = listedSkus(incident);
  if (listed.length > 0) set(root, 'skus', list(listed.map((item) => flow([['sku', item.sku], ['title', item.title]]))));
  const initial = initialEntries(incident);
  if (initial.length > 0) set(root, 'initial', block(initial));
  if (incident.links.length > 0) set(root, 'links', list(incident.links.map((link) => linkNode(link, systemName))));
  if (sideFiles.movements) set(root, 'movements', flow([['file', sideFiles.movements]]));
  else if (incident.movements.length > 0) {
    set(root, 'movements', list(Array.from(incident.movements, (movement) => movementNode(movement, systemName, skuName))));
  }
  if (sideFiles.observations) set(root, 'observations', flow([['file', sideFiles.observations]]));
  else if (incident.observations.length > 0) {
    set(root, 'observations', list(Array.from(incident.observations, (observation) => observationNode(observation, systemName, skuName))));
  }
  if (sideFiles.logs) set(root, 'logs', flow([['file', sideFiles.logs]]));
  else if (incident.logs.length > 0) set(root, 'logs', list(Array.from(incident.logs, logNode)));
  if (incident.faults.length > 0) set(root, 'faults', list(incident.faults.map(faultNode)));
  if (incident.tolerance !== 0) set(root, 'tolerance', incident.tolerance);
  const gate2 = incident.expect?.gate2;
  if (gate2) set(root, 'expect', block([['gate2', flow([['answer', gate2.answer], ['problem', gate2.problem]])]]));

  document.contents = root;
  // lineWidth 0: never fold a long description or log message; the rest matches the examples.
  return document.toString({ lineWidth: 0, indentSeq: false, flowCollectionPadding: false });
}

/**
 * The `skus` entries: every SKU with a title, and every SKU that no initial count, movement
 * or observation names (only a fault, or nothing), so that it still round-trips. Listing
 * the rest would only repeat what the records say.
 */
function listedSkus(incident: Incident): Incident['skus'] {
  const named = new Set<number>();
  for (const movement of incident.movements) named.add(movement.sku);
  for (const observation of incident.observations) named.add(observation.sku);
  incident.skus.forEach((_, sku) => {
    if (incident.initial.some((counts) => (counts[sku] ?? 0) !== 0)) named.add(sku);
  });
  return incident.skus.filter((item, sku) => item.title !== undefined || !named.has(sku));
}

/** SKU -> a number when every system starts equal, else a per-system mapping; all-zero SKUs are left out (0 is the default). */
function initialEntries(incident: Incident): [string, Value][] {
  const entries: [string, Value][] = [];
  incident.skus.forEach((item, sku) => {
    const counts = incident.systems.map((_, system) => incident.initial[system]?.[sku] ?? 0);
    if (counts.every((count) => count === 0)) return;
    if (counts.every((count) => count === counts[0])) entries.push([item.sku, counts[0]!]);
    else entries.push([item.sku, flow(counts.map((count, system) => [incident.systems[system]!.name, count]))]);
  });
  return entries;
}

function linkNode(link: LinkDef, systemName: (index: number) => string): YAMLMap {
  return flow([
    ['from', systemName(link.from)],
    ['to', systemName(link.to)],
    ['mode', link.mode],
    ['every', link.everyMs === undefined ? undefined : formatDuration(link.everyMs)],
    ['offset', link.mode !== 'event' && link.offsetMs !== 0 ? formatDuration(link.offsetMs) : undefined],
    ['carries', link.carries],
    ['latency', link.latencyMs !== 0 ? formatDuration(link.latencyMs) : undefined],
    ['capacity', link.capacity],
    ['types', link.types ? inlineList(link.types) : undefined],
    ['idempotent', link.idempotent ? undefined : false],
  ]);
}

function movementNode(movement: Movement, systemName: (index: number) => string, skuName: (index: number) => string): YAMLMap {
  return flow([
    ['at', time(movement.atMs)],
    ['system', systemName(movement.system)],
    ['sku', skuName(movement.sku)],
    ['type', movement.type],
    [movement.absolute ? 'count' : 'qty', movement.value],
    ['ref', movement.ref],
    ['actor', movement.actor],
    ['sync', movement.sync ? undefined : false],
  ]);
}

function observationNode(observation: Observation, systemName: (index: number) => string, skuName: (index: number) => string): YAMLMap {
  const counts: [string, Value][] = [];
  observation.counts.forEach((count, system) => {
    if (count !== undefined) counts.push([systemName(system), count]);
  });
  return flow([
    ['at', time(observation.atMs)],
    ['sku', skuName(observation.sku)],
    ['counts', flow(counts)],
  ]);
}

function logNode(line: LogLine): YAMLMap {
  return flow([
    ['at', time(line.atMs)],
    ['component', line.component],
    ['level', line.level],
    ['code', line.code],
    ['sku', line.sku],
    ['message', line.message],
  ]);
}

/**
 * A fault as `kind` plus its parameters in the kind's declared order, defaults left out.
 * A `when` window is written as a `{from, to}` mapping (an open side left out), which reads
 * better than the `FROM/TO` form of the command line.
 */
function faultNode(fault: FaultSpec): YAMLMap {
  const definition = faultKind(fault.kind);
  const json = faultParamsToJson(fault);
  const entries: [string, Value][] = [['kind', fault.kind]];
  for (const [name, value] of Object.entries(json)) {
    const type = definition?.params.find((param) => param.name === name)?.type;
    if (type === 'window') {
      const { fromMs, toMs } = fault.params[name] as { fromMs: number; toMs: number };
      entries.push([name, flow([
        ['from', Number.isFinite(fromMs) ? time(fromMs) : undefined],
        ['to', Number.isFinite(toMs) ? time(toMs) : undefined],
      ])]);
    } else if (type === 'time' && typeof value === 'string') {
      entries.push([name, quoted(value)]);
    } else if (Array.isArray(value)) {
      entries.push([name, inlineList(value)]);
    } else {
      entries.push([name, value]);
    }
  }
  return block(entries);
}

function set(map: YAMLMap, key: string, value: Value): void {
  if (value === undefined) return;
  map.add({ key: new Scalar(key), value: toNode(value) } as never);
}

function toNode(value: Exclude<Value, undefined>): Node {
  if (Array.isArray(value)) return inlineList(value);
  if (typeof value === 'object') return value;
  return new Scalar(value);
}

function block(entries: [string, Value][]): YAMLMap {
  const map = new YAMLMap();
  for (const [key, value] of entries) set(map, key, value);
  return map;
}

function flow(entries: [string, Value][]): YAMLMap {
  const map = block(entries);
  map.flow = true;
  return map;
}

function list(items: Node[]): YAMLSeq {
  const seq = new YAMLSeq();
  for (const item of items) seq.items.push(item);
  return seq;
}

function inlineList(items: readonly string[]): YAMLSeq {
  const seq = list(items.map((item) => new Scalar(item)));
  seq.flow = true;
  return seq;
}

function quoted(text: string): Scalar {
  const scalar = new Scalar(text);
  scalar.type = Scalar.QUOTE_SINGLE;
  return scalar;
}

function time(ms: number): Scalar {
  return quoted(formatTime(ms));
}
