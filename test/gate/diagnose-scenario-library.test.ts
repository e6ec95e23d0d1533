/**
 * Issue 9: `diagnose` on every bundled scenario, recorded the way `train` records it (hourly
 * observations, with the logs its faults write). The expected answers are not listed per
 * scenario: they follow from what the scenario declares, so a new scenario is held to them
 * the day it is added.
 *
 * - Faults of the integration family only (or none, with an expected Gate 2 of yes): Gate 1
 *   consistent, Gate 2 yes, and Gate 3 yes when one of its faults writes a log line (read from
 *   the fault's own source: does its rule call `context.log`?), "no log expected" otherwise.
 * - Any fault of the process family (or none, with an expected Gate 2 of no): Gate 1
 *   irregular, Gate 2 no, Gate 3 no.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAINING_OBSERVE_MS } from '../../src/cli/train.js';
import { diagnose } from '../../src/gate/diagnose.js';
import { listScenarios } from '../../src/io/scenario-library.js';
import { emitIncident } from '../../src/sim/emit-incident.js';
import { familyOf } from '../../src/sim/faults/index.js';
import { formatTime } from '../../src/sim/time.js';

const FAULTS = join(import.meta.dirname, '..', '..', 'src', 'sim', 'faults');

/** Whether the rule of `kind` writes log lines, read from the file that defines the kind. */
function kindLogs(kind: string): boolean {
  for (const file of readdirSync(FAULTS)) {
    const source = readFileSync(join(FAULTS, file), 'utf8');
    if (source.includes(`kind: '${kind}'`)) return source.includes('context.log(');
  }
  throw new Error(`no file in src/sim/faults defines ${kind}`);
}

const entries = await listScenarios();

describe('diagnose on every bundled scenario (issue 9)', () => {
  it('covers integration and process scenarios, silent and logging ones', () => {
    const kinds = new Set(entries.flatMap((entry) => entry.incident.faults.map((fault) => fault.kind)));
    expect([...kinds].some((kind) => familyOf(kind) === 'integration' && kindLogs(kind))).toBe(true);
    expect([...kinds].some((kind) => familyOf(kind) === 'integration' && !kindLogs(kind))).toBe(true);
    expect([...kinds].some((kind) => familyOf(kind) === 'process')).toBe(true);
  });

  for (const entry of entries) {
    const declared = entry.incident.faults;
    const expected = entry.incident.expect!.gate2!;
    const processFault = declared.some((fault) => familyOf(fault.kind) === 'process');
    const integration = declared.length > 0 ? !processFault : expected.answer === 'yes';
    const logging = declared.some((fault) => familyOf(fault.kind) === 'integration' && kindLogs(fault.kind));
    const gate3 = integration ? (logging ? 'yes' : 'no log expected') : 'no';
    const gate1 = integration ? 'consistent' : 'irregular';

    it(`${entry.name}: ${gate1} / ${expected.answer} / ${gate3}`, async () => {
      const incident = entry.isScenario ? (await emitIncident(entry.incident, TRAINING_OBSERVE_MS)).incident : entry.incident;
      const result = await diagnose(incident);
      expect({ gate1: result.gate1.answer, gate2: result.gate2.answer, problem: result.gate2.problem, gate3: result.gate3.answer }).toEqual({
        gate1,
        gate2: integration ? 'yes' : 'no',
        problem: expected.problem,
        gate3,
      });

      if (gate3 === 'yes') {
        // The evidence names each line it matched: level, code, component and time.
        expect(result.gate3.matched.length).toBeGreaterThan(0);
        for (const line of result.gate3.matched) {
          expect(incident.logs).toContainEqual(line);
          expect(result.gate3.evidence.some((text) => text.includes(`matched ${line.level} ${line.code} on ${line.component} at ${formatTime(line.atMs)}`))).toBe(true);
        }
      }
      if (gate3 === 'no log expected') expect(result.gate3.evidence.join('\n')).toMatch(/[Nn]o log expected/);
      if (gate1 === 'irregular') expect(result.gate1.tally.irregular).toBeGreaterThan(0);
      else expect(result.gate1.tally.irregular).toBe(0);

      // The decision table: six rows in the field's order, and the route it gives.
      expect(result.table.rows.map((row) => row.row)).toEqual(['consistency', 'reproducibility', 'root-cause location', 'error-log signal', 'fix owner', 'resolution']);
      const route = expected.problem === 'both' ? 'both' : integration ? 'it' : 'ops';
      expect(result.route).toBe(route);
      expect(result.table.rows.find((row) => row.row === 'fix owner')!.pointsTo).toBe({ it: 'integration', ops: 'process', both: 'both' }[route]);
      if (route === 'both') expect(result.table.why[0]).toMatch(/^Operations first/);
    });
  }
});
