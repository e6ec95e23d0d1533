/**
 * Every bundled scenario gets its expected Gate 2 verdict (a scenario is first recorded the
 * way `train` records it, hourly), and the verdict's rerun command replays to a full match.
 */
import { describe, expect, it } from 'vitest';
import { gate2 } from '../../src/gate/gate2.js';
import { listScenarios } from '../../src/io/scenario-library.js';
import { TRAINING_OBSERVE_MS } from '../../src/cli/train.js';
import { emitIncident } from '../../src/sim/emit-incident.js';
import { replay } from '../../src/sim/replay.js';

const entries = await listScenarios();

describe('the bundled scenario library', () => {
  it('has an expected verdict for every entry, and all four answers among them', () => {
    expect(entries.length).toBeGreaterThanOrEqual(16);
    for (const entry of entries) expect(entry.incident.expect?.gate2, entry.name).toBeDefined();
    const problems = new Set(entries.map((entry) => entry.incident.expect!.gate2!.problem));
    expect([...problems].sort()).toEqual(['both', 'integration', 'process']);
  });

  for (const entry of entries) {
    it(`${entry.name}: ${entry.incident.expect?.gate2?.answer}/${entry.incident.expect?.gate2?.problem}`, async () => {
      const incident = entry.isScenario ? (await emitIncident(entry.incident, TRAINING_OBSERVE_MS)).incident : entry.incident;
      const result = await gate2(incident);
      expect({ answer: result.answer, problem: result.problem }).toEqual(entry.incident.expect!.gate2);
      const proof = await replay(incident, { faults: result.explanation.map((fault) => fault.spec) });
      expect(proof.summary.reproduces).toBe(true);
      expect(result.fit.matched).toBe(result.fit.observations);
    });
  }
});
