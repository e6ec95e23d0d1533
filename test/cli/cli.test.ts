/**
 * The CLI end to end, as a user meets it: the built `drift-sim` binary (built by `npm test`'s
 * pretest), real files, exit codes, and byte-identical JSON across runs and worker counts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../support/temp.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'drift-sim.js');
const SCENARIOS = join(import.meta.dirname, '..', '..', 'scenarios');

function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const temp = tempFolder('drift-sim-cli-');

describe('drift-sim on the command line', () => {
  it('every command has --help with an example', () => {
    for (const command of ['replay', 'run', 'gate2', 'diagnose', 'scenarios', 'train', 'validate', 'serve']) {
      const { status, stdout } = cli(command, '--help');
      expect(status, command).toBe(0);
      expect(stdout, command).toContain('Examples:');
    }
  });

  it('gate2 --json prints the shape of gates.md and nothing else on stdout', () => {
    const { status, stdout } = cli('gate2', join(SCENARIOS, 'storefront-sits-low.yaml'), '--json');
    expect(status).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['incident', 'gate', 'answer', 'problem', 'explanation', 'baseline', 'fit', 'searched', 'startingCounts', 'alternatives', 'margin', 'rerun']);
    // Issue 8: the margin names every other class; the rule counts are per kind.
    expect(json.alternatives.map((alternative: { problem: string }) => alternative.problem)).toEqual(['integration', 'both']);
    expect(json.startingCounts).toEqual([]);
    expect(Object.keys(json.searched)).toEqual(['hypotheses', 'simulations', 'budgetExhausted', 'budget', 'rules', 'interventions']);
    expect(json).toMatchObject({ incident: 'storefront-sits-low', gate: 2, answer: 'no', problem: 'process' });
    expect(json.baseline).toEqual({ reproduces: false, observations: 64, mismatched: 30 });
    expect(json.fit).toEqual({ observations: 64, matched: 64, maxAbsError: 0 });
    expect(json.explanation).toHaveLength(3);
    expect(json.explanation[0]).toMatchObject({ kind: 'manual_override', family: 'process', params: { system: 'storefront', sku: 'TEE-CLASSIC-BLK-M', delta: -24 } });
    expect(json.rerun).toMatch(/^drift-sim replay \S+storefront-sits-low\.yaml --fault 'manual_override:/);
  });

  it('gate2 --json is byte-identical across runs and worker counts', () => {
    const file = join(SCENARIOS, 'weekend-batch-gap.yaml');
    const one = cli('gate2', file, '--json', '--workers', '1');
    const again = cli('gate2', file, '--json', '--workers', '1');
    const two = cli('gate2', file, '--json', '--workers', '2');
    expect(one.status).toBe(0);
    expect(again.stdout).toBe(one.stdout);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout)).toMatchObject({ answer: 'yes', problem: 'integration' });
  });

  it('the rerun command of a verdict replays to a full match (exit 0 with --exit-code)', () => {
    const verdict = JSON.parse(cli('gate2', join(SCENARIOS, 'storefront-sits-low.yaml'), '--json').stdout);
    const flags = [...verdict.rerun.matchAll(/--fault '([^']+)'/g)].map((match) => match[1] as string);
    expect(flags).toHaveLength(3);
    const replayed = cli('replay', join(SCENARIOS, 'storefront-sits-low.yaml'), '--exit-code', ...flags.flatMap((flag) => ['--fault', flag]));
    expect(replayed.status).toBe(0);
    expect(replayed.stdout).toContain('All 64 observations match');
  });

  it('--exit-code: 1 when the answer is no or an observation differs, 0 otherwise', () => {
    expect(cli('gate2', join(SCENARIOS, 'storefront-sits-low.yaml'), '--exit-code').status).toBe(1);
    expect(cli('replay', join(SCENARIOS, 'storefront-sits-low.yaml'), '--exit-code').status).toBe(1);
    expect(cli('gate2', join(SCENARIOS, 'weekend-batch-gap.yaml'), '--exit-code').status).toBe(0);
  });

  it('the quick start job writes the report and prints the verdict first', () => {
    const report = join(temp, 'quick-start.html');
    const { status, stdout } = cli('gate2', join(SCENARIOS, 'storefront-sits-low.yaml'), '--report', report);
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toBe(
      'Does not reproduce from the recorded inputs: it needs 3 human actions that no integration rule derives. Route to operations (the ops manager / inventory lead).',
    );
    expect(readFileSync(report, 'utf8')).toContain('<svg');
  });

  it('run --emit-incident writes an incident that gate2 and replay take', () => {
    const emitted = join(temp, 'emitted.yaml');
    const run = cli('run', join(SCENARIOS, 'flash-sale-webhook-drops.yaml'), '--emit-incident', emitted, '--observe', '1h');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Wrote');
    const verdict = JSON.parse(cli('gate2', emitted, '--json').stdout);
    expect(verdict).toMatchObject({ answer: 'yes', problem: 'integration' });
    const replayed = cli('replay', emitted, '--exit-code', '--fault', 'webhook_drop:link=storefront->erp,above=10/5m');
    expect(replayed.status).toBe(0);
  });

  it('bad input: every problem listed with file and line, exit 2, no stack trace, nothing written', () => {
    const broken = join(temp, 'broken.yaml');
    writeFileSync(
      broken,
      [
        'version: 1',
        'name: broken',
        'systems: [wms, erp]',
        'links:',
        '  - {from: wms, to: erp, mode: batch, every: 15 minutes}',
        'movements:',
        "  - {at: '2026-03-02T10:00:00', system: wms, sku: A, type: shipment, qty: -1}",
        "  - {at: '2026-03-02T11:00:00Z', system: shop, sku: A, type: shipment, qty: -1}",
      ].join('\n'),
    );
    const report = join(temp, 'never.html');
    const { status, stderr, stdout } = cli('gate2', broken, '--report', report);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/broken\.yaml:5:\d+\s+links\[0\]\.every/);
    expect(stderr).toMatch(/broken\.yaml:7:\d+\s+movements\[0\]\.at/);
    expect(stderr).toMatch(/broken\.yaml:8:\d+\s+movements\[1\]\.system/);
    expect(stderr).not.toMatch(/\n\s+at .+\.js:\d+/);
    expect(existsSync(report)).toBe(false);
  });

  it('a bad --fault is a usage problem (exit 2) naming the parameter', () => {
    const { status, stderr } = cli('replay', join(SCENARIOS, 'weekend-batch-gap.yaml'), '--fault', 'cadence:link=wms->erp,pausedOn=funday');
    expect(status).toBe(2);
    expect(stderr).toContain('pausedOn');
  });

  it('scenarios list and train run without a terminal', () => {
    const list = cli('scenarios');
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('weekend-batch-gap');
    const train = cli('train', 'weekend-batch-gap', '--no-wait');
    expect(train.status).toBe(0);
    expect(train.stdout).toContain('1. The story');
    expect(train.stdout).toContain('4. The answer');
    expect(train.stdout).toContain('Gate 2 agrees.');
  });

  it('gate2 --transport http proves the explanation through the mocked APIs, and its rerun does the same', () => {
    const file = join(SCENARIOS, 'weekend-batch-gap.yaml');
    const verdict = cli('gate2', file, '--transport', 'http', '--json');
    expect(verdict.status).toBe(0);
    const json = JSON.parse(verdict.stdout);
    expect(json).toMatchObject({ answer: 'yes', problem: 'integration' });
    expect(json.rerun).toContain('--transport http');
    const replayed = cli('replay', file, '--exit-code', '--transport', 'http', '--fault', 'cadence:link=wms->erp,pausedOn=sat|sun');
    expect(replayed.status).toBe(0);
  });

  it('diagnose --json carries gates, checks and route', () => {
    const { status, stdout } = cli('diagnose', join(SCENARIOS, 'storefront-sits-low.yaml'), '--json');
    expect(status).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json.gates)).toEqual(['1', '2', '3']);
    expect(json.checks).toHaveLength(5);
    expect(json.route).toBe('ops');
  });
});
