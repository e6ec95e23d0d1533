/**
 * Goal: every kind of bad input is rejected with the problem a user needs to fix it: the
 * file, line and column, the field path, what was expected and what was found; and all
 * problems of a file are listed at once.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPECTED_TIME } from '../../src/io/field-values.js';
import { loadIncident, loadIncidentFromText } from '../../src/io/load-incident.js';
import { InputError } from '../../src/io/problems.js';
import { tempFolderAsync } from '../support/temp.js';
import { FIXTURES, TINY, TINY_LINES, columnOf, problemsOf, tinyWith } from './io-helpers.js';

const MOVEMENT_0 = TINY_LINES[8];

describe('a valid small incident', () => {
  it('loads (the base every other test breaks in one place)', async () => {
    const incident = await loadIncidentFromText(TINY, 'tiny.yaml');
    expect(incident.movements).toHaveLength(2);
    expect(incident.skus).toEqual([{ sku: 'CAP-02' }, { sku: 'MUG-01' }]);
    expect(incident.observations.at(0).counts).toEqual([39, 39, undefined]);
  });
});

describe('times', () => {
  it('reports a time without a zone, with its own message', async () => {
    const line = MOVEMENT_0.replace("'2026-03-02T10:00:00Z'", "'2026-03-02T10:00:00'");
    expect(await problemsOf(tinyWith({ 9: line }))).toEqual([
      {
        file: 'tiny.yaml',
        line: 9,
        column: 8,
        path: 'movements[0].at',
        expected: EXPECTED_TIME,
        found: 'a time without a zone ("2026-03-02T10:00:00")',
      },
    ]);
  });

  it('reports a zone-less window start', async () => {
    const line = "window: {start: '2026-03-02 00:00', end: '2026-03-03T00:00:00Z'}";
    const [problem, ...rest] = await problemsOf(tinyWith({ 3: line }));
    expect(rest).toEqual([]);
    expect(problem).toEqual({ file: 'tiny.yaml', line: 3, column: 17, path: 'window.start', expected: EXPECTED_TIME, found: 'a time without a zone ("2026-03-02 00:00")' });
  });

  it('reports a movement and an observation outside the declared window', async () => {
    const movement = TINY_LINES[9].replace('2026-03-02T11', '2026-03-04T11');
    const observation = TINY_LINES[11].replace('2026-03-02T12', '2026-03-01T12');
    const expected = 'a time inside the window 2026-03-02T00:00:00Z .. 2026-03-03T00:00:00Z';
    expect(await problemsOf(tinyWith({ 10: movement, 12: observation }))).toEqual([
      { file: 'tiny.yaml', line: 10, column: 8, path: 'movements[1].at', expected, found: '"2026-03-04T11:00:00Z"' },
      { file: 'tiny.yaml', line: 12, column: 8, path: 'observations[0].at', expected, found: '"2026-03-01T12:00:00Z"' },
    ]);
  });

  it('takes a left-out window from the first and last movement or observation', async () => {
    const incident = await loadIncidentFromText(tinyWith({ 3: '# no window' }), 'tiny.yaml');
    expect(incident.window).toEqual({ startMs: Date.parse('2026-03-02T10:00:00Z'), endMs: Date.parse('2026-03-02T12:00:00Z') });
  });

  it('asks for a window when there is neither a window nor a record', async () => {
    const text = 'version: 1\nname: empty\nsystems: [wms]\n';
    expect(await problemsOf(text)).toEqual([
      { file: 'tiny.yaml', line: 1, column: 1, path: 'window', expected: 'a window {start, end}, or movements or observations to take it from', found: 'no window and no movements or observations' },
    ]);
  });
});

describe('names that must be declared', () => {
  it('reports a movement in an undeclared system', async () => {
    const line = MOVEMENT_0.replace('system: wms', 'system: shop');
    expect(await problemsOf(tinyWith({ 9: line }))).toEqual([
      { file: 'tiny.yaml', line: 9, column: columnOf(line, 'shop'), path: 'movements[0].system', expected: 'a declared system (wms, erp, storefront)', found: '"shop"' },
    ]);
  });

  it('reports an observed count of an undeclared system', async () => {
    const line = TINY_LINES[11].replace('erp: 39', 'ERP: 39');
    const [problem] = await problemsOf(tinyWith({ 12: line }));
    expect(problem).toMatchObject({ line: 12, column: columnOf(line, '39}'), path: 'observations[0].counts.ERP', found: 'undeclared system "ERP"' });
  });

  it('reports a link to an undeclared system, and an initial count for one', async () => {
    const initial = '  MUG-01: {wms: 40, shop: 38}';
    const problems = await problemsOf(tinyWith({ 7: '- {from: erp, to: shopify, mode: event}' }, 'initial:', initial));
    expect(problems.map((problem) => [problem.line, problem.column, problem.path])).toEqual([
      [7, 19, 'links[1].to'],
      [14, columnOf(initial, 'shop'), 'initial.MUG-01.shop'],
    ]);
  });
});

describe('missing and mistyped fields', () => {
  it('reports a movement without its sku at the movement', async () => {
    const line = MOVEMENT_0.replace(' sku: MUG-01,', '');
    expect(await problemsOf(tinyWith({ 9: line }))).toEqual([
      { file: 'tiny.yaml', line: 9, column: 3, path: 'movements[0].sku', expected: 'a non-empty text', found: 'nothing (it is required)' },
    ]);
  });

  it('reports a missing required top-level field at the top', async () => {
    expect(await problemsOf(tinyWith({ 2: '# no name' }))).toEqual([
      { file: 'tiny.yaml', line: 1, column: 1, path: 'name', expected: 'a name of lower-case letters, digits and dashes ([a-z0-9-]+)', found: 'nothing (it is required)' },
    ]);
  });

  it('reports values of the wrong type', async () => {
    const movement = MOVEMENT_0.replace('qty: -1', 'qty: three');
    const observation = TINY_LINES[11].replace('counts: {wms: 39, erp: 39}', 'counts: 39');
    const problems = await problemsOf(tinyWith({ 9: movement, 12: observation }, 'tolerance: -1'));
    expect(problems).toEqual([
      { file: 'tiny.yaml', line: 9, column: columnOf(movement, 'three'), path: 'movements[0].qty', expected: 'a signed non-zero integer', found: '"three"' },
      {
        file: 'tiny.yaml',
        line: 12,
        column: columnOf(observation, '39'),
        path: 'observations[0].counts',
        expected: 'a mapping of system to observed count, with at least one of wms, erp, storefront',
        found: '39',
      },
      { file: 'tiny.yaml', line: 13, column: 12, path: 'tolerance', expected: 'a non-negative integer', found: '-1' },
    ]);
  });

  it('reports a name that is not [a-z0-9-]+ and an unknown time zone', async () => {
    const problems = await problemsOf(tinyWith({ 2: 'name: Tiny Incident' }, 'timezone: Mars/Olympus'));
    expect(problems.map((problem) => [problem.line, problem.path, problem.found])).toEqual([
      [2, 'name', '"Tiny Incident"'],
      [13, 'timezone', 'unknown zone "Mars/Olympus"'],
    ]);
  });
});

describe('durations and links', () => {
  it('reports a duration it cannot read, and a bare number without a unit', async () => {
    const batch = '- {from: wms, to: erp, mode: batch, every: 15 minutes}';
    const event = '- {from: erp, to: storefront, mode: event, latency: 3}';
    expect(await problemsOf(tinyWith({ 6: batch, 7: event }))).toEqual([
      {
        file: 'tiny.yaml',
        line: 6,
        column: columnOf(batch, '15 minutes'),
        path: 'links[0].every',
        expected: 'a positive duration like 500ms, 30s, 15m, 2h, 1d or PT15M',
        found: '"15 minutes"',
      },
      {
        file: 'tiny.yaml',
        line: 7,
        column: columnOf(event, '3}'),
        path: 'links[1].latency',
        expected: 'a duration like 500ms, 30s, 15m, 2h, 1d or PT15M',
        found: '3 (a number without a unit)',
      },
    ]);
  });

  it('reports every on an event link and a missing every on a batch link', async () => {
    const problems = await problemsOf(tinyWith({ 6: '- {from: wms, to: erp, mode: batch}', 7: '- {from: erp, to: storefront, mode: event, every: 5m}' }));
    expect(problems.map((problem) => [problem.line, problem.column, problem.path, problem.expected])).toEqual([
      [6, 3, 'links[0].every', 'the cycle period of a batch link, like 15m'],
      [7, 44, 'links[1].every', 'no every on an event link (it sends each change at once)'],
    ]);
  });

  it('reports a second link with the same from->to name', async () => {
    expect(await problemsOf(tinyWith({ 7: '- {from: wms, to: erp, mode: event}' }))).toEqual([
      { file: 'tiny.yaml', line: 7, column: 3, path: 'links[1]', expected: 'one link per from->to pair', found: 'a second link wms->erp (the first is links[0])' },
    ]);
  });
});

describe('unknown fields and versions', () => {
  it('reports an unknown top-level field and an unknown movement field at their keys', async () => {
    const movement = MOVEMENT_0.replace('qty: -1', 'qty: -1, reff: SO-1');
    const problems = await problemsOf(tinyWith({ 9: movement }, 'tolerence: 2'));
    expect(problems).toEqual([
      {
        file: 'tiny.yaml',
        line: 9,
        column: columnOf(movement, 'reff'),
        path: 'movements[0].reff',
        expected: 'a field of a movement (at, system, sku, type, qty, count, ref, actor, sync)',
        found: 'unknown field "reff"',
      },
      {
        file: 'tiny.yaml',
        line: 13,
        column: 1,
        path: 'tolerence',
        expected:
          'a field of an incident (version, name, description, window, timezone, systems, recordOf, skus, initial, links, movements, observations, logs, faults, tolerance, expect)',
        found: 'unknown field "tolerence"',
      },
    ]);
  });

  it('rejects an unknown version with that one problem, not a flood about a format it does not know', async () => {
    const brokenMovement = MOVEMENT_0.replace('system: wms', 'system: shop');
    expect(await problemsOf(tinyWith({ 1: 'version: 2', 9: brokenMovement }))).toEqual([
      { file: 'tiny.yaml', line: 1, column: 10, path: 'version', expected: '1 (the only version this drift-sim reads)', found: '2' },
    ]);
  });

  it('reports YAML syntax errors with their position', async () => {
    expect(await problemsOf('version: 1\nname: x\nname: y\n')).toEqual([
      { file: 'tiny.yaml', line: 3, column: 1, path: '(syntax)', expected: 'valid YAML or JSON', found: 'Map keys must be unique' },
    ]);
  });
});

describe('movement types', () => {
  it('refuses qty on a cycle_count', async () => {
    const line = "- {at: '2026-03-02T10:00:00Z', system: wms, sku: MUG-01, type: cycle_count, count: 37, qty: -1}";
    expect(await problemsOf(tinyWith({ 9: line }))).toEqual([
      { file: 'tiny.yaml', line: 9, column: columnOf(line, '-1}'), path: 'movements[0].qty', expected: 'no qty on a cycle_count movement (it sets an absolute count)', found: '-1' },
    ]);
  });

  it('asks a manual_set for its count, and a shipment for a non-zero qty', async () => {
    const manualSet = "- {at: '2026-03-02T10:00:00Z', system: wms, sku: MUG-01, type: manual_set}";
    const zero = TINY_LINES[9].replace('qty: 5', 'qty: 0');
    const problems = await problemsOf(tinyWith({ 9: manualSet, 10: zero }));
    expect(problems.map((problem) => [problem.line, problem.path, problem.expected, problem.found])).toEqual([
      [9, 'movements[0].count', 'an integer', 'nothing (it is required)'],
      [10, 'movements[1].qty', 'a signed non-zero integer', '0'],
    ]);
  });

  it('reports an unknown type and a malformed actor', async () => {
    const line = MOVEMENT_0.replace('type: shipment', 'type: sale').replace('qty: -1', 'qty: -1, actor: dana');
    const problems = await problemsOf(tinyWith({ 9: line }));
    expect(problems.map((problem) => [problem.path, problem.found])).toEqual([
      ['movements[0].type', '"sale"'],
      ['movements[0].actor', '"dana"'],
    ]);
    expect(problems[1]!.expected).toBe('integration, system, or user:<name>');
  });
});

describe('faults', () => {
  it('reports an unknown fault kind at the kind', async () => {
    const fault = '- {kind: webhook_dorp, link: erp->storefront, nth: 3}';
    const [problem, ...rest] = await problemsOf(tinyWith({}, 'faults:', fault));
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: 'tiny.yaml', line: 14, column: columnOf(fault, 'webhook_dorp'), path: 'faults[0].kind', found: '"webhook_dorp"' });
    expect(problem!.expected).toContain('webhook_drop');
  });

  it('reports an unknown parameter, and the trigger it then lacks', async () => {
    const fault = '- {kind: webhook_drop, link: erp->storefront, nht: 3}';
    expect(await problemsOf(tinyWith({}, 'faults:', fault))).toEqual([
      {
        file: 'tiny.yaml',
        line: 14,
        column: 3,
        path: 'faults[0].above|nth|rate',
        expected: 'exactly one of above, nth, rate',
        found: 'none',
      },
      {
        file: 'tiny.yaml',
        line: 14,
        column: columnOf(fault, '3}'),
        path: 'faults[0].nht',
        expected: 'a parameter of webhook_drop (link, above, nth, rate, seed, when, skus)',
        found: 'unknown parameter "nht"',
      },
    ]);
  });

  it('reports a fault on a link of the wrong mode, a SKU the incident lacks and an at outside the window', async () => {
    const problems = await problemsOf(
      tinyWith(
        {},
        'faults:',
        '- {kind: cadence, link: erp->storefront, every: 1h}',
        "- {kind: manual_override, system: storefront, sku: MUG-02, at: '2026-03-02T09:00:00Z', delta: -3}",
        "- {kind: manual_override, system: storefront, sku: MUG-01, at: '2026-03-05T09:00:00Z', delta: -3}",
      ),
    );
    expect(problems.map((problem) => [problem.line, problem.path])).toEqual([
      [14, 'faults[0].link'],
      [15, 'faults[1].sku'],
      [16, 'faults[2].at'],
    ]);
    expect(problems[0]!.found).toContain('erp->storefront');
    expect(problems[0]!.expected).toContain('batch or poll link');
    expect(problems[1]).toMatchObject({ expected: 'a SKU that appears in the incident', found: '"MUG-02"' });
    expect(problems[2]!.found).toBe('2026-03-05T09:00:00Z');
    expect(problems[2]!.expected).toBe('a time inside the window 2026-03-02T00:00:00Z .. 2026-03-03T00:00:00Z');
  });

  it('reports --fault problems on the flag, with its index', async () => {
    const problems = await problemsOf(TINY, 'tiny.yaml', {
      extraFaults: ['webhook_drop:link=erp->storefront,nth=5', 'webhook_drop:link=wms->shop,nth=5'],
    });
    expect(problems).toEqual([
      { file: '--fault', path: '--fault[1].link', expected: 'a declared link (wms->erp, erp->storefront)', found: '"wms->shop"' },
    ]);
  });
});

describe('side files', () => {
  it('reports a column mapping that names a header the CSV does not have, in the incident file', async () => {
    const file = join(FIXTURES, 'movements-missing-column.yaml');
    await expect(loadIncident(file)).rejects.toThrow(InputError);
    const problems = await loadIncident(file).catch((error: InputError) => error.problems);
    expect(problems).toEqual([
      {
        file,
        line: 12,
        column: 10,
        path: 'movements.columns.qty',
        expected: `a column of ${join(FIXTURES, 'export-movements.csv')} (Date, Location, Item, Kind, Qty, Count, Doc, Operator, Warehouse)`,
        found: '"Quantity"',
      },
    ]);
  });

  it('reports a side file that does not exist at the file name', async () => {
    const line = 'movements: {file: missing.csv}';
    const text = tinyWith({ 8: line, 9: '# (none)', 10: '# (none)' });
    expect(await problemsOf(text, join(FIXTURES, 'tiny.yaml'))).toEqual([
      {
        file: join(FIXTURES, 'tiny.yaml'),
        line: 8,
        column: columnOf(line, 'missing.csv'),
        path: 'movements.file',
        expected: "an existing CSV file (relative to the incident file's folder)",
        found: `no file at ${join(FIXTURES, 'missing.csv')}`,
      },
    ]);
  });

  it('reports an incident file that does not exist', async () => {
    const problems = await loadIncident(join(FIXTURES, 'nope.yaml')).catch((error: InputError) => error.problems);
    expect(problems).toEqual([
      { file: join(FIXTURES, 'nope.yaml'), path: '(file)', expected: 'a readable YAML or JSON incident file', found: `no file at ${join(FIXTURES, 'nope.yaml')}` },
    ]);
  });
});

describe('many problems at once', () => {
  it('lists every problem of the file, in line order', async () => {
    const text = tinyWith(
      {
        6: '- {from: wms, to: erp, mode: batch, every: soon}',
        9: MOVEMENT_0.replace('10:00:00Z', '10:00:00'),
        10: TINY_LINES[9].replace('system: wms', 'system: 3pl'),
      },
      'tolerence: 2',
      'faults:',
      '- {kind: split_shipment, system: wms, sku: MUG-01, qty: -2}',
    );
    const problems = await problemsOf(text);
    expect(problems.map((problem) => [problem.line, problem.path])).toEqual([
      [6, 'links[0].every'],
      [9, 'movements[0].at'],
      [10, 'movements[1].system'],
      [13, 'tolerence'],
      [15, 'faults[0].at'],
    ]);
  });

  it('keeps the first 200 problems of a broken side file and counts the rest', async () => {
    const folder = await tempFolderAsync('drift-sim-io-');
    const line = '{"at":"2026-03-02T10:00:00","system":"wms","sku":"MUG-01","type":"shipment","qty":-1}';
    await writeFile(join(folder, 'broken.ndjson'), `${Array.from({ length: 250 }, () => line).join('\n')}\n`);
    const text = "version: 1\nname: broken\nwindow: {start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z'}\nsystems: [wms]\nmovements: {file: broken.ndjson}\n";
    const problems = await problemsOf(text, join(folder, 'broken.yaml'));
    expect(problems).toHaveLength(201);
    expect(problems[199]).toMatchObject({ line: 200, path: 'movements[199].at' });
    expect(problems[200]).toEqual({
      file: join(folder, 'broken.ndjson'),
      path: '(more)',
      expected: 'at most 200 problems listed per file',
      found: '50 more problems in this file',
    });
  });
});

describe('JSON incident files', () => {
  it('are read by the same parser, with lines and columns', async () => {
    const json = [
      '{',
      '  "version": 1,',
      '  "name": "from-json",',
      '  "systems": ["wms"],',
      '  "window": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-03T00:00:00Z"},',
      '  "movements": [',
      '    {"at": "2026-03-02T10:00:00Z", "system": "wms", "sku": "A", "type": "receipt", "qty": 2},',
      '    {',
      '      "at": "2026-03-02T10:00:00",',
      '      "system": "wms", "sku": "A", "type": "receipt", "qty": 2',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    expect(await problemsOf(json, 'incident.json')).toEqual([
      { file: 'incident.json', line: 9, column: 13, path: 'movements[1].at', expected: EXPECTED_TIME, found: 'a time without a zone ("2026-03-02T10:00:00")' },
    ]);
  });
});

describe('text as written', () => {
  it('reads a number written as a SKU or ref by its digits', async () => {
    const line = MOVEMENT_0.replace('sku: MUG-01', 'sku: 00123').replace('qty: -1', 'qty: -1, ref: 5512');
    const incident = await loadIncidentFromText(tinyWith({ 9: line }), 'tiny.yaml');
    expect(incident.skus.map((item) => item.sku)).toEqual(['00123', 'CAP-02', 'MUG-01']);
    expect(incident.movements.at(0)).toMatchObject({ sku: 0, ref: '5512' });
  });

  it('counts an initial SKU with nothing after it as 0 in every system, and still names it', async () => {
    const incident = await loadIncidentFromText(tinyWith({}, 'initial:', '  MUG-01: {wms: 40, storefront: 38}', '  HAT-03:'), 'tiny.yaml');
    expect(incident.skus.map((item) => item.sku)).toEqual(['CAP-02', 'HAT-03', 'MUG-01']);
    expect(incident.initial).toEqual([
      [0, 0, 40],
      [0, 0, 0],
      [0, 0, 38],
    ]);
  });
});
