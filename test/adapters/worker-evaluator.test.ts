/**
 * The worker pool deals a batch out in chunks to whichever worker is free; the answers must
 * still come back in the order given, each the same as this thread's evaluation of it.
 */
import { describe, expect, it } from 'vitest';
import { WorkerEvaluator } from '../../src/adapters/worker-evaluator.js';
import { SerialEvaluator } from '../../src/gate/evaluate.js';
import { parseFault } from '../../src/index.js';
import { findScenario } from '../../src/io/scenario-library.js';
import { emitIncident } from '../../src/sim/emit-incident.js';

describe('WorkerEvaluator', () => {
  it('answers a batch in the order given, as this thread does, whatever the chunking', async () => {
    const entry = await findScenario('slow-batch-invites-overrides');
    const { incident } = await emitIncident(entry.incident, 3_600_000);
    const link = incident.links.find((candidate) => candidate.mode === 'batch')!.name;
    const eventLink = incident.links.find((candidate) => candidate.mode === 'event')!.name;
    // Hypotheses of very different cost side by side: some give up at once, some replay to the end.
    const flags = [
      ...[1, 2, 3, 5, 8, 13, 21].map((capacity) => `batch_capacity:link=${link},capacity=${capacity}`),
      `cadence:link=${link},pausedOn=sat|sun`,
      `batch_lag:link=${link},delay=2h`,
      ...[2, 3, 4].map((nth) => `webhook_drop:link=${eventLink},nth=${nth}`),
    ];
    const hypotheses = [[], ...flags.map((flag) => [parseFault(flag, incident)])];
    const serial = await new SerialEvaluator(incident).evaluate(hypotheses, { maxSteps: 3 });
    for (const count of [2, 3]) {
      const pool = new WorkerEvaluator(incident, count);
      try {
        // Twice: the second batch reuses workers that are warm and free at different times.
        for (let round = 0; round < 2; round++) {
          const pooled = await pool.evaluate(hypotheses, { maxSteps: 3 });
          expect(pooled.length).toBe(hypotheses.length);
          expect(JSON.stringify(pooled), `${count} workers, round ${round}`).toBe(JSON.stringify(serial));
        }
        expect(await pool.evaluate([])).toEqual([]);
      } finally {
        await pool.close();
      }
    }
    // The batch is not all alike (else the order would not be tested).
    expect(new Set(serial.map((evaluation) => `${evaluation.steps}/${evaluation.mismatched}`)).size).toBeGreaterThan(2);
  }, 60_000);
});
