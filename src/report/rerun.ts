/**
 * The command that re-runs a result exactly: every run can print it (a run is its inputs).
 */
import { formatFaultFlag } from '../sim/faults/index.js';
import type { FaultSpec } from '../sim/model.js';

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
