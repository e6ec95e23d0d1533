/**
 * A training session played through in-memory streams: on a terminal it waits for the team's
 * answer before the reveal, scores it, and keeps the score across scenarios; without one it
 * prints everything and reads nothing.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runTraining } from '../../src/cli/train-session.js';
import { type LibraryEntry, findScenario } from '../../src/io/scenario-library.js';

/** Two quick entries: a process problem, then an integration problem. */
const entries: LibraryEntry[] = [await findScenario('cycle-count-never-pushed'), await findScenario('keyless-duplicate-retries')];

const ANSWER_PROMPT = 'Your answer - (i)ntegration, (p)rocess or (b)oth?';
const RETRY_PROMPT = 'Please answer i (integration), p (process) or b (both), or q to stop:';
const NEXT_PROMPT = 'Press Enter for the next scenario (q to stop):';

/**
 * A team at the keyboard: each reply is typed only once its prompt has appeared (counting
 * prompts in order), and everything printed up to that moment is kept for the test to inspect.
 */
function team(replies: { after: string; type: string | null }[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  let next = 0;
  let searchFrom = 0;
  const seenBeforeReply: string[] = [];
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    while (next < replies.length) {
      const reply = replies[next]!;
      const at = text.indexOf(reply.after, searchFrom);
      if (at < 0) break;
      searchFrom = at + reply.after.length;
      next++;
      seenBeforeReply.push(text);
      // The reply arrives after the prompt, as a person's would (null: the input ends).
      setImmediate(() => (reply.type === null ? input.end() : input.write(`${reply.type}\n`)));
    }
  });
  // Everything written before the session ended, once the stream has handed it all over
  // (a PassThrough delivers its last chunks after runTraining has resolved).
  let ended: Promise<string> | undefined;
  const transcript = () => (ended ??= new Promise<string>((resolve) => {
    // Without escapes: under CI=true the colour library colours even a stream that is no terminal.
    output.once('end', () => resolve(text.replace(/\u001b\[[0-9;]*m/g, '')));
    output.end();
  }));
  return { input, output, transcript, seenBeforeReply };
}

