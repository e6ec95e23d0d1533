/**
 * Issue 9: `drift-sim diagnose` as a user meets it (the built binary, from `npm test`'s
 * pretest): no observations is exit 2 with one sentence and nothing on stdout; `--json`
 * keeps gates, checks and route and adds the decision table, byte-identical across runs and
 * worker counts; the text shows the table and why the route follows, the process gap first
 * for `both`.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../support/temp.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'drift-sim.js');
const SCENARIOS = join(import.meta.dirname, '..', '..', 'scenarios');
const temp = tempFolder('drift-sim-diagnose-');

function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function emitted(scenario: string): string {
  const file = join(temp, `${scenario}.yaml`);
  const run = cli('run', join(SCENARIOS, `${scenario}.yaml`), '--emit-incident', file, '--observe', '1h');
  expect(run.status, run.stderr).toBe(0);
  return file;
}

describe('drift-sim diagnose (issue 9)', () => {
  it('a file without observations: exit 2, one sentence, nothing on stdout', () => {
    const file = join(temp, 'no-observations.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'name: no-observations',
        "window: {start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z'}",
        'systems: [wms, erp]',
        'initial: {A: 10}',
        'links: [{from: wms, to: erp, mode: batch, every: 1h, carries: snapshot}]',
        "movements: [{at: '2026-03-02T10:00:00Z', system: wms, sku: A, type: shipment, qty: -2}]",
        '',
      ].join('\n'),
    );
    for (const args of [[file], [file, '--json'], [join(SCENARIOS, 'flash-sale-webhook-drops.yaml'), '--json']]) {
      const { status, stdout, stderr } = cli('diagnose', ...args);
      expect(status, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/has no observations, so there is nothing to reproduce and no verdict to give/);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
    }
  });

  it('--json keeps gates, checks and route, adds the decision table, and is byte-identical across runs and worker counts', () => {
    const file = join(SCENARIOS, 'weekend-batch-gap.yaml');
    const one = cli('diagnose', file, '--json');
    const again = cli('diagnose', file, '--json');
    const two = cli('diagnose', file, '--json', '--workers', '2');
    expect(one.status, one.stderr).toBe(0);
    expect(again.stdout).toBe(one.stdout);
    expect(two.stdout).toBe(one.stdout);
    const json = JSON.parse(one.stdout);
    expect(Object.keys(json)).toEqual(['incident', 'gates', 'checks', 'route', 'reason', 'decisionTable']);
    expect(Object.keys(json.gates)).toEqual(['1', '2', '3']);
    expect(json.gates[1].answer).toBe('consistent');
    expect(json.gates[2]).toMatchObject({ gate: 2, answer: 'yes', problem: 'integration' });
    expect(json.gates[3]).toMatchObject({ answer: 'no log expected', matched: [], silent: [{ kind: 'cadence', link: 'wms->erp' }] });
    expect(json.checks).toHaveLength(5);
    expect(json.route).toBe('it');
    expect(json.decisionTable.rows.map((row: { row: string; pointsTo: string }) => [row.row, row.pointsTo])).toEqual([
      ['consistency', 'integration'],
      ['reproducibility', 'integration'],
      ['root-cause location', 'integration'],
      ['error-log signal', 'integration'],
      ['fix owner', 'integration'],
      ['resolution', 'integration'],
    ]);
    expect(json.decisionTable.why[0]).toMatch(/^IT: /);
  });

  it('--json names the log lines Gate 3 matched', () => {
    const json = JSON.parse(cli('diagnose', emitted('timeout-retry-double-count'), '--json').stdout);
    expect(json.gates[3].answer).toBe('yes');
    expect(json.gates[3].matched.length).toBeGreaterThan(0);
    for (const line of json.gates[3].matched) expect(line).toMatchObject({ component: 'erp->storefront', level: 'error', code: 'TIMEOUT' });
  });

  it('the text shows the decision table and why the route follows, operations first for both', () => {
    const { status, stdout } = cli('diagnose', emitted('slow-batch-invites-overrides'));
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^Route to both: operations first for the process gap, then IT\./);
    expect(stdout).toContain('The decision table, filled in for this incident');
    for (const row of ['consistency', 'reproducibility', 'root-cause location', 'error-log signal', 'fix owner', 'resolution']) expect(stdout).toMatch(new RegExp(`^  ${row} +(integration|process|both|-) `, 'm'));
    const why = stdout.slice(stdout.indexOf('Why the route follows:'));
    expect(why).toMatch(/^Why the route follows:\n  1\. Operations first: storefront \/ BEAN-KENYA \(manual_override, by hand\)/);
    expect(why).toMatch(/\n  2\. Then IT: the wms->erp link \(batch_capacity\)/);
  });

  it('the text says which declared link produces the gap when nothing else does', () => {
    const { status, stdout } = cli('diagnose', emitted('outpaced-daily-batch'));
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Gate 1, consistency: consistent$/m);
    expect(stdout).toMatch(/^  The declared daily batch wms->erp produces this gap: erp up to \d+ off wms/m);
    expect(stdout).toMatch(/^Gate 3, log evidence: no log expected/m);
  });
});
