/**
 * Chooses the transport for `--transport`: in-process (the default, the fast path) or http
 * (every link message through fetch to the mocked APIs in `mocks/`).
 */
import type { SimulationOptions } from '../sim/engine.js';
import type { Incident } from '../sim/model.js';

export function transportFor(choice: 'in-process' | 'http', incident: Incident): Pick<SimulationOptions, 'transport'> {
  if (choice === 'in-process') return {};
  void incident;
  throw new Error('the http transport is not wired yet');
}
