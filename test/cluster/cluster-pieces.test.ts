/**
 * Issue 15, the parts that need no Redis: BullMQ is loaded only with --redis (no module
 * outside src/cluster imports it, and the CLI reaches the modules that do only through
 * dynamic import), the wire codec keeps what JSON would lose, property seeds are fixed
 * scenarios, and the new commands have --help with an example.
 */
import { spawnSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { causeOfSeed, propertyScenario } from '../../src/cluster/property-scenario.js';
import { decodeIncident, encodeIncident, fromWire, toWire } from '../../src/cluster/wire.js';
import { loadIncident } from '../../src/io/load-incident.js';
import { BIN, ROOT } from './cluster-harness.js';

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true });
  return entries.filter((entry) => entry.endsWith('.ts')).map((entry) => join(folder, entry));
}

describe('cluster pieces', () => {
  it('nothing outside src/cluster imports bullmq or ioredis, and nothing imports the cluster statically but its error classes', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(join(ROOT, 'src'))) {
      if (file.includes(`${join('src', 'cluster')}/`)) continue;
      const text = await readFile(file, 'utf8');
      if (/from '(bullmq|ioredis)'/.test(text)) offenders.push(`${file}: imports bullmq/ioredis`);
      for (const match of text.matchAll(/^import [^;]*from '([^']*\/cluster\/[^']*)'/gm)) {
        if (!match[1]!.endsWith('/cluster-errors.js')) offenders.push(`${file}: static import of ${match[1]}`);
      }
    }
    expect(offenders).toEqual([]);
    // The error classes the CLI maps to exit statuses import nothing at all.
    expect(await readFile(join(ROOT, 'src', 'cluster', 'cluster-errors.ts'), 'utf8')).not.toMatch(/^import /m);
  });

  it('the wire codec brings back Infinity, nested lists and records exactly as JSON would not', () => {
    const value = { steps: Infinity, stepError: -Infinity, list: [[1, { maxSteps: Infinity }]], text: 'x', none: null };
    expect(JSON.parse(JSON.stringify(value)).steps).toBeNull(); // what plain JSON would do
    expect(fromWire(JSON.parse(JSON.stringify(toWire(value))))).toEqual(value);
  });

  it('an incident image decodes to the same incident, and bytes that do not match their hash are refused', async () => {
    const incident = await loadIncident(join(ROOT, 'scenarios', 'storefront-sits-low.yaml'));
    const encoded = encodeIncident(incident);
    expect(encoded.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(decodeIncident(encoded.hash, encoded.bytes)).toEqual(incident);
    const tampered = Buffer.from(encoded.bytes);
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 1;
    expect(() => decodeIncident(encoded.hash, tampered)).toThrow(/do not match their hash/);
  });

  it('a property seed is one fixed scenario, its cause fixed by seed % 3', () => {
    expect(propertyScenario(7, 0)).toEqual(propertyScenario(7, 0));
    expect(propertyScenario(7, 0).yaml).not.toBe(propertyScenario(7, 1).yaml);
    expect([0, 1, 2, 3].map(causeOfSeed)).toEqual(['integration', 'process', 'both', 'integration']);
    const integration = propertyScenario(3, 0);
    expect(integration.flags).toHaveLength(1);
    expect(integration.flags[0]).not.toMatch(/^manual_override/);
    const processOnly = propertyScenario(4, 0);
    expect(processOnly.flags.length).toBeGreaterThanOrEqual(1);
    for (const flag of processOnly.flags) expect(flag).toMatch(/^manual_override:system=storefront,.*at=2026-03-0\dT0[1-5]:/);
    const both = propertyScenario(5, 0);
    expect(both.flags.filter((flag) => flag.startsWith('manual_override')).length).toBe(both.flags.length - 1);
  });

  it('worker and suite have --help with an example', () => {
    for (const command of ['worker', 'suite']) {
      const run = spawnSync(process.execPath, [BIN, command, '--help'], { encoding: 'utf8' });
      expect(run.status, command).toBe(0);
      expect(run.stdout, command).toContain('Examples:');
    }
  });

  it('bad cluster usage is exit 2 with one line: a --redis that is not a URL, a suite with nothing to run', () => {
    const notUrl = spawnSync(process.execPath, [BIN, 'gate2', join(ROOT, 'scenarios', 'storefront-sits-low.yaml'), '--redis', '127.0.0.1:6379'], { encoding: 'utf8' });
    expect(notUrl.status).toBe(2);
    expect(notUrl.stderr).toContain('--redis takes a URL');
    const empty = spawnSync(process.execPath, [BIN, 'suite'], { encoding: 'utf8' });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('name a folder of scenarios, or ask for --seeds N');
  });
});
