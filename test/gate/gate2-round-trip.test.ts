/**
 * Issue 5's round trip: scenarios with a known cause, turned into incidents as the field
 * would record them (`run --emit-incident`), must get the verdict their cause implies, and
 * the rerun command of every verdict must replay to a full match.
 *
 * Over 100 generated cases with a fixed seed (fast-check prints the seed and the shrunk case
 * on failure).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gate2 } from '../../src/gate/gate2.js';
import { formatFaultFlag, parseFaultFlag } from '../../src/sim/faults/index.js';
import { emitIncident } from '../../src/sim/emit-incident.js';
import type { Incident } from '../../src/sim/model.js';
import { replay } from '../../src/sim/replay.js';
import { type Cause, gateScenarioArbitrary } from '../support/arbitrary-gate-scenario.js';
import { faults, incidentFrom } from '../support/incident.js';

const SEED = 20261128;
const OBSERVE_MS = 2 * 3_600_000;

function context(incident: Incident) {
  return {
    systems: incident.systems.map((system) => system.name),
    links: incident.links.map((link) => link.name),
    linkModes: Object.fromEntries(incident.links.map((link) => [link.name, link.mode])),
  };
}

async function roundTrip(cause: Cause, yaml: string, flags: string[]): Promise<void> {
  const base = await incidentFrom(yaml);
  const scenario: Incident = { ...base, faults: faults(base, ...flags) };
  const { incident } = await emitIncident(scenario, OBSERVE_MS);
  // Only causes that show in the observations can be asked to be found.
  const baseline = await replay(incident, {});
  if (cause !== 'integration') fc.pre(!baseline.summary.reproduces);
  if (cause === 'both') {
    // Both halves must show: neither the actions alone nor the rule alone reproduce it.
    const interventionsOnly = scenario.faults.filter((fault) => fault.kind === 'manual_override');
    const rulesOnly = scenario.faults.filter((fault) => fault.kind !== 'manual_override');
    fc.pre(!(await replay(incident, { faults: interventionsOnly })).summary.reproduces);
    fc.pre(!(await replay(incident, { faults: rulesOnly })).summary.reproduces);
  }
  const result = await gate2(incident);
  const expected = cause === 'integration' ? { answer: 'yes', problem: 'integration' } : { answer: 'no', problem: cause };
  expect({ answer: result.answer, problem: result.problem }, `faults ${flags.join(' ')}; found ${result.explanation.map((f) => formatFaultFlag(f.spec)).join(' ')}`).toEqual(expected);
  // The rerun command's flags parse back and replay to a full match.
  const rerun = result.explanation.map((fault) => parseFaultFlag(formatFaultFlag(fault.spec), context(incident)).spec!);
  const proof = await replay(incident, { faults: rerun });
  expect(proof.summary.reproduces).toBe(true);
}

describe('gate2 round trip over generated scenarios', () => {
  for (const [cause, runs] of [
    ['integration', 40],
    ['process', 35],
    ['both', 35],
  ] as const) {
    it(`${cause} causes give ${cause === 'integration' ? 'yes/integration' : `no/${cause}`} (${runs} cases)`, async () => {
      await fc.assert(
        fc.asyncProperty(gateScenarioArbitrary(cause), (scenario) => roundTrip(cause, scenario.yaml, scenario.flags)),
        { seed: SEED, numRuns: runs, endOnFailure: true },
      );
    }, 600_000);
  }
});
