/**
 * Issue 12's acceptance test: drift-sim packed (`npm pack`) and installed from the tarball into
 * a fresh project in a temporary folder, with vitest, fast-check, TypeScript and tsx beside it,
 * as a team would install them (`npm install`, served from the local npm cache). The project is
 * examples/regression-suite, with the example connector beside it as in this repository:
 * - `tsc --noEmit` resolves the types of `drift-sim` and `drift-sim/testing`;
 * - its suite for the good connector passes;
 * - its test of the deliberately broken connector fails, printing the shrunk counterexample and
 *   a `drift-sim replay` command, and that command, run in the project, shows the same drift.
 *
 * It packs `dist/` as built: run `npm run build` first (`npm test` does).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TEN_MINUTES = 600_000;

interface Ran {
  status: number | null;
  stdout: string;
  output: string;
}

function run(command: string, args: string[], cwd: string): Ran {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout ?? '', output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

describe('the package as a team installs it', { timeout: TEN_MINUTES }, () => {
  let scratch = '';
  let project = '';

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/src/index.js')) || !existsSync(join(ROOT, 'dist/src/testing/index.js'))) {
      throw new Error('dist/ is not built: run `npm run build` first (npm test does)');
    }
    scratch = mkdtempSync(join(tmpdir(), 'drift-sim-pack-'));
    const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], ROOT);
    expect(packed.status, packed.output).toBe(0);
    const tarball = join(scratch, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);

    // The layout of this repository: the suite, and the example connector one folder up.
    project = join(scratch, 'examples/regression-suite');
    cpSync(join(ROOT, 'examples/regression-suite'), project, { recursive: true, filter: (path) => !/node_modules|\.drift-sim/.test(path) });
    cpSync(join(ROOT, 'examples/connector'), join(scratch, 'examples/connector'), { recursive: true });

    const pinned = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const beside = ['vitest', 'fast-check', 'typescript', 'tsx', '@types/node'].map((name) => `${name}@${pinned.devDependencies[name]}`);
    const installed = run('npm', ['install', tarball, ...beside, '--prefer-offline', '--no-audit', '--no-fund'], project);
    expect(installed.status, installed.output).toBe(0);
  }, TEN_MINUTES);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('installs only the built package: no sources, tests or benchmarks', () => {
    const installed = join(project, 'node_modules/drift-sim');
    expect(existsSync(join(installed, 'dist/src/index.js'))).toBe(true);
    expect(existsSync(join(installed, 'dist/src/index.d.ts'))).toBe(true);
    expect(existsSync(join(installed, 'scenarios/weekend-batch-gap.yaml'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(existsSync(join(installed, 'test'))).toBe(false);
    expect(existsSync(join(installed, 'dist/bench'))).toBe(false);
  });

  it('resolves the types of drift-sim and drift-sim/testing (tsc --noEmit)', () => {
    const checked = run('npx', ['tsc', '--noEmit', '-p', '.'], project);
    expect(checked.output).toBe('');
    expect(checked.status).toBe(0);
  });

  it('the installed CLI runs (npx drift-sim scenarios)', () => {
    const listed = run('npx', ['drift-sim', 'scenarios', 'list'], project);
    expect(listed.status, listed.output).toBe(0);
    expect(listed.output).toContain('weekend-batch-gap');
  });

  it('passes for the good connector and the incidents', () => {
    const tested = run('npx', ['vitest', 'run', 'test/wms-to-shopify.test.ts', 'test/incidents.test.ts'], project);
    expect(tested.output).toMatch(/Tests\s+8 passed \(8\)/);
    expect(tested.status, tested.output).toBe(0);
  });

  it('fails for the broken connector with the shrunk counterexample and a replay command that reproduces it', () => {
    const tested = run('npx', ['vitest', 'run', 'test/retrying-delta.test.ts'], project);
    expect(tested.status, tested.output).toBe(1);
    expect(tested.output).toContain('noDoubleApply: Property failed after');
    expect(tested.output).toMatch(/Shrunk \d+ time\(s\)/);
    expect(tested.output).toContain('Counterexample: [');
    expect(tested.output).toContain('kind: timeout, link: wms->storefront');
    const command = /replay it: (npx drift-sim replay \S+ --connector \S+)/.exec(tested.output)?.[1];
    expect(command).toBe('npx drift-sim replay .drift-sim/failures/retrying-delta-noDoubleApply.yaml --connector connectors/retrying-delta-connector.ts');

    // The command shows the drift the property found: the storefront away from the WMS at the end.
    const replayed = run('npx', [...command!.split(' ').slice(1), '--exit-code', '--json'], project);
    expect(replayed.status, replayed.output).toBe(1);
    const report = JSON.parse(replayed.stdout) as { summary: { reproduces: boolean; mismatched: number } };
    expect(report.summary.reproduces).toBe(false);
    expect(report.summary.mismatched).toBeGreaterThan(0);
  });
});
