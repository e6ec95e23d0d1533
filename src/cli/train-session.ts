/**
 * A training session in the terminal: for each scenario the story, the chart, the question;
 * on a terminal the team's answer (integration, process or both), then the reveal (Gate 2's
 * explanation, the re-run command, what really happened) and the running score. Without a
 * terminal everything is printed in one go, with no question asked.
 *
 * The streams are parameters, so a test can play a session through in-memory streams; the
 * score itself is decided by the pure functions of src/report/training-score.ts.
 */
import { createInterface, type Interface } from 'node:readline/promises';
import { gate2 } from '../gate/gate2.js';
import type { Gate2Result } from '../gate/search.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { LibraryEntry } from '../io/scenario-library.js';
import { describeFault } from '../report/describe-fault.js';
import { formatGate2Text } from '../report/gate2-output.js';
import { gate2RerunCommand } from '../report/rerun.js';
import { terminalChart } from '../report/terminal-chart.js';
import {
  EMPTY_SCORE,
  type ScoreCard,
  type TeamAnswer,
  addRound,
  formatScore,
  formatScoreTable,
  parseTeamAnswer,
  truthOf,
} from '../report/training-score.js';
import { driftBySku } from '../sim/drift.js';
import { emitIncident } from '../sim/emit-incident.js';
import { Simulation, type TimelinePoint } from '../sim/engine.js';
import type { Incident } from '../sim/model.js';
import { formatDuration } from '../sim/time.js';

/**
 * Training incidents are recorded hourly: fine enough to see a day's pattern.
 *
 * @example
 * const recorded = (await emitIncident(scenario, TRAINING_OBSERVE_MS)).incident;
 */
export const TRAINING_OBSERVE_MS = 3_600_000;

/** Unreadable answers in a row before the session gives up asking (a stuck input). */
const MAX_UNREADABLE_ANSWERS = 20;

/**
 * Where a session talks to the team.
 *
 * @example
 * const streams: TrainingStreams = { input: process.stdin, output: process.stdout, ask: process.stdin.isTTY === true, colour: false };
 */
export interface TrainingStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Ask for the team's answer before each reveal and keep score (on a terminal). */
  ask: boolean;
  /** Colour the chart (a terminal). */
  colour: boolean;
}

/**
 * What else a session writes.
 *
 * @example
 * const options: TrainingOptions = { report: 'out/answer.html' };
 */
export interface TrainingOptions {
  /** Also write the answer's HTML report here (one scenario only). */
  report?: string;
}

/**
 * How a session went: the team's card and Gate 2's record on the expected verdicts.
 *
 * @example
 * if (outcome.stopped) console.log(`stopped after ${outcome.revealed}`);
 */
export interface TrainingOutcome {
  /** The team's answers; empty when nothing was asked. */
  card: ScoreCard;
  /** Scenarios revealed (answered or, without a terminal, printed). */
  revealed: number;
  /** Of those with an expected verdict, how many Gate 2 matched. */
  gate2Agreed: number;
  gate2Expected: number;
  /** The team stopped the session before the last scenario (q, end of input, Ctrl-C). */
  stopped: boolean;
}

/**
 * Plays `entries` in order through `streams`.
 *
 * @example
 * const outcome = await runTraining(await listScenarios(), { input: process.stdin, output: process.stdout, ask: true, colour: true });
 * console.log(formatScore(outcome.card));
 */
