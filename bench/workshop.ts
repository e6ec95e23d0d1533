/**
 * `npm run bench:workshop`: the browser workshop's two figures the README reports.
 *
 * 1. Size: the site `train --web` writes (every file), and the page's own part (HTML with the
 *    embedded scenarios, script, stylesheet, service worker) raw and gzipped, as a static host
 *    would send it compressed.
 * 2. Time to the first chart: a fresh browser context (empty cache, no service worker yet)
 *    opens `/#cycle-count-never-pushed` from a local static server; the page marks
 *    `drift-sim:first-chart` when it has drawn its first chart, after the service worker is up
 *    and the scenario's first frame is simulated. Median of the rounds, with min and max.
 *
 * Uses the Chromium of the @sparticuz/chromium package (a dev dependency).
 *
 * Usage: npm run bench:workshop [-- --rounds N]
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import sparticuz from '@sparticuz/chromium';
import { chromium } from 'playwright-core';
import { writeWorkshopSite } from '../src/adapters/workshop-site.js';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
const args = process.argv.slice(2);
const roundsIndex = args.indexOf('--rounds');
const rounds = roundsIndex >= 0 ? Number(args[roundsIndex + 1]) : 7;

const folder = await mkdtemp(join(tmpdir(), 'drift-sim-bench-workshop-'));
try {
  const site = await writeWorkshopSite(folder, { observeMs: 3_600_000 });
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  let pageRaw = 0;
  let pageGzip = 0;
  console.log(`Workshop site: ${site.scenarios} scenarios, ${site.files.length} files, ${kib(site.bytes)} in all`);
  for (const file of ['index.html', 'workshop.js', 'style.css', 'mockServiceWorker.js']) {
    const body = await readFile(join(folder, file));
    const gzip = gzipSync(body, { level: 9 }).length;
    pageRaw += body.length;
    pageGzip += gzip;
    console.log(`  ${file.padEnd(22)} ${kib(body.length).padStart(9)}  gzipped ${kib(gzip).padStart(8)}`);
  }
  console.log(`  the page (what a browser loads) ${kib(pageRaw)}, gzipped ${kib(pageGzip)}; the rest is the incidents/ files for the re-run commands`);

  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
    const file = normalize(join(folder, path.endsWith('/') ? `${path}index.html` : path));
    readFile(file).then(
      (body) => response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The flags of test/support/browser.ts: without --single-process, a closed context leaves the browser running.
  const browser = await chromium.launch({
    executablePath: await sparticuz.executablePath(),
    args: [...sparticuz.args.filter((flag) => flag !== '--single-process'), '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    headless: true,
  });
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/#cycle-count-never-pushed`);
    await page.waitForSelector('body[data-ready="true"]');
    times.push(await page.evaluate(() => performance.getEntriesByName('drift-sim:first-chart')[0]!.startTime));
    await context.close();
  }
  await browser.close();
  server.close();
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(`Time to the first chart (fresh context, service worker registered first): median ${median.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms over ${rounds} rounds`);
} finally {
  await rm(folder, { recursive: true, force: true });
}
