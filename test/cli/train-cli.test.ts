/**
 * `drift-sim train` as a team meets it: the built binary under a pseudo-terminal (util-linux
 * `script`) asks for the answer and keeps score across `--all`; with its input from a pipe it
 * prints everything and asks nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScenarios } from '../../src/io/scenario-library.js';
import { type TeamAnswer, truthOf } from '../../src/report/training-score.js';
import { tempFolder } from '../support/temp.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'drift-sim.js');
const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

function cli(args: string[], input = ''): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, env: ENV });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the CLI on a pseudo-terminal and types each reply once its prompt has appeared, the
 * way a person would. Resolves with everything the terminal showed and the exit status.
 */
function onTerminal(args: string[], replies: { after: string; type: string }[]): Promise<{ status: number | null; screen: string; typedAfter: string[] }> {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let next = 0;
  let searchFrom = 0;
  const typedAfter: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8');
    while (next < replies.length) {
      const reply = replies[next]!;
      const at = screen.indexOf(reply.after, searchFrom);
      if (at < 0) break;
      searchFrom = at + reply.after.length;
      next++;
      typedAfter.push(screen);
      child.stdin.write(`${reply.type}\r`);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, screen: screen.replace(/\r/g, ''), typedAfter }));
  });
}

describe.skipIf(!hasScript)('drift-sim train on a terminal', () => {
  it('asks, reveals after the answer, and keeps score across --all until the team stops', { timeout: 60_000 }, async () => {
    // --all plays the library in name order: answer the first right and the second wrong.
    const library = await listScenarios();
    const [first, second] = library.map((entry) => ({ name: entry.name, truth: truthOf(entry.incident)! }));
    const wrong: TeamAnswer = second!.truth === 'both' ? 'process' : 'both';
    const { status, screen, typedAfter } = await onTerminal(
      ['train', '--all'],
      [
        { after: '(b)oth? (q to stop)', type: first!.truth },
        { after: 'Press Enter for the next scenario (q to stop):', type: '' },
        { after: '(b)oth? (q to stop)', type: wrong },
        { after: 'Press Enter for the next scenario (q to stop):', type: 'q' },
      ],
    );
    expect(status).toBe(0);
    expect(typedAfter).toHaveLength(4);
    // Nothing of the answer is on the screen while the question waits.
    expect(typedAfter[0]).toContain(`1. The story: ${first!.name}`);
    expect(typedAfter[0]).not.toContain('4. The answer');
    expect(typedAfter[1]).not.toContain(`1. The story: ${second!.name}`);
    expect(screen).toContain(`=== Scenario 1 of ${library.length} ===`);
    expect(screen).toContain(`You said ${first!.truth}; it is ${first!.truth}`);
    expect(screen).toContain('Score: 1 of 1 (100%).');
    expect(screen).toContain(`You said ${wrong}; it is ${second!.truth}`);
    expect(screen).toContain('Score: 1 of 2 (50%).');
    expect(screen).toContain(`Re-run the proof: drift-sim replay ${library[1]!.path}`);
    expect(screen).toContain('Session stopped.');
    expect(screen).toContain('Final score: 1 of 2 (50%).');
    expect(screen).not.toContain(`=== Scenario 3 of ${library.length} ===`);
  });

  it('asks for one named scenario and ends with its score', { timeout: 60_000 }, async () => {
    const { status, screen } = await onTerminal(['train', 'two-teams-one-sku'], [{ after: '(b)oth? (q to stop)', type: 'integration' }]);
    expect(status).toBe(0);
    expect(screen).toContain('You said integration; it is process: not this time.');
    expect(screen).toContain('Session over.');
    expect(screen).toContain('Final score: 0 of 1 (0%).');
  });
});

describe('drift-sim train without a terminal', () => {
  it('prints the story, the chart, the question and the answer without asking', () => {
    const { status, stdout } = cli(['train', 'three-pl-partial-pick']);
    expect(status).toBe(0);
    for (const part of ['1. The story: three-pl-partial-pick', '2. The chart', '3. The question', '4. The answer', 'Expected verdict no / process: Gate 2 agrees.']) {
      expect(stdout).toContain(part);
    }
    expect(stdout).not.toContain('Your answer');
    expect(stdout).not.toContain('Score');
  });

  it('charts a recorded incident from its observations, where the drift is', () => {
    // storefront-sits-low: the declared links alone keep the systems equal; the field saw the
    // storefront 24 below the others on the morning of the 10th (observations at 03:00).
    const { status, stdout } = cli(['train', 'storefront-sits-low']);
    expect(status).toBe(0);
    expect(stdout).toContain('TEE-CLASSIC-BLK-M');
    expect(stdout).toMatch(/2026-03-10T00:22:51\.429Z {2}wms 125, erp 125, storefront 101/);
  });

  it('rejects a name together with --all, and --report with --all (exit 2)', () => {
    const both = cli(['train', '--all', 'weekend-batch-gap']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('a scenario name or --all, not both');
    const report = cli(['train', '--all', '--report', join(tempFolder('drift-sim-train-'), 'r.html')]);
    expect(report.status).toBe(2);
    expect(report.stderr).toMatch(/mutually exclusive|conflict/i);
  });
});
