/**
 * The HTML report as a person sees it: opened from disk in headless Chromium with no network,
 * the verdict is visible at the top, every chart is drawn with its lines, nothing logs an
 * error, and a full-page screenshot is a real picture (not blank, not tiny).
 *
 * The browser is the Chromium inside the `@sparticuz/chromium` package (test/support/browser.ts),
 * so no system package is needed; if it cannot start, this test fails rather than skips, so
 * CI cannot pass without having looked at the page. Set KEEP_SCREENSHOTS=1 to keep the screenshots (their directory is printed).
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderGate2Report, renderRunReport } from '../../src/report/html-report.js';
import type { FaultSpec } from '../../src/sim/model.js';
import { RERUN, at, processResult, tinyIncident } from '../report/report-fixtures.js';
import { launchBrowser } from '../support/browser.js';
import { ObservationStore } from '../../src/sim/observation-store.js';

let browser: Browser | undefined;
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'drift-sim-report-'));
});

/**
 * The browser, launched on first use. Each test asks for it, so a browser that cannot start fails
 * every test by name (a failing `beforeAll` would only mark them skipped).
 */
async function launched(): Promise<Browser> {
  browser ??= await launchBrowser();
  return browser;
}

afterAll(async () => {
  await browser?.close();
  if (!directory) return;
  if (process.env.KEEP_SCREENSHOTS) console.log(`screenshots kept in ${directory}`);
  else await rm(directory, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  consoleErrors: string[];
  requests: string[];
}

/** Writes the report to disk and opens it the way a person would: a file:// URL. */
async function open(html: string, name: string): Promise<Opened> {
  const file = join(directory, `${name}.html`);
  await writeFile(file, html);
  const page = await (await launched()).newPage({ viewport: { width: 1200, height: 900 } });
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, consoleErrors, requests };
}

/**
 * Decodes a PNG in the browser (a blank page, canvas) and measures it: its size, how many
 * distinct colours it has (4 bits per channel), and the share of pixels that are not the
 * page background.
 */
async function measurePng(png: Buffer): Promise<{ width: number; height: number; colours: number; inked: number }> {
  const page = await (await launched()).newPage();
  try {
    // Runs in the page; written as source text because this project compiles without DOM types.
    const measure = `async (base64) => {
      const image = new Image();
      image.src = 'data:image/png;base64,' + base64;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = new Set();
      const background = (data[0] << 16) | (data[1] << 8) | data[2];
      let inked = 0;
      for (let index = 0; index < data.length; index += 4) {
        const rgb = (data[index] << 16) | (data[index + 1] << 8) | data[index + 2];
        colours.add(((data[index] >> 4) << 8) | ((data[index + 1] >> 4) << 4) | (data[index + 2] >> 4));
        if (rgb !== background) inked++;
      }
      return { width: canvas.width, height: canvas.height, colours: colours.size, inked: inked / (data.length / 4) };
    }`;
    return await page.evaluate(`(${measure})(${JSON.stringify(png.toString('base64'))})`);
  } finally {
    await page.close();
  }
}

/** Every chart is on screen with a real size and draws its lines as paths. */
async function expectChartsDrawn(page: Page, charts: number, linesPerChart: number): Promise<void> {
  const svgs = page.locator('figure.chart svg');
  expect(await svgs.count()).toBe(charts);
  for (let index = 0; index < charts; index++) {
    const svg = svgs.nth(index);
    await svg.scrollIntoViewIfNeeded();
    expect(await svg.isVisible()).toBe(true);
    const box = await svg.boundingBox();
    expect(box, `chart ${index} has a box`).not.toBeNull();
    expect(box!.width).toBeGreaterThan(600);
    expect(box!.height).toBeGreaterThan(200);
    expect(await svg.locator('path').count()).toBeGreaterThan(0);
    const lines = svg.locator('g.mark-line path');
    expect(await lines.count()).toBe(linesPerChart);
    for (let line = 0; line < linesPerChart; line++) {
      expect(await lines.nth(line).getAttribute('d')).toMatch(/^M[\d.,-]+(?:[LHV][\d.,-]+)+/);
      const lineBox = await lines.nth(line).boundingBox();
      expect(lineBox!.width).toBeGreaterThan(300);
    }
  }
}

describe('the Gate 2 report in a browser', () => {
  it('shows the verdict first, draws every chart, logs nothing and fetches nothing', async () => {
    const html = await renderGate2Report(tinyIncident(), processResult(), { rerun: RERUN, command: 'drift-sim gate2 tiny.yaml --report out.html' });
    const { page, consoleErrors, requests } = await open(html, 'gate2');
    try {
      const heading = page.locator('#verdict-heading');
      expect(await heading.isVisible()).toBe(true);
      expect(await heading.textContent()).toBe('No — a process problem');
      // Above the fold: the answer is the first thing a reader sees.
      const headingBox = await heading.boundingBox();
      expect(headingBox!.y).toBeLessThan(300);
      expect(headingBox!.height).toBeGreaterThan(24);
      expect(await page.getByText('Operations — the ops manager / inventory lead').isVisible()).toBe(true);

      // Two implicated SKUs; each chart has two panels of two systems.
      await expectChartsDrawn(page, 2, 4);
      // The malicious SKU is shown as text, never run.
      expect(await page.locator('h3 code', { hasText: '<script>alert(1)</script>' }).count()).toBe(1);
      expect(await page.locator('script').count()).toBe(0);

      // The re-run command is there to copy, whole.
      expect(await page.locator('pre.command').textContent()).toBe(RERUN);

      const screenshot = join(directory, 'gate2.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      const { size } = await stat(screenshot);
      expect(size).toBeGreaterThan(40_000);
      expect(size).toBeLessThan(20_000_000);
      const picture = await measurePng(await readFile(screenshot));
      expect(picture.width).toBe(1200);
      expect(picture.height).toBeGreaterThan(1500);
      expect(picture.colours).toBeGreaterThan(50);
      expect(picture.inked).toBeGreaterThan(0.05);

      expect(consoleErrors).toEqual([]);
      expect(requests).toEqual([page.url()]);
    } finally {
      await page.close();
    }
  });
});

describe('the run report in a browser', () => {
  it('draws the drifted SKUs with their markers and lists the logs', async () => {
    const incident = tinyIncident();
    incident.observations = ObservationStore.from([]);
    incident.links = [{ name: 'wms->storefront', from: 0, to: 1, mode: 'event', carries: 'delta', offsetMs: 0, latencyMs: 0, idempotent: true }];
    const faults: FaultSpec[] = [
      { kind: 'webhook_drop', params: { link: 'wms->storefront', nth: 2 } },
      { kind: 'manual_override', params: { system: 'storefront', sku: 'TEE-BLK-M', at: at('16:00'), count: 30 } },
    ];
    const html = await renderRunReport(incident, { faults }, { command: 'drift-sim run tiny.yaml --report run.html' });
    const { page, consoleErrors, requests } = await open(html, 'run');
    try {
      expect(await page.locator('#verdict-heading').textContent()).toBe('2 SKUs drifted: the systems disagreed');
      await expectChartsDrawn(page, 2, 2);
      expect(await page.locator('#logs td', { hasText: 'WEBHOOK_DELIVERY_FAILED' }).count()).toBe(1);
      const screenshot = join(directory, 'run.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      const picture = await measurePng(await readFile(screenshot));
      expect(picture.colours).toBeGreaterThan(50);
      expect(picture.inked).toBeGreaterThan(0.05);
      expect(consoleErrors).toEqual([]);
      expect(requests).toEqual([page.url()]);
    } finally {
      await page.close();
    }
  });
});
