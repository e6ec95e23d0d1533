/**
 * Bad input: every problem listed with file, line, column and what was expected, and nothing
 * written. Also starting counts from a snapshot source.
 */
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importIncident } from '../../src/import/import-incident.js';
import { loadIncident } from '../../src/io/load-incident.js';
import { InputError, type Problem } from '../../src/io/problems.js';
import { tempFolderAsync } from '../support/temp.js';

const HEAD = [
  'name: bad-exports',
  "window: {start: '2026-03-06T00:00:00Z', end: '2026-03-10T00:00:00Z'}",
  'systems: {wms: {kind: wms}, storefront: {kind: shopify}}',
  'links: [{from: wms, to: storefront, mode: event, carries: snapshot}]',
];

async function folderWith(files: Record<string, string>): Promise<string> {
  const folder = await tempFolderAsync('drift-import-bad-');
  for (const [name, content] of Object.entries(files)) await writeFile(join(folder, name), content);
  return folder;
}

async function problemsOf(folder: string): Promise<Problem[]> {
  try {
    await importIncident(join(folder, 'import.yaml'), join(folder, 'out', 'incident.yaml'));
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('the import was expected to fail');
}

describe('import: bad input', () => {
  it('an unknown preset and an option the preset does not take are located in the manifest', async () => {
    const folder = await folderWith({
      'import.yaml': [...HEAD, 'sources:', '  - {preset: wms-history, file: a.csv}', '  - {preset: counts, file: c.csv, quantity: on_hand}'].join('\n'),
      'a.csv': 'x\n',
      'c.csv': 'at,sku,system,count\n',
    });
    const problems = await problemsOf(folder);
    expect(problems).toEqual([
      expect.objectContaining({ file: join(folder, 'import.yaml'), line: 6, column: 14, path: 'sources[0].preset', found: 'unknown preset "wms-history"' }),
      expect.objectContaining({ line: 7, column: 35, path: 'sources[1].quantity' }),
    ]);
    expect(problems[0]!.expected).toContain('wms-transactions');
  });

  it('a missing column, a zone-less time with no timezone, a duplicate row and a bad type, each at its line and column; nothing written', async () => {
    const folder = await folderWith({
      'import.yaml': [...HEAD, 'initial: {MUG-01: 5}', 'sources:', '  - {preset: wms-transactions, system: wms, file: wms.csv}', '  - {preset: shopify-orders, system: storefront, file: orders.csv}'].join('\n'),
      'wms.csv': [
        'timestamp,sku,transaction_type,quantity,reference',
        '2026-03-06T09:00:00Z,MUG-01,SHIP,1,SO-1',
        '2026-03-06T09:00:00Z,MUG-01,SHIP,1,SO-1',
        '2026-03-06 10:00:00,MUG-01,SHIP,1,SO-2',
        '2026-03-06T11:00:00Z,MUG-01,TELEPORT,1,SO-3',
        '2026-03-06T12:00:00Z,MUG-01,SHIP,-4,SO-4',
        '2026-03-06T13:00:00Z,MUG-01,constructor,1,SO-5',
      ].join('\n'),
      'orders.csv': 'Name,Created at,Lineitem quantity\n#1,2026-03-06 10:00:00 -0600,1\n',
    });
    const problems = await problemsOf(folder);
    const brief = problems.map(({ file, line, column, path }) => ({ file, line, column, path }));
    expect(brief).toEqual([
      { file: 'wms.csv', line: 3, column: undefined, path: 'sources[0] (wms-transactions)' },
      { file: 'wms.csv', line: 4, column: 1, path: 'sources[0] (wms-transactions) timestamp' },
      { file: 'wms.csv', line: 5, column: 3, path: 'sources[0] (wms-transactions) transaction_type' },
      { file: 'wms.csv', line: 6, column: 4, path: 'sources[0] (wms-transactions) quantity' },
      { file: 'wms.csv', line: 7, column: 3, path: 'sources[0] (wms-transactions) transaction_type' },
      { file: 'orders.csv', line: 1, column: undefined, path: 'sources[1] (shopify-orders) (header)' },
    ]);
    expect(problems[0]!.found).toBe('a duplicate row');
    expect(problems[1]!.expected).toContain('timezone');
    expect(problems[4]!.found).toBe('"constructor"');
    expect(problems[5]!.expected).toContain('Lineitem sku');
    expect(existsSync(join(folder, 'out'))).toBe(true);
    expect(await readdir(join(folder, 'out'))).toEqual([]);
  });

  it("a SKU in Shopify's inventory export that no movement source, initial or skus names", async () => {
    const folder = await folderWith({
      'import.yaml': [...HEAD, 'initial: {MUG-01: 5}', 'sources:', "  - {preset: shopify-inventory, system: storefront, file: inv.csv, at: '2026-03-07T00:00:00Z'}"].join('\n'),
      'inv.csv': 'Handle,Title,SKU,Location,Available,On hand\nmug,Mug,MUG-01,Shop,4,4\nmug,Mug,MUG-1,Shop,2,2\n',
    });
    const problems = await problemsOf(folder);
    expect(problems).toEqual([expect.objectContaining({ file: 'inv.csv', line: 3, column: 3, path: 'SKU', found: '"MUG-1"' })]);
  });

  it('a snapshot source with initial: true gives the starting counts', async () => {
    const folder = await folderWith({
      'import.yaml': [...HEAD, 'initial: {MUG-01: 5, CAP-RED: 3}', 'sources:', '  - {preset: shopify-inventory, system: storefront, file: inv.csv, initial: true}', "  - {preset: counts, file: c.csv, system: wms, at: '2026-03-08T00:00:00Z'}"].join('\n'),
      'inv.csv': 'Handle,Title,SKU,Location,Available,On hand\nmug,Mug,MUG-01,Shop,4,4\nmug,Mug,MUG-01,Backroom,2,2\ncap,"Cap, red",CAP-RED,Shop,not stocked,not stocked\n',
      'c.csv': 'sku,count\nMUG-01,5\n',
    });
    const summary = await importIncident(join(folder, 'import.yaml'), join(folder, 'incident.yaml'));
    expect(summary.initialCounts).toBe(1);
    const incident = await loadIncident(join(folder, 'incident.yaml'));
    const skus = incident.skus.map((item) => item.sku);
    // Storefront MUG-01: 4 + 2 over the two locations; CAP-RED not stocked keeps the manifest's 3.
    expect(incident.initial[1]![skus.indexOf('MUG-01')]).toBe(6);
    expect(incident.initial[0]![skus.indexOf('MUG-01')]).toBe(5);
    expect(incident.initial[1]![skus.indexOf('CAP-RED')]).toBe(3);
    expect(incident.observations.length).toBe(1);
  });

  it('a log level or NetSuite type named like a property every object has (constructor) is read as unknown', async () => {
    const manifest = (source: string) => ['name: odd-names', 'systems: {erp: {kind: erp}}', 'timezone: America/Chicago', 'links: []', 'sources:', source].join('\n');
    const logs = await folderWith({
      'import.yaml': manifest('  - {preset: logs, file: logs.ndjson}'),
      'logs.ndjson': '{"at":"2026-03-06T15:30:04Z","component":"erp","level":"constructor","code":"X"}\n',
    });
    expect(await problemsOf(logs)).toEqual([expect.objectContaining({ file: 'logs.ndjson', line: 1, path: 'sources[0] (logs) level', expected: 'error, warn or info', found: '"constructor"' })]);
    const netsuite = await folderWith({
      'import.yaml': manifest('  - {preset: netsuite-transactions, system: erp, file: ns.csv}'),
      'ns.csv': 'Date,Type,Document Number,Item,Quantity,Created By\n3/6/2026,constructor,D1,MUG-01,-2,Dana\n',
    });
    const summary = await importIncident(join(netsuite, 'import.yaml'), join(netsuite, 'out', 'incident.yaml'));
    expect(summary.movements).toBe(0);
    expect(summary.sources[0]!.skipped).toEqual({ 'type not read (constructor)': 1 });
  });
});
