/**
 * JSON output helpers. Output is deterministic: objects are built in a fixed key order and
 * arrays in event or input order, so the same inputs give the same bytes.
 */
import { faultParamsToJson, familyOf } from '../sim/faults/index.js';
import type { FaultSpec, Incident, LogLine } from '../sim/model.js';
import { logLineRecord } from '../sim/model.js';
import type { ObservationComparison, ReplayReport } from '../sim/replay.js';
import { formatTime } from '../sim/time.js';

export interface FaultJson {
  kind: string;
  family: string;
  params: Record<string, string | number | boolean | string[]>;
}

export function faultToJson(spec: FaultSpec): FaultJson {
  return { kind: spec.kind, family: familyOf(spec.kind), params: faultParamsToJson(spec) };
}

export function logToJson(line: LogLine): Record<string, string> {
  return logLineRecord(line, formatTime);
}

export function comparisonToJson(comparison: ObservationComparison) {
  const systems: Record<string, { observed?: number; simulated: number; difference?: number; matches: boolean }> = {};
  for (const system of comparison.systems) {
    systems[system.system] = {
      ...(system.observed !== undefined ? { observed: system.observed } : {}),
      simulated: system.simulated,
      ...(system.difference !== undefined ? { difference: system.difference } : {}),
      matches: system.matches,
    };
  }
  return { at: formatTime(comparison.atMs), sku: comparison.sku, matches: comparison.matches, systems };
}

/** The document `replay --json` prints. */
export function replayToJson(incident: Incident, faults: readonly FaultSpec[], report: ReplayReport, rerun: string) {
  return {
    incident: incident.name,
    faults: faults.map(faultToJson),
    summary: {
      observations: report.summary.observations,
      matched: report.summary.matched,
      mismatched: report.summary.mismatched,
      maxAbsError: report.summary.maxAbsError,
      reproduces: report.summary.reproduces,
    },
    observations: report.comparisons.map(comparisonToJson),
    logs: report.run.logs.map(logToJson),
    stats: report.run.stats,
    rerun,
  };
}

/** Stringifies for stdout: two-space indentation, trailing newline. */
export function stringifyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