export async function runTraining(entries: readonly LibraryEntry[], streams: TrainingStreams, options: TrainingOptions = {}): Promise<TrainingOutcome> {
  const out = (text = '') => streams.output.write(`${text}\n`);
  const prompt = streams.ask ? new TeamPrompt(streams) : undefined;
  const outcome: TrainingOutcome = { card: EMPTY_SCORE, revealed: 0, gate2Agreed: 0, gate2Expected: 0, stopped: false };
  try {
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index]!;
      if (entries.length > 1) out(`=== Scenario ${index + 1} of ${entries.length} ===`);
      const played = await playRound(entry, streams, prompt, outcome.card, options);
      if (played === 'quit') {
        outcome.stopped = true;
        break;
      }
      outcome.card = played.card;
      outcome.revealed++;
      if (played.agrees !== undefined) {
        outcome.gate2Expected++;
        if (played.agrees) outcome.gate2Agreed++;
      }
      if (prompt && index < entries.length - 1) {
        const next = await prompt.line('   Press Enter for the next scenario (q to stop): ');
        if (next === undefined || parseTeamAnswer(next) === 'quit') {
          outcome.stopped = true;
          break;
        }
      }
      out();
    }
  } finally {
    prompt?.close();
  }
  if (prompt) {
    out();
    out(outcome.stopped ? 'Session stopped.' : 'Session over.');
    if (outcome.card.rounds.length > 0) {
      out(`Final ${formatScore(outcome.card).toLowerCase()}`);
      for (const line of formatScoreTable(outcome.card)) out(`  ${line}`);
    } else {
      out('No scenario was answered.');
    }
  } else if (entries.length > 1) {
    out(`${outcome.revealed} scenarios; Gate 2 gave the expected verdict on ${outcome.gate2Agreed} of the ${outcome.gate2Expected} that state one.`);
  }
  return outcome;
}

interface RoundResult {
  card: ScoreCard;
  /** Whether Gate 2 gave the scenario's expected verdict (undefined: none stated). */
  agrees: boolean | undefined;
}

/** One scenario: the story, the chart, the question, (the team's answer,) the reveal. */
async function playRound(entry: LibraryEntry, streams: TrainingStreams, prompt: TeamPrompt | undefined, card: ScoreCard, options: TrainingOptions): Promise<RoundResult | 'quit'> {
  const out = (text = '') => streams.output.write(`${text}\n`);
  const scenario = entry.incident;
  const recorded = entry.isScenario ? (await emitIncident(scenario, TRAINING_OBSERVE_MS)).incident : scenario;

  out(`1. The story: ${scenario.name}`);
  out(`   ${scenario.description ?? ''}`);
  out(`   Chain: ${scenario.links.map((link) => `${link.name} (${link.mode}${link.everyMs ? ` every ${formatDuration(link.everyMs)}` : ''}, ${link.carries})`).join('; ')}.`);
  out();
  out('2. The chart: what the systems showed');
  out(await chartOf(entry, recorded, streams.colour));
  if (recorded.logs.length > 0) out(`   The middleware logged ${recorded.logs.length} line(s), e.g. ${recorded.logs.levelAt(0)} ${recorded.logs.codeAt(0) ?? ''} on ${recorded.logs.componentAt(0)}.`);
  out();
  out('3. The question: would replaying the recorded movements through the declared links reproduce this drift');
  out('   (an integration problem: route to IT), or does it need a human action (a process problem: route to operations), or both?');

  let given: TeamAnswer | undefined;
  if (prompt) {
    const answer = await prompt.answer('   Your answer - (i)ntegration, (p)rocess or (b)oth? (q to stop) ');
    if (answer === 'quit') return 'quit';
    given = answer;
  }
  out();
  out('4. The answer (Gate 2 on the incident as recorded):');
  const result: Gate2Result = await gate2(recorded);
  const truth = truthOf(scenario);
  if (given !== undefined) {
    if (truth === undefined) {
      out(`   You said ${given}. This one has no known cause to score against: judge by Gate 2 below.`);
    } else {
      card = addRound(card, scenario.name, given, truth);
      out(`   You said ${given}; it is ${truth}${truth === 'both' ? ' (fix the process gap first)' : ''}: ${given === truth ? 'right.' : 'not this time.'}`);
    }
    out();
  }
  const rerun = gate2RerunCommand(entry.path, recorded, result);
  out(formatGate2Text(recorded, result, rerun).replace(/^/gm, '   '));
  if (scenario.faults.length > 0) {
    out("   What really happened (the scenario's faults):");
    for (const fault of scenario.faults) out(`     - ${describeFault(fault)}`);
  }
  const expected = scenario.expect?.gate2;
  let agrees: boolean | undefined;
  if (expected) {
    agrees = expected.answer === result.answer && expected.problem === result.problem;
    out(`   Expected verdict ${expected.answer} / ${expected.problem}: ${agrees ? 'Gate 2 agrees.' : 'Gate 2 disagrees - please report it.'}`);
  }
  if (options.report) {
    await writeFileAtomic(options.report, await (await import('../report/html-report.js')).renderGate2Report(recorded, result, { rerun }));
    out(`   Report: ${options.report}`);
  }
  if (prompt && given !== undefined) out(`   ${formatScore(card)}`);
  return { card, agrees };
}

