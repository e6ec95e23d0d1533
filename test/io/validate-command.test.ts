/**
 * Goal: `drift-sim validate` prints a short summary and exits 0 for a valid file, lists
 * every problem on stderr and exits 2 for an invalid one, and with --json prints only one
 * JSON document on stdout.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { validateCommand } from '../../src/cli/validate.js';
import { FIXTURES } from './io-helpers.js';

const EXAMPLE = join(FIXTURES, 'examples', 'storefront-sits-low.yaml');
const BAD = join(FIXTURES, 'bad-movements-csv.yaml');

let stdout: string;
let stderr: string;

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function run(...args: string[]): Promise<number | undefined> {
  process.exitCode = undefined;
  await yargs(args).command(validateCommand).strict().exitProcess(false).parseAsync();
  return process.exitCode as number | undefined;
}

describe('drift-sim validate', () => {
  it('summarises a valid file and exits 0', async () => {
    expect(await run('validate', EXAMPLE)).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n').slice(0, 9)).toEqual([
      `${EXAMPLE} is valid: storefront-sits-low`,
      '  window        2026-03-09T00:00:00Z .. 2026-03-13T00:00:00Z (4d), timezone UTC',
      '  systems       3: wms (wms), erp (erp), storefront (shopify); system of record: wms',
      '  links         2: wms->erp (batch every 15m, snapshot), erp->storefront (event, delta)',
      '  SKUs          2',
      '  movements     65',
      '  observations  64',
      '  logs          0',
      '  faults        0',
    ]);
  });

  it('lists every problem on stderr and exits 2', async () => {
    expect(await run('validate', BAD)).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`${BAD} is invalid (4 problems):`);
    expect(lines[2]).toBe(`  ${join(FIXTURES, 'bad-movements.csv')}:3:5  movements[1].qty: expected a signed non-zero integer, found "abc"`);
    expect(lines).toHaveLength(5);
  });

  it('checks --fault flags with the file', async () => {
    expect(await run('validate', EXAMPLE, '--fault', 'webhook_drop:link=erp->storefront,nth=0')).toBe(2);
    expect(stderr).toContain('--fault  --fault[0].nth: expected a positive integer, found "0"');
  });

  it('prints only JSON on stdout with --json, valid or not', async () => {
    expect(await run('validate', EXAMPLE, '--json', '--fault', 'webhook_drop:link=erp->storefront,nth=3')).toBe(0);
    const valid = JSON.parse(stdout);
    expect(valid.valid).toBe(true);
    expect(valid.problems).toEqual([]);
    expect(valid.summary).toMatchObject({
      name: 'storefront-sits-low',
      window: { start: '2026-03-09T00:00:00Z', end: '2026-03-13T00:00:00Z' },
      links: ['wms->erp', 'erp->storefront'],
      skus: 2,
      movements: 65,
      observations: 64,
      faults: [{ kind: 'webhook_drop', family: 'integration', params: { link: 'erp->storefront', nth: 3 } }],
    });

    stdout = '';
    expect(await run('validate', BAD, '--json')).toBe(2);
    expect(stderr).toBe('');
    const invalid = JSON.parse(stdout);
    expect(invalid.valid).toBe(false);
    expect(invalid.summary).toBeNull();
    expect(invalid.problems).toHaveLength(4);
    expect(invalid.problems[1]).toEqual({ file: join(FIXTURES, 'bad-movements.csv'), line: 3, column: 5, path: 'movements[1].qty', expected: 'a signed non-zero integer', found: '"abc"' });
  });
});
