/**
 * vitest global setup: unpacks the Chromium of `@sparticuz/chromium` to the temp folder once,
 * before any test file runs. The package unpacks on first use and answers "ready" as soon as
 * the binary's file exists, so two test files starting a browser at once on a fresh machine
 * could launch a half-written binary; unpacking here, in the one main process, avoids that.
 */
import sparticuz from '@sparticuz/chromium';

export default async function setup(): Promise<void> {
  await sparticuz.executablePath();
}