describe('a training session on a terminal', () => {
  it('waits for the answer before the reveal, scores each round, and keeps the score across scenarios', async () => {
    const keyboard = team([
      { after: ANSWER_PROMPT, type: 'p' },
      { after: NEXT_PROMPT, type: '' },
      { after: ANSWER_PROMPT, type: 'both' },
    ]);
    const outcome = await runTraining(entries, { input: keyboard.input, output: keyboard.output, ask: true, colour: false });

    // At the first question the story, the chart and the question are out, and no answer yet.
    const atQuestion = keyboard.seenBeforeReply[0]!;
    expect(atQuestion).toContain('1. The story: cycle-count-never-pushed');
    expect(atQuestion).toContain('2. The chart: what the systems showed');
    expect(atQuestion).toContain('3. The question');
    expect(atQuestion).not.toContain('4. The answer');
    expect(atQuestion).not.toContain('Gate 2 (reproducibility)');
    // The second scenario is not shown before the team asks for it.
    expect(keyboard.seenBeforeReply[1]!).not.toContain('keyless-duplicate-retries');

    // cycle-count-never-pushed is a process problem (answered p: right); keyless-duplicate-retries
    // an integration problem (answered both: wrong). 1 of 2.
    expect(outcome.card.rounds).toEqual([
      { scenario: 'cycle-count-never-pushed', given: 'process', truth: 'process', correct: true },
      { scenario: 'keyless-duplicate-retries', given: 'both', truth: 'integration', correct: false },
    ]);
    expect(outcome).toMatchObject({ revealed: 2, gate2Agreed: 2, gate2Expected: 2, stopped: false });

    const text = await keyboard.transcript();
    expect(text).toContain('You said process; it is process: right.');
    expect(text).toContain('Score: 1 of 1 (100%).');
    expect(text).toContain('You said both; it is integration: not this time.');
    expect(text).toContain('Score: 1 of 2 (50%).');
    expect(text).toContain('Final score: 1 of 2 (50%).');
    // The reveal: Gate 2's explanation, the re-run command and the real cause.
    expect(text).toContain('Gate 2 (reproducibility) for keyless-duplicate-retries: answer yes, problem integration.');
    expect(text).toMatch(/Re-run the proof: drift-sim replay \S+keyless-duplicate-retries\.yaml --fault 'duplicate_delivery:/);
    expect(text).toContain("What really happened (the scenario's faults):");
    // Each reveal comes after its own question.
    const firstQuestion = text.indexOf(ANSWER_PROMPT);
    const firstReveal = text.indexOf('4. The answer');
    const secondQuestion = text.indexOf(ANSWER_PROMPT, firstQuestion + 1);
    const secondReveal = text.indexOf('4. The answer', firstReveal + 1);
    expect(firstQuestion).toBeLessThan(firstReveal);
    expect(firstReveal).toBeLessThan(secondQuestion);
    expect(secondQuestion).toBeLessThan(secondReveal);
  });

  it('asks again after an answer it cannot read', async () => {
    const keyboard = team([
      { after: ANSWER_PROMPT, type: 'maybe' },
      { after: RETRY_PROMPT, type: 'ops' },
    ]);
    const outcome = await runTraining(entries.slice(0, 1), { input: keyboard.input, output: keyboard.output, ask: true, colour: false });
    expect(outcome.card.rounds).toEqual([{ scenario: 'cycle-count-never-pushed', given: 'process', truth: 'process', correct: true }]);
    expect(await keyboard.transcript()).toContain('Final score: 1 of 1 (100%).');
  });

  it('stops at q with the score so far, revealing nothing more', async () => {
    const keyboard = team([
      { after: ANSWER_PROMPT, type: 'i' },
      { after: NEXT_PROMPT, type: '' },
      { after: ANSWER_PROMPT, type: 'q' },
    ]);
    const outcome = await runTraining(entries, { input: keyboard.input, output: keyboard.output, ask: true, colour: false });
    expect(outcome).toMatchObject({ revealed: 1, stopped: true });
    expect(outcome.card.rounds).toEqual([{ scenario: 'cycle-count-never-pushed', given: 'integration', truth: 'process', correct: false }]);
    const text = await keyboard.transcript();
    expect(text.match(/4\. The answer/g)).toHaveLength(1);
    expect(text).toContain('Session stopped.');
    expect(text).toContain('Final score: 0 of 1 (0%).');
  });

  it('treats the end of the input as stopping, before any answer', async () => {
    const keyboard = team([{ after: ANSWER_PROMPT, type: null }]);
    const outcome = await runTraining(entries, { input: keyboard.input, output: keyboard.output, ask: true, colour: false });
    expect(outcome).toMatchObject({ revealed: 0, stopped: true });
    expect(outcome.card.rounds).toHaveLength(0);
    expect(await keyboard.transcript()).not.toContain('4. The answer');
    expect(await keyboard.transcript()).toContain('No scenario was answered.');
  });

  it('keeps answers typed ahead of their questions (a facilitator piping a sheet of answers)', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    input.end('b\n\ni\n');
    const outcome = await runTraining(entries, { input, output, ask: true, colour: false });
    expect(outcome.card.rounds.map((round) => [round.given, round.correct])).toEqual([
      ['both', false],
      ['integration', true],
    ]);
    // Without a terminal the answers are echoed after their prompts, so the transcript reads.
    expect(text).toContain(`${ANSWER_PROMPT} (q to stop) b\n`);
  });
});

describe('a training session without a terminal', () => {
  it('prints every part of every scenario, asks nothing and reads nothing', async () => {
    // An input that never ends: the session must not wait on it.
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const outcome = await runTraining(entries, { input, output, ask: false, colour: false });
    expect(outcome).toMatchObject({ revealed: 2, gate2Agreed: 2, gate2Expected: 2, stopped: false });
    expect(outcome.card.rounds).toHaveLength(0);
    for (const part of ['1. The story', '2. The chart', '3. The question', '4. The answer', 'Expected verdict']) {
      expect(text.split(part), part).toHaveLength(3);
    }
    expect(text).not.toContain(ANSWER_PROMPT);
    expect(text).not.toContain('Score');
    expect(text).toContain('2 scenarios; Gate 2 gave the expected verdict on 2 of the 2 that state one.');
    expect(input.readableFlowing).not.toBe(true);
  });
});
