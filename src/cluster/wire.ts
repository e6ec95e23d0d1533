/**
 * What travels through Redis, and how. Job data and results are JSON (BullMQ stores them
 * so), but JSON has no `Infinity`: an aborted evaluation's `steps` is `Infinity`, and the
 * search's `maxSteps` may be. `toWire` writes a non-finite number as `{ "$number": "Infinity" }`
 * and `fromWire` reads it back, so a result decoded on the coordinator is the very value the
 * worker computed and the search decides exactly as it would on one machine.
 *
 * The incident travels once per search as a structured-clone image (`node:v8`, the same
 * copy worker threads get), named by the SHA-256 of its bytes: a worker fetches it by that
 * name, checks the hash, and keeps it for the next job that names it.
 *
 * @example
 * const wire = toWire({ steps: Infinity }); // { steps: { $number: 'Infinity' } }
 * fromWire(JSON.parse(JSON.stringify(wire))); // { steps: Infinity }
 */
import { type LogColumns, LogStore } from '../sim/log-store.js';
import { type MovementColumns, MovementStore } from '../sim/movement-store.js';
import { type ObservationColumns, ObservationStore } from '../sim/observation-store.js';
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { Incident } from '../sim/model.js';

const NUMBER_TAG = '$number';

/** A copy of `value` that JSON carries exactly (non-finite numbers tagged). */
export function toWire(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { [NUMBER_TAG]: String(value) };
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) copy[key] = toWire(item);
    return copy;
  }
  return value;
}

/** The value `toWire` was given, from its JSON-parsed form. */
export function fromWire<T>(value: unknown): T {
  return decode(value) as T;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === NUMBER_TAG && typeof record[NUMBER_TAG] === 'string') return Number(record[NUMBER_TAG]);
    const copy: Record<string, unknown> = {};
    for (const key of keys) copy[key] = decode(record[key]);
    return copy;
  }
  return value;
}

/** An incident as bytes, and the name (SHA-256, hex) it travels under. */
export interface EncodedIncident {
  hash: string;
  bytes: Buffer;
}

/** Encodes `incident` for the workers (the copy worker threads get: structured clone). */
export function encodeIncident(incident: Incident): EncodedIncident {
  // The movement, observation and log stores travel as their columns, copied off any shared
  // memory (a clone of a store itself would lose its methods, and shared buffers do not
  // serialize).
  const bytes = serialize({
    ...incident,
    movements: unshared(incident.movements.columns()),
    observations: unshared(incident.observations.columns()),
    logs: unshared(incident.logs.columns()),
  });
  return { hash: hashBytes(bytes), bytes };
}

/** The incident back from its bytes; throws when they are not what `hash` names. */
export function decodeIncident(hash: string, bytes: Buffer): Incident {
  const found = hashBytes(bytes);
  if (found !== hash) throw new Error(`the incident bytes fetched from Redis do not match their hash (${hash.slice(0, 12)}…, got ${found.slice(0, 12)}…)`);
  const data = deserialize(bytes) as Omit<Incident, 'movements' | 'observations' | 'logs'> & { movements: MovementColumns; observations: ObservationColumns; logs: LogColumns };
  return {
    ...data,
    movements: MovementStore.fromColumns(data.movements),
    observations: ObservationStore.fromColumns(data.observations),
    logs: LogStore.fromColumns(data.logs),
  };
}

/** `columns` with every typed array copied to memory of its own (a view's whole buffer would travel otherwise). */
function unshared<T extends object>(columns: T): T {
  return Object.fromEntries(Object.entries(columns).map(([name, column]) => [name, ArrayBuffer.isView(column) ? (column as Uint8Array).slice() : column])) as T;
}

/** SHA-256 of `bytes`, hex. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
