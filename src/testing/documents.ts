/**
 * Incident and scenario files as plain objects (`IncidentDocument`): what the arbitraries
 * produce. A document is the file format itself, times as ISO text and durations as `15m`,
 * so a generated case is exactly what a user could have written, and it goes through the
 * real loader (`loadDocument`) with every check a file gets.
 *
 * @example
 * const incident = await loadDocument({
 *   version: 1, name: 'tiny', systems: ['wms', 'storefront'],
 *   window: { start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z' },
 *   initial: { 'MUG-01': 10 },
 * });
 */
import { loadIncidentFromText, type LoadOptions } from '../io/load-incident.js';
import type { Incident } from '../sim/model.js';

/** A SKU entry of `skus:`. */
export interface SkuDocument {
  sku: string;
  title?: string;
}

/** A system of the mapping form `systems: {name: {kind}}`. */
export interface SystemDocument {
  kind: 'wms' | 'erp' | 'shopify' | 'storefront' | '3pl';
}

/** A link entry of `links:`. */
export interface LinkDocument {
  from: string;
  to: string;
  mode: 'event' | 'batch' | 'poll';
  every?: string;
  offset?: string;
  carries?: 'snapshot' | 'delta';
  latency?: string;
  capacity?: number;
  types?: string[];
  idempotent?: boolean;
}

/** A movement entry of `movements:` (`qty` for deltas, `count` for `cycle_count` and `manual_set`). */
export interface MovementDocument {
  at: string;
  system: string;
  sku: string;
  type: string;
  qty?: number;
  count?: number;
  ref?: string;
  actor?: string;
  sync?: boolean;
}

/** An observation entry: counts by system name (a system left out was not observed). */
export interface ObservationDocument {
  at: string;
  sku: string;
  counts: Record<string, number>;
}

/** A log line entry. */
export interface LogDocument {
  at: string;
  component: string;
  level: 'error' | 'warn' | 'info';
  code?: string;
  sku?: string;
  message?: string;
}

/** A fault entry: its kind and its parameters as the file writes them. */
export interface FaultDocument {
  kind: string;
  [parameter: string]: unknown;
}

/** An incident or scenario file as an object. */
export interface IncidentDocument {
  version: 1;
  name: string;
  description?: string;
  window?: { start?: string; end?: string };
  timezone?: string;
  systems: Record<string, SystemDocument> | string[];
  recordOf?: string;
  skus?: SkuDocument[];
  initial?: Record<string, number | Record<string, number>>;
  links?: LinkDocument[];
  movements?: MovementDocument[];
  observations?: ObservationDocument[];
  logs?: LogDocument[];
  faults?: FaultDocument[];
  tolerance?: number;
  expect?: { gate2?: { answer: 'yes' | 'no'; problem: 'integration' | 'process' | 'both' | 'unexplained' } };
}

/** Drops `undefined` values (an arbitrary's left-out fields) so the text never says `null`. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, entry]) => entry !== undefined)
        .map(([key, entry]) => [key, compact(entry)]),
    );
  }
  return value;
}

/** A YAML flow value: text quoted as JSON (JSON strings are YAML), numbers and booleans bare. */
function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, entry]) => entry !== undefined);
    return `{${entries.map(([key, entry]) => `${isPlain(key) ? key : JSON.stringify(key)}: ${flow(entry)}`).join(', ')}}`;
  }
  return typeof value === 'string' ? (isPlain(value) ? value : JSON.stringify(value)) : String(value);
}

/** Words any YAML reader could take for something else than text. */
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

/** Text that YAML reads back as the same text without quotes (names, SKUs, link names, kinds). */
function isPlain(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_./-]*(->[A-Za-z0-9][A-Za-z0-9_./-]*)?$/.test(text) && !RESERVED.test(text);
}

/**
 * A document as YAML text, each list entry one flow mapping on its own line, as a person
 * would write it (and as a failing case is printed).
 *
 * @example
 * await writeFile('case.yaml', documentToYaml(document));
 */
export function documentToYaml(document: IncidentDocument): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(document)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.some((entry) => entry !== null && typeof entry === 'object')) {
      lines.push(`${key}:`);
      for (const entry of value) lines.push(`  - ${flow(entry)}`);
    } else {
      lines.push(`${key}: ${flow(value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Loads a document through the real loader (as YAML text), so every check of the format
 * applies. `fileName` names it in problems.
 *
 * @throws InputError listing every problem.
 * @example
 * const incident = await loadDocument(document);
 * incident.skus.map((entry) => entry.sku);
 */
export function loadDocument(document: IncidentDocument, fileName = `${document.name}.yaml`, options: LoadOptions = {}): Promise<Incident> {
  return loadIncidentFromText(documentToYaml(compact(document) as IncidentDocument), fileName, options);
}

/**
 * The size of a document, for shrinking checks and messages: records plus faults plus SKUs.
 *
 * @example
 * documentSize(document); // 12
 */
export function documentSize(document: IncidentDocument): number {
  return (document.movements?.length ?? 0) + (document.observations?.length ?? 0) + (document.faults?.length ?? 0) + (document.skus?.length ?? 0) + (document.links?.length ?? 0);
}
