/**
 * The facilitator's quiz: a set of scenarios played in turn, the team answering each, and the
 * team's score against Gate 2's verdicts, kept as the quiz goes and summed up at the end.
 *
 * @example
 * const quiz = new Quiz(['weekend-batch-gap', 'cycle-count-never-pushed']);
 * quiz.record('weekend-batch-gap', 'integration', 'integration');
 * quiz.score(); // { right: 1, answered: 1, total: 2 }
 */
import type { Answer } from './reveal.js';

export interface QuizAnswer {
  scenario: string;
  answer: Answer;
  /** Gate 2's problem for the scenario. */
  verdict: string;
  right: boolean;
}

export class Quiz {
  readonly scenarios: readonly string[];
  readonly answers: QuizAnswer[] = [];

  constructor(scenarios: readonly string[]) {
    if (scenarios.length === 0) throw new Error('a quiz needs at least one scenario');
    this.scenarios = scenarios;
  }

  /** The scenario to play now, or undefined when every one has been answered. */
  get current(): string | undefined {
    return this.scenarios[this.answers.length];
  }

  get done(): boolean {
    return this.answers.length >= this.scenarios.length;
  }

  record(scenario: string, answer: Answer, verdict: string): QuizAnswer {
    if (scenario !== this.current) throw new Error(`the quiz is on ${this.current}, not ${scenario}`);
    const recorded = { scenario, answer, verdict, right: answer === verdict };
    this.answers.push(recorded);
    return recorded;
  }

  score(): { right: number; answered: number; total: number } {
    return { right: this.answers.filter((answer) => answer.right).length, answered: this.answers.length, total: this.scenarios.length };
  }
}
