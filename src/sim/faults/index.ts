/**
 * The fault library: every kind, in the fixed order the Gate 2 search uses to break ties
 * between equally small explanations (simpler, more common integration failures first, then
 * the process kinds), and the one parser for faults from files and from `--fault`.
 *
 * @example
 * const parsed = parseFaultFlag('cadence:link=wms->erp,pausedOn=sat|sun', context);
 * if (parsed.spec) console.log(parsed.spec.params.pausedOn); // ['sat', 'sun']
 */
import type { FaultSpec } from '../model.js';
import { batchCapacity } from './batch-capacity.js';
import { batchLag } from './batch-lag.js';
import { cadence } from './cadence.js';
import { duplicateDelivery } from './duplicate-delivery.js';
import type { FaultFamily, FaultKindDefinition } from './fault-kind.js';
import { keyCollision } from './key-collision.js';
import { manualOverride } from './manual-override.js';
import type { ParamProblem } from './params.js';
import { type KindContext, formatKindFlag, kindParamsToJson, parseKindFlag, parseKindSpec } from './parse-spec.js';
import { rateLimit } from './rate-limit.js';
import { splitShipment } from './split-shipment.js';
import { timeout } from './timeout.js';
import { truncation } from './truncation.js';
import { unpropagatedAdjustment } from './unpropagated-adjustment.js';
import { webhookDrop } from './webhook-drop.js';

export type { BuiltFault, DeliveryOutcome, FaultFamily, FaultKindDefinition, Intervention, LinkRule, RuleContext } from './fault-kind.js';
export type { ParamContext, ParamProblem, ParamSpec } from './params.js';
export type { KindContext, ParsableKind } from './parse-spec.js';

/** Every fault kind, in the documented tie-break order. */
export const FAULT_KINDS: readonly FaultKindDefinition[] = [
  cadence,
  batchCapacity,
  batchLag,
  webhookDrop,
  duplicateDelivery,
  timeout,
  rateLimit,
  keyCollision,
  truncation,
  manualOverride,
  unpropagatedAdjustment,
  splitShipment,
];

const BY_KIND = new Map(FAULT_KINDS.map((definition) => [definition.kind, definition]));

export function faultKind(kind: string): FaultKindDefinition | undefined {
  return BY_KIND.get(kind);
}

export function familyOf(kind: string): FaultFamily {
  const definition = BY_KIND.get(kind);
  if (!definition) throw new Error(`unknown fault kind ${kind}`);
  return definition.family;
}

/** Position of a kind in the tie-break order. */
export function kindOrder(kind: string): number {
  return FAULT_KINDS.findIndex((definition) => definition.kind === kind);
}

/** What a parameter context needs to check link modes as well as names. */
export type FaultContext = KindContext;

/**
 * Parses a fault from a mapping (a file's fault entry, or a `--fault` flag's key/values):
 * checks the kind, every parameter, required ones, exclusive groups and link modes. Paths in
 * the problems are relative to the fault (`kind`, `link`, ...).
 */
export function parseFaultSpec(raw: unknown, context: FaultContext): { spec?: FaultSpec; problems: ParamProblem[] } {
  return parseKindSpec(raw, FAULT_KINDS, context);
}

/**
 * Parses `--fault kind:key=value,key=value` (list values joined with `|`). A value may itself
 * contain `=` or `:` (times do); keys are split at the first `=` of each comma-separated part.
 */
export function parseFaultFlag(text: string, context: FaultContext): { spec?: FaultSpec; problems: ParamProblem[] } {
  return parseKindFlag(text, FAULT_KINDS, context);
}

/** Formats a fault as a `--fault` value, parameters in the kind's declared order. */
export function formatFaultFlag(spec: FaultSpec): string {
  return formatKindFlag(spec, BY_KIND.get(spec.kind)!);
}

/** The parameters of a fault as JSON values (gates.md's `params`), declared order. */
export function faultParamsToJson(spec: FaultSpec): Record<string, string | number | boolean | string[]> {
  return kindParamsToJson(spec, BY_KIND.get(spec.kind)!);
}
