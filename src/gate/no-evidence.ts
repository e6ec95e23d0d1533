/**
 * No evidence, no verdict (gates.md): Gate 2 and `diagnose` judge observations, and an
 * incident without any has nothing to judge. Answering "yes" there (0 of 0 observations
 * reproduced) would be a verdict with no evidence at all, so both refuse, with one sentence
 * that says how to record observations. The CLI turns this into exit status 2.
 */
import type { Incident } from '../sim/model.js';

export class NoEvidenceError extends Error {
  constructor(incidentName: string) {
    super(
      `${incidentName} has no observations, so there is nothing to reproduce and no verdict to give: ` +
        `add the spot checks you have (observations: at, sku, counts per system), or record them from a scenario with ` +
        `'drift-sim run SCENARIO --emit-incident incident.yaml --observe 1h'.`,
    );
    this.name = 'NoEvidenceError';
  }
}

/** Throws NoEvidenceError when `incident` has no observations. */
export function requireObservations(incident: Incident): void {
  if (incident.observations.length === 0) throw new NoEvidenceError(incident.name);
}
