/**
 * The seam between the remedy library and the rest of `drift-sim fix`.
 *
 * A remedy kind is a file in `src/fix/remedies/` exporting a `RemedyKindDefinition`: its
 * parameters (parsed by the same parser as faults), the fault kinds it answers, and `apply`,
 * which turns the world as it is into the world with the remedy in place. A remedy acts on
 * the incident (a link's mode, cadence, capacity, latency, idempotency, or a new link) and/or
 * on the faults (how the change neutralises a rule or an intervention: a retry turns a lost
 * message into a later one, a longer field lifts a truncation, an approval gate stops an
 * override). It never touches the movements or the observations: the recorded inputs stay as
 * they were, which is what makes the replay a proof.
 */
import type { FaultSpec, Incident } from '../sim/model.js';
import type { ParamProblem, ParsableKind } from '../sim/faults/index.js';
import type { World } from './world.js';

/** A remedy as written on the command line, parameters parsed and typed (the fault shape). */
export type RemedySpec = FaultSpec;

/** `declared_links`: the answer "the declared links alone reproduce it" (a design that drifts). */
export const DECLARED_LINKS = 'declared_links';

export interface RemedyKindDefinition extends ParsableKind {
  kind: string;
  /** Which side of the routing fixes it: IT (integration) or operations (process). */
  side: 'integration' | 'process';
  /** One line: the change it stands for. */
  summary: string;
  /** The fault kinds it answers (and `declared_links` for a design that drifts by itself). */
  answers: readonly string[];
  /** Problems the parser cannot see alone (a mode without a period, a link that exists). */
  check?(spec: RemedySpec, incident: Incident): ParamProblem[];
  /** The world with the remedy in place. */
  apply(spec: RemedySpec, world: World): World;
}
