/**
 * Handing an incident to worker threads without copying its movements, observations and logs.
 *
 * Structured cloning a store's typed arrays copies them unless they sit on a
 * `SharedArrayBuffer`, in which case every thread sees the same memory. The loader already
 * puts the columns there; a store built another way (a test, `emitIncident`) is moved there
 * once here. The rest of the incident (systems, links, faults, the log store's table of
 * distinct texts) is small and is cloned.
 */
import { type LogColumns, LogStore } from '../sim/log-store.js';
import type { Incident } from '../sim/model.js';
import { type MovementColumns, MovementStore } from '../sim/movement-store.js';
import { type ObservationColumns, ObservationStore } from '../sim/observation-store.js';

/** An incident as it crosses to a worker: its movements, observations and logs as shared columns. */
export type SharedIncident = Omit<Incident, 'movements' | 'observations' | 'logs'> & {
  movements: MovementColumns;
  observations: ObservationColumns;
  logs: LogColumns;
};

/**
 * The incident with its movement, observation and log columns on shared memory, ready for `workerData`.
 *
 * @example
 * new Worker(script, { workerData: shareIncident(incident) });
 */
export function shareIncident(incident: Incident): SharedIncident {
  const columns = incident.movements.columns();
  const observations = incident.observations.columns();
  const logs = incident.logs.columns();
  return {
    ...incident,
    movements: {
      ...columns,
      atMs: shared(columns.atMs, (buffer, length) => new Float64Array(buffer, 0, length)),
      system: shared(columns.system, (buffer, length) => new Uint16Array(buffer, 0, length)),
      sku: shared(columns.sku, (buffer, length) => new Int32Array(buffer, 0, length)),
      typeIndex: shared(columns.typeIndex, (buffer, length) => new Uint8Array(buffer, 0, length)),
      value: shared(columns.value, (buffer, length) => new Float64Array(buffer, 0, length)),
      flags: shared(columns.flags, (buffer, length) => new Uint8Array(buffer, 0, length)),
      actorIndex: shared(columns.actorIndex, (buffer, length) => new Int32Array(buffer, 0, length)),
      refStart: shared(columns.refStart, (buffer, length) => new Uint32Array(buffer, 0, length)),
      refBytes: shared(columns.refBytes, (buffer, length) => new Uint8Array(buffer, 0, length)),
    },
    observations: {
      ...observations,
      atMs: shared(observations.atMs, (buffer, length) => new Float64Array(buffer, 0, length)),
      sku: shared(observations.sku, (buffer, length) => new Int32Array(buffer, 0, length)),
      counts: shared(observations.counts, (buffer, length) => new Float64Array(buffer, 0, length)),
    },
    logs: {
      ...logs,
      atMs: shared(logs.atMs, (buffer, length) => new Float64Array(buffer, 0, length)),
      level: shared(logs.level, (buffer, length) => new Uint8Array(buffer, 0, length)),
      component: shared(logs.component, (buffer, length) => new Int32Array(buffer, 0, length)),
      code: shared(logs.code, (buffer, length) => new Int32Array(buffer, 0, length)),
      sku: shared(logs.sku, (buffer, length) => new Int32Array(buffer, 0, length)),
      message: shared(logs.message, (buffer, length) => new Int32Array(buffer, 0, length)),
    },
  };
}

/**
 * The incident a worker received: stores over the shared columns (nothing copied).
 *
 * @example
 * const incident = receiveIncident(workerData as SharedIncident);
 */
export function receiveIncident(data: SharedIncident): Incident {
  return {
    ...data,
    movements: MovementStore.fromColumns(data.movements),
    observations: ObservationStore.fromColumns(data.observations),
    logs: LogStore.fromColumns(data.logs),
  };
}

function shared<T extends Float64Array | Uint16Array | Int32Array | Uint8Array | Uint32Array>(
  column: T,
  make: (buffer: SharedArrayBuffer, length: number) => T,
): T {
  if (column.buffer instanceof SharedArrayBuffer) return column;
  const copy = make(new SharedArrayBuffer(Math.max(column.byteLength, 1)), column.length);
  copy.set(column as never);
  return copy;
}
