/**
 * Issue 13 on every bundled scenario (recorded the way `train` records it, hourly): Gate 2's
 * explanation is remedied with the library; where some remedy tried leaves the systems
 * agreeing at every observation, the top-ranked one does, and otherwise the verdict says
 * plainly that none can. A `both` answer says why the process gap goes first, with both
 * remedies applied last.
 */
import { describe, expect, it } from 'vitest';
import { TRAINING_OBSERVE_MS } from '../../src/cli/train.js';
import { proveFixes } from '../../src/fix/prove-fixes.js';
import { gate2 } from '../../src/gate/gate2.js';
import { listScenarios } from '../../src/io/scenario-library.js';
import { fixToJson, formatFixText } from '../../src/report/fix-output.js';
import { emitIncident } from '../../src/sim/emit-incident.js';

const entries = await listScenarios();

describe('drift-sim fix on the bundled scenarios', () => {
  for (const entry of entries) {
    it(entry.name, async () => {
      const incident = entry.isScenario ? (await emitIncident(entry.incident, TRAINING_OBSERVE_MS)).incident : entry.incident;
      const verdict = await gate2(incident);
      const recorded = { ...incident, faults: [] };
      const result = await proveFixes(recorded, verdict.explanation.map((fault) => fault.spec), verdict.problem === 'unexplained' ? { plans: [] } : {});
      const context = { file: entry.path, gate2: verdict };
      const text = formatFixText(recorded, result, context);
      const anyZero = result.ranked.some((outcome) => outcome.measurement.drift.largestGap === 0);
      expect(result.zeroDrift).toBe(anyZero);
      if (anyZero) {
        expect(result.ranked[0]!.measurement.drift.largestGap).toBe(0);
        expect(text).toContain('leaves the systems agreeing at every observation');
      } else {
        expect(text).toMatch(/No remedy in the library|no explanation/);
      }
      // Whatever the verdict, the explanation's drift is answered: the top remedy leaves no more
      // than the declared links leave without any fault.
      if (result.ranked.length > 0) expect(result.ranked[0]!.removesFaultDrift).toBe(true);
      if (verdict.problem === 'both') {
        expect(result.order).toBeDefined();
        expect(text).toContain('Why the process gap goes first');
        expect(text).toMatch(/fixing only the integration .* leaves the overrides' drift: largest gap [1-9]/);
        expect(text).toMatch(/fixing only the process .* leaves the backlog: largest gap [1-9]/);
        expect(result.order!.both.remedies.map((remedy) => remedy.kind)[0]).toBe('approval_gate');
        expect(fixToJson(recorded, result, context).order?.first).toBe('process');
      }
    }, 120_000);
  }
});
