/**
 * Gate 2 on sparse evidence (issue 8), as a fast-check property over generated incidents:
 * 8-30 SKUs, 3-6 days, 4-10 spot checks, each SKU seen at a check with probability about
 * 1/2 and each system with about 0.7, one or two rules with parameters anywhere in their
 * natural range, up to four human actions (test/support/arbitrary-sparse-incident.ts).
 *
 * What every case must show, without exception: an answer other than `unexplained` replays
 * to a full match from exactly what its re-run command carries (faults and starting counts),
 * and no human action is placed at the window's first instant (a difference the window
 * opened with is a starting count). And the full bar: every answer is the truth's
 * class, or a full match smaller than the truth (fewer faults, or as many with fewer human
 * actions). Every miss is printed with its seed and index before the test fails;
 * `npm run bench` reports the shares on 1,000 cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gate2 } from '../../src/gate/gate2.js';
import { readStartingCounts } from '../../src/io/read-starting-counts.js';
import { formatFaultFlag } from '../../src/sim/faults/index.js';
import { replay } from '../../src/sim/replay.js';
import { withStartingCounts } from '../../src/sim/starting-counts.js';
import { gate2RerunCommand } from '../../src/report/rerun.js';
import { judge, parseFlags, sparseCase, sparsePlanArbitrary } from '../support/arbitrary-sparse-incident.js';

const SEED = 20261202;
const CASES = 300;

describe('Gate 2 on sparse evidence (property, seed 20261202)', () => {
  it(`keeps its proofs honest on ${CASES} generated sparse incidents, with every answer the truth's class or smaller than the truth`, async () => {
    const plans = fc.sample(sparsePlanArbitrary, { seed: SEED, numRuns: CASES });
    const misses: string[] = [];
    for (const [index, plan] of plans.entries()) {
      const found = await sparseCase(plan);
      const incident = found.incident;
      const result = await gate2(incident);
      const where = `seed ${SEED}, case ${index} (fc.sample(sparsePlanArbitrary, { seed: ${SEED}, numRuns: ${index + 1} })[${index}]): truth ${found.flags.join(' ')}`;
      if (result.problem !== 'unexplained') {
        // The proof is what the re-run command carries, read back the way replay reads it.
        const rerun = gate2RerunCommand('incident.yaml', incident, result);
        const starts = [...rerun.matchAll(/--starting-count '?([^' ]+)'?/g)].map((match) => match[1]!);
        const faults = parseFlags(incident, result.explanation.map((fault) => formatFaultFlag(fault.spec)));
        const proof = await replay(withStartingCounts(incident, readStartingCounts(incident, starts)), { faults });
        expect(proof.summary.reproduces, `${where}; rerun ${rerun}`).toBe(true);
      }
      // A difference the window opened with is a starting count, never a person at 00:00.
      for (const fault of result.explanation) {
        if (fault.family === 'process' && typeof fault.spec.params.at === 'number') expect(fault.spec.params.at, `${where}: a human action at the window's start`).toBeGreaterThan(incident.window.startMs);
      }
      const verdict = judge(found.truth, found.truthClass, { problem: result.problem, explanation: result.explanation, fullMatch: result.fit.matched === result.fit.observations });
      if (verdict.verdict === 'wrong') misses.push(`${where}\n    ${verdict.why}`);
    }
    if (misses.length > 0) console.warn(`Gate 2 sparse-evidence misses (${misses.length} of ${CASES}):\n  ${misses.join('\n  ')}`);
    expect(misses, misses.join('\n')).toEqual([]);
  }, 1_800_000);
});
