/**
 * The one way tests start a browser: the headless Chromium shipped inside the
 * `@sparticuz/chromium` npm package (unpacked to /tmp on first use), driven by playwright-core.
 * Nothing comes from the system's package manager, so `npm ci && npm test` runs the browser
 * tests on a machine that never installed a browser.
 *
 * Network is off beyond the pages' own origins: background networking, component updates
 * and sync are disabled, so a request a test sees is one the page itself made.
 *
 * @example
 * const browser = await launchBrowser();
 * const page = await browser.newPage();
 * await page.goto('http://127.0.0.1:8080/');
 * await browser.close();
 */
import sparticuz from '@sparticuz/chromium';
import { type Browser, chromium } from 'playwright-core';

/**
 * The package's own flags (made for containers without a sandbox: software GL, no zygote)
 * minus `--single-process`: in one process, closing a browser context takes the browser down
 * with it, and the tests open a fresh context (a fresh service worker) per test. Then ours:
 * no sandbox, and nothing the browser would fetch on its own behalf.
 */
export function launchArgs(): string[] {
  return [...sparticuz.args.filter((flag) => flag !== '--single-process'), '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
}

/** Launches headless Chromium; close it with `browser.close()`. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = await sparticuz.executablePath();
  return chromium.launch({ executablePath, args: launchArgs(), headless: true });
}
