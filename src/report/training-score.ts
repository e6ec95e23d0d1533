/**
 * Scoring a training session: the team names the class of problem (integration, process or
 * both) before the reveal, and a round is right when that is the scenario's real class.
 *
 * Pure functions over plain values, so that the terminal `train` and any other front end
 * score the same way, and tests can hold them to hand-computed cards.
 */
import { familyOf } from '../sim/faults/index.js';
import type { Incident } from '../sim/model.js';

/** What a team can answer: where the incident would be routed. */
export type TeamAnswer = 'integration' | 'process' | 'both';

export const TEAM_ANSWERS: readonly TeamAnswer[] = ['integration', 'process', 'both'];

/** One scenario answered: what the team said, what was true, and whether they agree. */
export interface TrainingRound {
  scenario: string;
  given: TeamAnswer;
  truth: TeamAnswer;
  correct: boolean;
}

/** The running score of a session; `rounds` in the order they were played. */
export interface ScoreCard {
  rounds: readonly TrainingRound[];
  correct: number;
}

/** A card before the first round. */
export const EMPTY_SCORE: ScoreCard = { rounds: [], correct: 0 };

/**
 * Reads what a trainee typed: a word or its first letter, in any case, and the words a
 * team uses for the routes ("IT", "ops"). `quit` for q / quit / exit; undefined for anything
 * else, so the caller can ask again.
 *
 * @example
 * parseTeamAnswer(' P ');   // 'process'
 * parseTeamAnswer('IT');    // 'integration'
 * parseTeamAnswer('maybe'); // undefined
 */
export function parseTeamAnswer(text: string): TeamAnswer | 'quit' | undefined {
  const word = text.trim().toLowerCase();
  if (word === '') return undefined;
  if (['q', 'quit', 'exit', 'stop'].includes(word)) return 'quit';
  if (['i', 'it', 'integration'].includes(word)) return 'integration';
  if (['p', 'ops', 'process', 'operations'].includes(word)) return 'process';
  if (['b', 'both'].includes(word)) return 'both';
  return undefined;
}

/**
 * The class a library entry really belongs to: its expected verdict when it states one;
 * otherwise, for a scenario, the families of the faults it declares (none at all means the
 * declared links alone drift: integration). An incident without a stated verdict has no
 * known truth: undefined, and its round is not scored.
 *
 * @example
 * truthOf(incident); // 'both' for a scenario declaring batch_capacity and manual_override
 */
export function truthOf(incident: Pick<Incident, 'expect' | 'faults' | 'observations'>): TeamAnswer | undefined {
  const stated = incident.expect?.gate2?.problem;
  if (stated !== undefined) return stated === 'unexplained' ? undefined : stated;
  if (incident.faults.length === 0) return incident.observations.length === 0 ? 'integration' : undefined;
  const families = new Set(incident.faults.map((fault) => familyOf(fault.kind)));
  if (families.size > 1) return 'both';
  return families.has('process') ? 'process' : 'integration';
}

/**
 * Adds a round to a card (a new card; the old one is left as it was).
 *
 * @example
 * const card = addRound(EMPTY_SCORE, 'weekend-batch-gap', 'process', 'integration');
 * card.correct; // 0
 */
export function addRound(card: ScoreCard, scenario: string, given: TeamAnswer, truth: TeamAnswer): ScoreCard {
  const correct = given === truth;
  return { rounds: [...card.rounds, { scenario, given, truth, correct }], correct: card.correct + (correct ? 1 : 0) };
}

/**
 * The score in one sentence.
 *
 * @example
 * formatScore(card); // 'Score: 2 of 3 (67%).'
 */
export function formatScore(card: ScoreCard): string {
  const played = card.rounds.length;
  if (played === 0) return 'Score: no scenario answered yet.';
  return `Score: ${card.correct} of ${played} (${Math.round((100 * card.correct) / played)}%).`;
}

/**
 * The card as a table, one line per round, for the end of a session.
 *
 * @example
 * formatScoreTable(card);
 * // ['cycle-count-never-pushed  process      you: process      right', ...]
 */
export function formatScoreTable(card: ScoreCard): string[] {
  const width = Math.max(0, ...card.rounds.map((round) => round.scenario.length));
  return card.rounds.map(
    (round) => `${round.scenario.padEnd(width)}  ${round.truth.padEnd(11)}  you: ${round.given.padEnd(11)}  ${round.correct ? 'right' : 'wrong'}`,
  );
}
