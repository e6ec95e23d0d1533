/**
 * Streaming, proven: a movement file larger than the JavaScript heap the loader is allowed
 * (the built CLI in a child process with --max-old-space-size) replays correctly. The file
 * is never held whole, and its rows live in the columnar store's typed arrays, outside the
 * heap, not as one object each.
 *
 * The file (600,000 lines, about 57 MB; the heap is capped at 40 MB): line i moves SKU
 * S(i mod 4) in the WMS one second after the previous line, a receipt of 7 when i is a
 * multiple of 10 and a shipment of 1 otherwise. A receipt (i = 10k) lands on S0 or S2 only
 * (10k mod 4 is 0 or 2), each on every 20th line: 30,000 receipts each. So at the end
 * S0 = S2 = 30,000 x 7 - 120,000 = 90,000 and S1 = S3 = -150,000, in the WMS and, after
 * the last hourly batch, in the ERP.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../support/temp.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'drift-sim.js');
const LINES = 600_000;
const HEAP_MB = 40;
const START_MS = Date.UTC(2026, 2, 2);

async function writeMovements(path: string): Promise<void> {
  const out = createWriteStream(path);
  let chunk = '';
  for (let line = 0; line < LINES; line++) {
    const at = new Date(START_MS + line * 1000).toISOString().replace('.000Z', 'Z');
    const sku = `S${line % 4}`;
    chunk +=
      line % 10 === 0
        ? `{"at":"${at}","system":"wms","sku":"${sku}","type":"receipt","qty":7,"ref":"PO-${line}"}\n`
        : `{"at":"${at}","system":"wms","sku":"${sku}","type":"shipment","qty":-1,"ref":"SO-${line}"}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

describe('a movement file larger than the loader may hold', () => {
  it(`replays ${LINES} lines with a ${HEAP_MB} MB heap, every count as computed by hand`, async () => {
    const folder = tempFolder('drift-sim-streaming-');
    await writeMovements(join(folder, 'movements.ndjson'));
    expect(statSync(join(folder, 'movements.ndjson')).size).toBeGreaterThan(HEAP_MB * 1024 * 1024);
    const end = '2026-03-09T00:00:00Z'; // 168 hours after the start: an hourly batch runs then
    const observation = (sku: string, count: number) => `  - {at: '${end}', sku: ${sku}, counts: {wms: ${count}, erp: ${count}}}`;
    writeFileSync(
      join(folder, 'incident.yaml'),
      [
        'version: 1',
        'name: streaming',
        `window: {start: '2026-03-02T00:00:00Z', end: '${end}'}`,
        'systems: [wms, erp]',
        'links:',
        '  - {from: wms, to: erp, mode: batch, every: 1h, carries: snapshot}',
        'movements: {file: movements.ndjson}',
        'observations:',
        observation('S0', 90_000),
        observation('S1', -150_000),
        observation('S2', 90_000),
        observation('S3', -150_000),
        '',
      ].join('\n'),
    );
    const result = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, BIN, 'replay', join(folder, 'incident.yaml'), '--json'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { summary: { observations: number; matched: number; mismatched: number }; stats: { movements: number } };
    expect(report.stats.movements).toBe(LINES);
    expect(report.summary).toMatchObject({ observations: 4, matched: 4, mismatched: 0 });
  }, 180_000);
});
