/**
 * `drift-sim import` end to end, as the README walks through it: `import --example`,
 * `import`, `gate2` (the built binary; `npm test` builds it first), plus `--init`, `--json`
 * and bad input (exit 2, nothing written).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../support/temp.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'drift-sim.js');

function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('drift-sim import', () => {
  it('--example, import, gate2: the same verdict as the bundled incident', () => {
    const folder = tempFolder('drift-import-cli-');
    const example = cli('import', '--example', join(folder, 'exports'));
    expect(example.status, example.stderr).toBe(0);
    expect(readdirSync(join(folder, 'exports')).sort()).toEqual([
      'import.yaml', 'inventory_export_1.csv', 'netsuite_inventory_transactions.csv', 'shopify_items.csv', 'shopify_webhooks.ndjson', 'spot_checks.csv', 'wms_history.csv',
    ]);
    const imported = cli('import', join(folder, 'exports', 'import.yaml'), '--out', join(folder, 'incident.yaml'), '--json');
    expect(imported.status, imported.stderr).toBe(0);
    const summary = JSON.parse(imported.stdout);
    // storefront-sits-low records 65 WMS movements and 64 observations (2 SKUs every 3 hours).
    expect(summary).toMatchObject({ movements: 65, observations: 64 });
    const verdict = JSON.parse(cli('gate2', join(folder, 'incident.yaml'), '--json').stdout);
    const original = JSON.parse(cli('gate2', join(import.meta.dirname, '..', '..', 'scenarios', 'storefront-sits-low.yaml'), '--json').stdout);
    expect({ answer: verdict.answer, problem: verdict.problem, explanation: verdict.explanation }).toEqual({
      answer: original.answer,
      problem: original.problem,
      explanation: original.explanation,
    });
  }, 120_000);

  it('--init writes a manifest template once; --help has examples', () => {
    const folder = tempFolder('drift-import-init-');
    const path = join(folder, 'import.yaml');
    expect(cli('import', path, '--init').status).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('sources:');
    expect(cli('import', path, '--init').status).toBe(2);
    expect(cli('import', '--help').stdout).toContain('Examples:');
  });

  it('bad input: exit 2, every problem with file:line:column, nothing written', () => {
    const folder = tempFolder('drift-import-bad-');
    writeFileSync(join(folder, 'import.yaml'), ['name: bad', 'systems: [wms]', 'sources:', '  - {preset: wms-transactions, system: wms, file: h.csv}'].join('\n'));
    writeFileSync(join(folder, 'h.csv'), 'timestamp,sku,transaction_type,quantity,reference\n2026-03-06 09:00:00,MUG-01,SHIP,1,SO-1\n');
    const result = cli('import', join(folder, 'import.yaml'), '--out', join(folder, 'out', 'incident.yaml'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('h.csv:2:1  sources[0] (wms-transactions) timestamp: expected a time with a zone, or a timezone');
    expect(existsSync(join(folder, 'out', 'incident.yaml'))).toBe(false);
  });
});
