/**
 * `--connector` on `replay` and `run`, through the CLI's `main` in this process: the example
 * connector replaces the links, its log goes to stderr, `--json` stays one document, and a
 * fault a connector run cannot apply is bad input (exit 2).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SCENARIO = join(ROOT, 'scenarios', 'storefront-sits-low.yaml');
const CONNECTOR = join(ROOT, 'examples', 'connector', 'wms-to-shopify.ts');

async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const status = await main(args);
  vi.restoreAllMocks();
  return { status, stdout, stderr };
}

afterEach(() => vi.restoreAllMocks());

describe('--connector', () => {
  it('run --json: the links are not run, the connector keeps the storefront at the WMS count', async () => {
    const { status, stdout } = await cli('run', SCENARIO, '--connector', CONNECTOR, '--json');
    expect(status).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.stats).toMatchObject({ cycles: 0, messages: 0, deliveries: 0 });
    for (const entry of json.drift) expect(entry.final.storefront).toBe(entry.final.wms);
    expect(json.rerun).toContain('--connector');
  });

  it('replay: a link fault the connector cannot meet is refused with exit 2', async () => {
    const { status, stderr } = await cli('replay', SCENARIO, '--connector', CONNECTOR, '--fault', 'cadence:link=wms->erp,every=1h');
    expect(status).toBe(2);
    expect(stderr).toContain('only rate_limit and timeout');
  });

  it('replay: the connector log goes to stderr', async () => {
    const { status, stdout, stderr } = await cli('replay', SCENARIO, '--connector', CONNECTOR, '--fault', 'rate_limit:link=erp->storefront,limit=1,per=1d', '--json');
    expect(status).toBe(0);
    expect(() => JSON.parse(stdout)).not.toThrow();
    expect(stderr).toContain('Connector log');
    expect(stderr).toMatch(/HTTP_429/);
  });
});