/**
 * The chart of the SKU that drifted most. A scenario is simulated with its faults, minute by
 * minute; a recorded incident is drawn from its observations, since that is all the field saw
 * (a replay through the declared links would show the very agreement that is in question).
 */
async function chartOf(entry: LibraryEntry, recorded: Incident, colour: boolean): Promise<string> {
  const scenario = entry.incident;
  let timeline: readonly TimelinePoint[];
  if (entry.isScenario) {
    const timelineSkus = new Set(scenario.skus.map((_, index) => index));
    timeline = (await new Simulation(scenario, { faults: scenario.faults, timelineSkus }).run()).timeline;
  } else {
    timeline = observedTimeline(recorded);
  }
  const drift = driftBySku(scenario, timeline).sort((a, b) => b.largestGap - a.largestGap || a.sku - b.sku);
  if (drift.length === 0) return '   (no SKU drifted)';
  return terminalChart(scenario, timeline, drift[0]!.sku, { colour });
}

/**
 * An incident's observations as a timeline: each observed count holds from its instant on.
 *
 * @example
 * terminalChart(incident, observedTimeline(incident), 0);
 */
export function observedTimeline(incident: Incident): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  for (const observation of incident.observations) {
    observation.counts.forEach((count, system) => {
      if (count !== undefined) points.push({ atMs: observation.atMs, system, sku: observation.sku, count });
    });
  }
  // Stable sort: the counts of one SKU at one instant keep their file order.
  return points.sort((a, b) => a.atMs - b.atMs || a.sku - b.sku);
}

/**
 * The team's side of the session: one readline interface over the input for the whole
 * session. Lines are queued as they arrive, so an answer typed (or piped) before its question
 * is kept rather than lost; the end of the input, or Ctrl-C, ends the session.
 */
class TeamPrompt {
  private readonly readline: Interface;
  private readonly queued: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private ended = false;
  private readonly output: NodeJS.WritableStream;

  constructor(streams: TrainingStreams) {
    this.output = streams.output;
    const input = streams.input as NodeJS.ReadableStream & { isTTY?: boolean };
    const output = streams.output as NodeJS.WritableStream & { isTTY?: boolean };
    this.readline = createInterface({ input, output, terminal: input.isTTY === true && output.isTTY === true });
    this.readline.on('line', (line) => this.deliver(line));
    this.readline.on('close', () => {
      this.ended = true;
      this.deliver(undefined);
    });
    // Ctrl-C at a question stops the session (with the score so far) instead of killing it.
    this.readline.on('SIGINT', () => this.readline.close());
  }

  /** The next line, after showing `text`; undefined once the input has ended. */
  async line(text: string): Promise<string | undefined> {
    if (this.queued.length === 0 && this.ended) return undefined;
    if (this.ended) {
      this.output.write(text);
    } else {
      this.readline.setPrompt(text);
      this.readline.prompt();
    }
    const line = this.queued.length > 0 ? this.queued.shift() : await new Promise<string | undefined>((resolve) => (this.waiting = resolve));
    // A terminal echoes what is typed; a transcript of piped answers reads better with them.
    if (line !== undefined && !this.readline.terminal) this.output.write(`${line}\n`);
    return line;
  }

  /** Asks until the line reads as an answer (or quit); the end of the input is quit. */
  async answer(text: string): Promise<TeamAnswer | 'quit'> {
    for (let attempt = 0; attempt < MAX_UNREADABLE_ANSWERS; attempt++) {
      const line = await this.line(attempt === 0 ? text : '   Please answer i (integration), p (process) or b (both), or q to stop: ');
      if (line === undefined) return 'quit';
      const answer = parseTeamAnswer(line);
      if (answer !== undefined) return answer;
    }
    return 'quit';
  }

  close(): void {
    this.readline.close();
  }

  private deliver(line: string | undefined): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting(line);
    } else if (line !== undefined) {
      this.queued.push(line);
    }
  }
}
