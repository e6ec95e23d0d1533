/**
 * The import benchmark: a 1,000,000-row `wms-transactions` export (local times without a
 * zone, read in America/Chicago; 2,000 SKUs over 30 days) imported into an incident and its
 * NDJSON side files, against reading and parsing the same CSV with csv-parse alone in the
 * same run: the options the importer gives csv-parse for a file it does not split itself, and
 * `on_record`, the way to learn each record's line, which an importer needs for its problems;
 * each row counted and dropped. (The importer splits this file's plain lines itself:
 * src/import/export-csv.ts.) Each measurement runs in its own process so that its peak memory
 * is its own; rounds alternate and the medians of wall time and of CPU time (user + system,
 * all threads) are compared. Target: ratio <= 1.5. Also measured, for comparison only:
 * csv-parse with the same options read as a plain stream of records, without `on_record`
 * (its cheapest use, which gives no line numbers).
 *
 * Run by bench/run.ts; also `node dist/bench/import.js <task> <folder>` for one measurement.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse';
import { importIncident } from '../src/import/import-incident.js';

export interface ImportBenchResult {
  rows: number;
  rounds: number;
  csvParseMs: number;
  importMs: number;
  ratio: number;
  /** CPU time (user + system, every thread of the process) of the same measurements, medians. */
  csvParseCpuMs: number;
  importCpuMs: number;
  cpuRatio: number;
  csvParsePeakMb: number;
  /** csv-parse without `on_record` (records taken from the stream): wall and CPU medians. */
  bareCsvParseMs: number;
  bareCsvParseCpuMs: number;
  importPeakMb: number;
  movements: number;
}

const TYPES = ['SHIP', 'SHIP', 'SHIP', 'SHIP', 'SHIP', 'SHIP', 'SHIP', 'SHIP', 'RECEIVE', 'ADJUST', 'RETURN', 'CYCLE_COUNT'] as const;

/** Writes the export and its manifest once per row count (cached under `folder`). */
async function writeExport(folder: string, rows: number): Promise<void> {
  const stamp = join(folder, 'rows.txt');
  if (existsSync(stamp) && (await readFile(stamp, 'utf8')) === String(rows)) return;
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const out = createWriteStream(join(folder, 'wms_history.csv'));
  let state = 20261202;
  const next = (bound: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state % bound;
  };
  let chunk = 'timestamp,sku,transaction_type,quantity,reference,user,location\n';
  const startMs = Date.UTC(2026, 2, 1);
  const spanMs = 30 * 86_400_000;
  for (let row = 0; row < rows; row++) {
    // Rows in time order, as a WMS writes its history; local wall-clock times without a zone.
    const wall = new Date(startMs + Math.floor((row / rows) * spanMs)).toISOString();
    const type = TYPES[next(TYPES.length)]!;
    const quantity = type === 'ADJUST' ? (next(2) === 0 ? -1 : 1) * (1 + next(5)) : type === 'CYCLE_COUNT' ? 50 + next(200) : 1 + next(6);
    const user = type === 'ADJUST' || type === 'CYCLE_COUNT' ? 'dana.w' : '';
    chunk += `${wall.slice(0, 10)} ${wall.slice(11, 19)},SKU-${String(next(2000)).padStart(5, '0')},${type},${quantity},REF-${row},${user},DC-TX-01\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
  await writeFile(
    join(folder, 'import.yaml'),
    [
      'name: import-bench',
      'timezone: America/Chicago',
      'systems: {wms: {kind: wms}, erp: {kind: erp}}',
      'links: [{from: wms, to: erp, mode: batch, every: 15m, carries: snapshot}]',
      'sources:',
      '  - {preset: wms-transactions, system: wms, file: wms_history.csv}',
      '',
    ].join('\n'),
  );
  await writeFile(stamp, String(rows));
}

interface TaskResult {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  count: number;
}

async function csvParseTask(folder: string): Promise<number> {
  let rows = 0;
  const parser = parseCsv({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    on_record: () => {
      rows++;
      return null;
    },
  });
  const input = createReadStream(join(folder, 'wms_history.csv'));
  await new Promise<void>((resolve, reject) => {
    parser.once('end', resolve);
    parser.once('error', reject);
    input.pipe(parser);
    parser.resume();
  });
  return rows - 1;
}

async function bareCsvParseTask(folder: string): Promise<number> {
  let rows = 0;
  const parser = parseCsv({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true });
  const input = createReadStream(join(folder, 'wms_history.csv'));
  await new Promise<void>((resolve, reject) => {
    parser.on('data', () => {
      rows++;
    });
    parser.once('end', resolve);
    parser.once('error', reject);
    input.pipe(parser);
  });
  return rows - 1;
}

async function importTask(folder: string): Promise<number> {
  const summary = await importIncident(join(folder, 'import.yaml'), join(folder, 'out', 'incident.yaml'));
  return summary.movements;
}

function measure(task: string, folder: string): TaskResult {
  const script = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, [script, task, folder], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`import bench task ${task} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as TaskResult;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * @example
 * const result = await benchImport({ rows: 1_000_000, rounds: 3, folder: '.bench/import' });
 * result.ratio; // import time / csv-parse time
 */
export async function benchImport(options: { rows: number; rounds: number; folder: string }): Promise<ImportBenchResult> {
  await writeExport(options.folder, options.rows);
  const parses: TaskResult[] = [];
  const imports: TaskResult[] = [];
  const bareParses: TaskResult[] = [];
  for (let round = 0; round < options.rounds; round++) {
    parses.push(measure('csv-parse', options.folder));
    imports.push(measure('import', options.folder));
    bareParses.push(measure('csv-parse-bare', options.folder));
  }
  const csvParseMs = median(parses.map((m) => m.wallMs));
  const importMs = median(imports.map((m) => m.wallMs));
  const csvParseCpuMs = median(parses.map((m) => m.cpuMs));
  const importCpuMs = median(imports.map((m) => m.cpuMs));
  return {
    rows: options.rows,
    rounds: options.rounds,
    csvParseMs,
    importMs,
    ratio: importMs / csvParseMs,
    csvParseCpuMs,
    importCpuMs,
    cpuRatio: importCpuMs / csvParseCpuMs,
    csvParsePeakMb: median(parses.map((m) => m.maxRssMb)),
    bareCsvParseMs: median(bareParses.map((m) => m.wallMs)),
    bareCsvParseCpuMs: median(bareParses.map((m) => m.cpuMs)),
    importPeakMb: median(imports.map((m) => m.maxRssMb)),
    movements: imports[imports.length - 1]!.count,
  };
}

// One measurement in a child process: `node dist/bench/import.js csv-parse|csv-parse-bare|import <folder>`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [task, folder] = process.argv.slice(2);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const count = task === 'csv-parse' ? await csvParseTask(folder!) : task === 'csv-parse-bare' ? await bareCsvParseTask(folder!) : await importTask(folder!);
  const cpu = process.cpuUsage(cpuBefore);
  const result: TaskResult = { wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, count };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
