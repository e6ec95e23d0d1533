/**
 * `drift-sim fix` end to end through the built binary: bad `--remedy` values get every
 * problem listed and exit 2 with nothing on stdout; `--json` is byte-identical across runs
 * and worker counts; a ranked remedy's re-run command evaluates exactly that remedy again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../support/temp.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'drift-sim.js');
const SCENARIOS = join(import.meta.dirname, '..', '..', 'scenarios');
const temp = tempFolder('drift-sim-fix-');

function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Splits a shell command the way `rerunCommand` quotes it (single quotes only). */
function words(command: string): string[] {
  return [...command.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2]!);
}

describe('drift-sim fix on the command line', () => {
  it('has --help with an example', () => {
    const { status, stdout } = cli('fix', '--help');
    expect(status).toBe(0);
    expect(stdout).toContain('Examples:');
  });

  it('lists every problem of every bad --remedy, exits 2 and prints nothing on stdout', () => {
    const { status, stdout, stderr } = cli(
      'fix',
      join(SCENARIOS, 'weekend-batch-gap.yaml'),
      '--remedy',
      'link:link=wms->erp,mode=sometimes,every=xx',
      '--remedy',
      'retry:link=a->b,attempts=0',
      '--remedy',
      'bogus:x=1',
      '--remedy',
      'approval_gate:sku=NOPE',
    );
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('(7 problems)');
    for (const path of ['--remedy[0].mode', '--remedy[0].every', '--remedy[1].link', '--remedy[1].attempts', '--remedy[2].kind', '--remedy[3].sku', '--remedy[3].system']) {
      expect(stderr).toContain(path);
    }
    expect(stderr).not.toMatch(/at \S+\.js:\d+/);
  }, 120_000);

  it('refuses a remedy that contradicts the incident (a period on an event link, a link that exists)', () => {
    const { status, stderr } = cli('fix', join(SCENARIOS, 'storefront-sits-low.yaml'), '--remedy', 'link:link=erp->storefront,every=15m', '--remedy', 'link:from=wms,to=erp,mode=event');
    expect(status).toBe(2);
    expect(stderr).toContain('--remedy[0].every: expected every only on a batch or poll link');
    expect(stderr).toContain('--remedy[1].from: expected a link that is not declared yet');
  });

  it('--json is byte-identical across runs and worker counts, and a re-run gives the same remedy figures', () => {
    const file = join(SCENARIOS, 'weekend-batch-gap.yaml');
    const one = cli('fix', file, '--json');
    const again = cli('fix', file, '--json');
    const two = cli('fix', file, '--json', '--workers', '2');
    expect(one.status).toBe(0);
    expect(again.stdout).toBe(one.stdout);
    expect(two.stdout).toBe(one.stdout);
    const json = JSON.parse(one.stdout);
    expect(json).toMatchObject({ incident: 'weekend-batch-gap', source: 'gate2', gate2: { answer: 'yes', problem: 'integration' }, zeroDrift: true });
    const top = json.remedies[0];
    expect(top.drift.largestGap).toBe(0);
    const rerun = cli(...words(top.rerun).slice(1), '--json');
    expect(rerun.status).toBe(0);
    const exact = JSON.parse(rerun.stdout);
    expect(exact.source).toBe('faults');
    expect(exact.remedies).toHaveLength(1);
    expect(exact.remedies[0].drift).toEqual(top.drift);
    expect(exact.remedies[0].cost).toEqual(top.cost);
  }, 300_000);

  it('writes the Gate 2 report with "What would fix it", a chart per implicated SKU and the re-run commands', () => {
    const report = join(temp, 'fix.html');
    const { status, stdout } = cli('fix', join(SCENARIOS, 'storefront-sits-low.yaml'), '--report', report);
    expect(status).toBe(0);
    expect(stdout).toContain(`Report: ${report}`);
    expect(existsSync(report)).toBe(true);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<h2>What would fix it</h2>');
    expect(html).toContain('approval_gate:system=storefront');
    expect(html).toMatch(/id="fix-1-TEE-CLASSIC-BLK-M"[\s\S]*<svg/);
    expect(html).toContain('drift-sim fix ');
  }, 180_000);
});
