/**
 * Benchmark: loading a large NDJSON movement file against the floor of reading it at all.
 *
 * Writes N movements (default 1,000,000) to a temporary NDJSON file, then times, several
 * rounds each, (a) reading it with node:readline and JSON.parse-ing every line, and (b)
 * `loadIncident` on an incident that references it. The ratio of the best rounds is what
 * the load costs on top of reading; load + replay must stay within 2x of (a).
 *
 * Run: `npx tsx bench/load-ndjson.ts [movements] [rounds]`
 *
 * @example
 * // npx tsx bench/load-ndjson.ts 1000000 3
 * // CPU time: read+parse 2927 ms, load 3366 ms, ratio 1.15 (1000000 movements, 5000 SKUs)
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadIncident } from '../src/io/load-incident.js';

const count = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 3);

/** Writes `count` movements over 5,000 SKUs, half a second apart, in chunks (never one big string). */
async function writeMovements(path: string): Promise<void> {
  const out = createWriteStream(path);
  const startMs = Date.UTC(2026, 2, 2);
  const types = ['shipment', 'order', 'receipt', 'cancel'] as const;
  let chunk = '';
  for (let index = 0; index < count; index++) {
    const type = types[index % types.length]!;
    const qty = type === 'receipt' || type === 'cancel' ? 1 + (index % 5) : -(1 + (index % 3));
    const at = new Date(startMs + index * 500).toISOString().replace('.000Z', 'Z');
    const sku = `SKU-${String((index * 7919) % 5000).padStart(5, '0')}`;
    chunk += `${JSON.stringify({ at, system: index % 3 === 0 ? 'storefront' : 'wms', sku, type, qty, ref: `SO-${index}` })}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
}

async function readAndParse(path: string): Promise<number> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let parsed = 0;
  for await (const line of lines) if (JSON.parse(line)) parsed++;
  return parsed;
}

/**
 * CPU time (user + system, all threads) rather than wall time: on a shared machine other
 * processes stretch wall time at random, while the work done stays the same.
 */
async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(start);
  return [(used.user + used.system) / 1000, result];
}

const folder = await mkdtemp(join(tmpdir(), 'drift-sim-bench-'));
try {
  const movements = join(folder, 'movements.ndjson');
  await writeMovements(movements);
  await writeFile(
    join(folder, 'incident.yaml'),
    'version: 1\nname: bench\nsystems: [wms, erp, storefront]\nlinks:\n- {from: wms, to: erp, mode: batch, every: 15m}\n- {from: erp, to: storefront, mode: event}\nmovements: {file: movements.ndjson}\n',
  );
  let bestRead = Infinity;
  let bestLoad = Infinity;
  let skus = 0;
  for (let round = 0; round < rounds; round++) {
    const [readMs] = await timed(() => readAndParse(movements));
    const [loadMs, incident] = await timed(() => loadIncident(join(folder, 'incident.yaml')));
    if (incident.movements.length !== count) throw new Error(`loaded ${incident.movements.length} movements, wrote ${count}`);
    skus = incident.skus.length;
    bestRead = Math.min(bestRead, readMs);
    bestLoad = Math.min(bestLoad, loadMs);
  }
  console.log(`CPU time: read+parse ${bestRead.toFixed(0)} ms, load ${bestLoad.toFixed(0)} ms, ratio ${(bestLoad / bestRead).toFixed(2)} (${count} movements, ${skus} SKUs)`);
} finally {
  await rm(folder, { recursive: true, force: true });
}
