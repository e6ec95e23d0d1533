/**
 * The command that re-runs a result exactly: every run can print it (a run is its inputs).
 */
import { formatFaultFlag } from '../sim/faults/index.js';
import type { FaultSpec, Incident } from '../sim/model.js';
import type { StartingCount } from '../sim/starting-counts.js';

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `drift-sim replay <file> --fault '...' ...` for the given faults (besides the file's own). */
export function rerunCommand(file: string, faults: readonly FaultSpec[], extra: readonly string[] = []): string {
  const words = ['drift-sim', 'replay', shellQuote(file)];
  for (const fault of faults) words.push('--fault', shellQuote(formatFaultFlag(fault)));
  for (const word of extra) words.push(shellQuote(word));
  return words.join(' ');
}

/**
 * The re-run of a Gate 2 answer: its explanation's faults and the starting counts it took
 * as given (`--starting-count SYSTEM:SKU=DIFF`), so the replay matches exactly what the
 * search confirmed.
 */
export function gate2RerunCommand(
  file: string,
  incident: Incident,
  result: { explanation: readonly { spec: FaultSpec }[]; startingCounts: readonly StartingCount[] },
  extra: readonly string[] = [],
): string {
  const starts = result.startingCounts.flatMap((start) => [
    '--starting-count',
    `${incident.systems[start.system]!.name}:${incident.skus[start.sku]!.sku}=${start.difference > 0 ? `+${start.difference}` : start.difference}`,
  ]);
  return rerunCommand(
    file,
    result.explanation.map((fault) => fault.spec),
    [...starts, ...extra],
  );
}
