/**
 * The trace: every event of a run with its cause, so a person can follow one unit through
 * the chain (movement -> change -> message -> delivery -> change -> ...).
 *
 * Each change gets an id (`change`); a message names the change that caused it (`cause`);
 * a delivery names its message and the change it made. `drift-sim replay --trace out.ndjson`
 * writes one event per line in this shape.
 */
import type { LogLine } from './model.js';

interface Base {
  /** ISO 8601 UTC time of the event. */
  at: string;
}

export type TraceEvent =
  | (Base & { event: 'movement'; change?: number; system: string; sku: string; type: string; ref?: string; actor?: string; before: number; after: number; sync: boolean })
  | (Base & { event: 'intervention'; change?: number; kind: string; system: string; sku: string; before: number; after: number; sync?: boolean })
  | (Base & { event: 'cycle'; link: string; pending: number; sent: number; skipped?: 'paused' })
  | (Base & { event: 'send'; message: number; cause: number; link: string; sku: string; carries: string; value: number; key: string; deliverAt: string; duplicate?: boolean })
  | (Base & { event: 'lost'; message: number; link: string; sku: string })
  | (Base & { event: 'deliver'; message: number; link: string; sku: string; to: string; attempt: number; applied: boolean; change?: number; before: number; after: number })
  | (Base & { event: 'refused'; message: number; link: string; sku: string; attempt: number })
  | (Base & { event: 'observe'; sku: string; simulated: Record<string, number>; observed: Record<string, number> })
  | (Base & { event: 'log'; log: Omit<LogLine, 'atMs'> });

export type TraceSink = (event: TraceEvent) => void;
