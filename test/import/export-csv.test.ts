/**
 * The export CSV reader against csv-parse: hand-written files (plain LF and CRLF, BOM, blank
 * and all-space lines, no final line break; a quote, a tab, a stray CR, a UTF-16 BOM and
 * non-ASCII after plain lines, CSV syntax errors) with records and line numbers worked out by
 * hand, and a property (fixed seed, 400 cases): for generated files of plain and not plain
 * lines, read in chunks as small as one byte, it hands over exactly the records, line numbers
 * and problems that csv-parse (pumpCsv, the importer's options) does.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pumpExportCsv } from '../../src/import/export-csv.js';
import { ProblemList } from '../../src/io/problem-list.js';
import { pumpCsv } from '../../src/io/pump-csv.js';

const SEED = 20261202;

let folder: string;
let fileNumber = 0;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'export-csv-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface Read {
  records: [string[], number][];
  problems: unknown[];
}

async function fileWith(content: string | Buffer): Promise<{ path: string; displayPath: string }> {
  const path = join(folder, `f${fileNumber++}.csv`);
  await writeFile(path, content);
  return { path, displayPath: 'f.csv' };
}

async function readFast(file: { path: string; displayPath: string }, chunkBytes?: number): Promise<Read> {
  const records: Read['records'] = [];
  const problems = new ProblemList();
  await pumpExportCsv(file, (record, context) => (records.push([record, context.lines]), null), problems, chunkBytes);
  return { records, problems: problems.toArray() };
}

async function readCsvParse(file: { path: string; displayPath: string }): Promise<Read> {
  const records: Read['records'] = [];
  const problems = new ProblemList();
  await pumpCsv(file, (record, context) => (records.push([record, context.lines]), null), problems, '');
  return { records, problems: problems.toArray() };
}

describe('pumpExportCsv', () => {
  it('splits plain files itself: LF or CRLF, BOM, blank and all-space lines skipped, no final line break', async () => {
    for (const chunkBytes of [1, 4, 1 << 16]) {
      const lf = await readFast(await fileWith('\ufeffat,sku , qty\n2026-03-07 10:00,MUG-01,2\n\n   \n 2026-03-07 11:00 , CAP RED ,,\n,\nlast,line'), chunkBytes);
      expect(lf).toEqual({
        records: [
          [['at', 'sku', 'qty'], 1],
          [['2026-03-07 10:00', 'MUG-01', '2'], 2],
          [['2026-03-07 11:00', 'CAP RED', '', ''], 5],
          [['', ''], 6],
          [['last', 'line'], 7],
        ],
        problems: [],
      });
      const crlf = await readFast(await fileWith('a,b\r\n\r\n1,2\r\n'), chunkBytes);
      expect(crlf.records).toEqual([
        [['a', 'b'], 1],
        [['1', '2'], 3],
      ]);
    }
  });

  it('hands a file that is not plain to csv-parse from its start, passing by the records already given', async () => {
    const notPlain = [
      'a,b\n1,2\n"x, y",3\n4,5\n',
      'a,b\n1,2\n3,\t4\n',
      'a,b\n1,2\r3,4\n',
      'a,b\n1,2\r\n3,4\r\n',
      'a,b\r\n1,2\n3,4\n',
      'a,b\n1,2\nCafé,3\n',
      'a,b\n1,2\n3,4\r',
    ];
    for (const text of notPlain) {
      for (const chunkBytes of [1, 3, 1 << 16]) {
        const file = await fileWith(text);
        expect(await readFast(file, chunkBytes), JSON.stringify(text)).toEqual(await readCsvParse(file));
      }
    }
    const quoted = await readFast(await fileWith(notPlain[0]!));
    expect(quoted.records).toEqual([
      [['a', 'b'], 1],
      [['1', '2'], 2],
      [['x, y', '3'], 3],
      [['4', '5'], 4],
    ]);
    // A line longer than 1 MiB is read by csv-parse (the splitter carries no more than that).
    const long = await fileWith(`a,b\n1,${'x'.repeat(3 << 20)}\n2,3\n`);
    expect(await readFast(long)).toEqual(await readCsvParse(long));
    const utf16 = await readFast(await fileWith(Buffer.from('\ufeffa,b\n1,2\n', 'utf16le')));
    expect(utf16.records).toEqual([
      [['a', 'b'], 1],
      [['1', '2'], 2],
    ]);
  });

  it('a CSV syntax error after plain lines is the one problem csv-parse reports', async () => {
    const read = await readFast(await fileWith('a,b\n1,2\n3,"4"x\n5,6\n'));
    expect(read.records).toEqual([
      [['a', 'b'], 1],
      [['1', '2'], 2],
    ]);
    expect(read.problems).toEqual([expect.objectContaining({ file: 'f.csv', line: 3, path: '(CSV syntax)', expected: 'valid CSV (the rest of the file was not read)' })]);
    // A quote inside an unquoted cell: csv-parse's INVALID_OPENING_QUOTE (no CSV_ prefix) is a problem too, not a crash.
    const inches = await readFast(await fileWith('sku,title\nMUG-01,Mug 5" tall\n'));
    expect(inches.records).toEqual([[['sku', 'title'], 1]]);
    expect(inches.problems).toEqual([expect.objectContaining({ file: 'f.csv', line: 2, path: '(CSV syntax)' })]);
  });

  it('gives exactly the records, lines and problems of csv-parse (400 cases, chunks of 1 byte and up)', async () => {
    const plainCell = fc.stringMatching(/^[ A-Za-z0-9:.\-]{0,6}$/);
    const oddCell = fc.constantFrom('"q"', '"a,b"', '"x\ny"', 'a"b', '\t', 'é', '\u00a0x', '"', ' "s" ', '\r', '""');
    const line = fc.oneof(
      { weight: 8, arbitrary: fc.array(plainCell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(',')) },
      { weight: 1, arbitrary: fc.array(fc.oneof(plainCell, oddCell), { minLength: 1, maxLength: 3 }).map((cells) => cells.join(',')) },
      { weight: 1, arbitrary: fc.constantFrom('', '   ', ',') },
    );
    const fileArbitrary = fc.record({
      bom: fc.boolean(),
      lines: fc.array(line, { minLength: 0, maxLength: 12 }),
      endings: fc.array(fc.constantFrom('\n', '\r\n', '\n', '\r\n', '\r'), { minLength: 12, maxLength: 12 }),
      mixed: fc.boolean(),
      finalBreak: fc.boolean(),
      chunkBytes: fc.constantFrom(1, 2, 3, 7, 64, 1 << 16),
    });
    await fc.assert(
      fc.asyncProperty(fileArbitrary, async ({ bom, lines, endings, mixed, finalBreak, chunkBytes }) => {
        let text = bom ? '\ufeff' : '';
        lines.forEach((content, index) => {
          const last = index === lines.length - 1;
          text += content + (last && !finalBreak ? '' : mixed ? endings[index]! : endings[0]!);
        });
        const file = await fileWith(text);
        expect(await readFast(file, chunkBytes)).toEqual(await readCsvParse(file));
      }),
      { seed: SEED, numRuns: 400, endOnFailure: true },
    );
  });
});
