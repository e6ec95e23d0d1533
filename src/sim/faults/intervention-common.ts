/**
 * What the three process kinds share: the target (`system`, `sku`), and turning `at` or
 * `daily` plus `count`/`delta` into the interventions the engine applies.
 */
import { dailyInstants, parseClock } from '../calendar.js';
import type { FaultSpec, Incident } from '../model.js';
import { skuIndex, systemIndex } from '../model.js';
import type { Intervention } from './fault-kind.js';
import { param } from './common.js';
import type { ParamSpec } from './params.js';

export const TARGET_PARAMS: readonly ParamSpec[] = [
  { name: 'system', type: 'system', required: true, doc: 'the system a person changed' },
  { name: 'sku', type: 'sku', required: true, doc: 'the SKU changed' },
];

export const VALUE_PARAMS: readonly ParamSpec[] = [
  { name: 'count', type: 'count', doc: 'the count set (0 is allowed)' },
  { name: 'delta', type: 'integer', doc: 'the change added (non-zero)' },
];

/**
 * `synced`: the action enters the sync chain like a movement. No file needs it (a process
 * fault is by definition an action that bypasses the chain); `drift-sim fix` sets it to
 * replay the world where an approval gate, a count push or a 3PL route-back closed the gap.
 */
export const SYNCED_PARAM: ParamSpec = {
  name: 'synced',
  type: 'boolean',
  doc: 'the action enters the sync chain like a movement (a remedy closed the process gap; default false)',
};

/**
 * Builds one intervention per instant for the fault's system and SKU; `type` is the movement
 * type a synced one carries into the links.
 */
export function interventionsAt(spec: FaultSpec, incident: Incident, instants: readonly number[], value: number, absolute: boolean, type: string): Intervention[] {
  const system = systemIndex(incident, param<string>(spec, 'system')!);
  const sku = skuIndex(incident, param<string>(spec, 'sku')!);
  if (system < 0 || sku < 0) throw new Error(`fault ${spec.kind}: unknown system or SKU`);
  const sync = param<boolean>(spec, 'synced') === true;
  return instants.map((atMs) => ({ atMs, system, sku, value, absolute, kind: spec.kind, ...(sync ? { sync, type } : {}) }));
}

/** The instants of `at` or of `daily` (inside the window and `when`). */
export function instantsOf(spec: FaultSpec, incident: Incident): number[] {
  const at = param<number>(spec, 'at');
  if (at !== undefined) return [at];
  const minutes = parseClock(param<string>(spec, 'daily')!)!;
  const when = param<{ fromMs: number; toMs: number }>(spec, 'when');
  const fromMs = Math.max(incident.window.startMs, when?.fromMs ?? -Infinity);
  const toMs = Math.min(incident.window.endMs, when?.toMs ?? Infinity);
  return dailyInstants(fromMs, toMs, minutes, incident.timezone);
}

/** `count` (absolute) or `delta`, whichever the fault gives. */
export function valueOf(spec: FaultSpec): { value: number; absolute: boolean } {
  const count = param<number>(spec, 'count');
  return count !== undefined ? { value: count, absolute: true } : { value: param<number>(spec, 'delta')!, absolute: false };
}
