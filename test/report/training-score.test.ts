/**
 * The training score: what a trainee's words mean, what each library entry really is, and a
 * card kept across a session, against cards worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { loadIncidentFromText } from '../../src/io/load-incident.js';
import { listScenarios } from '../../src/io/scenario-library.js';
import type { Incident } from '../../src/sim/model.js';
import { EMPTY_SCORE, addRound, formatScore, formatScoreTable, parseTeamAnswer, truthOf } from '../../src/report/training-score.js';

/** A one-SKU chain with the given faults and expectation, as a user would write it. */
async function scenario(faults: string, expectation = ''): Promise<Incident> {
  const text = [
    'version: 1',
    'name: score-fixture',
    "window: {start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z'}",
    'systems: [wms, erp, storefront]',
    'initial: {MUG-01: 40}',
    'links:',
    '- {from: wms, to: erp, mode: batch, every: 1h, carries: snapshot}',
    '- {from: erp, to: storefront, mode: event, carries: delta}',
    'movements:',
    "- {at: '2026-03-02T10:00:00Z', system: wms, sku: MUG-01, type: shipment, qty: -2}",
    faults ? `faults:\n${faults}` : '',
    expectation,
  ].join('\n');
  return loadIncidentFromText(text, 'score-fixture.yaml');
}

describe('parseTeamAnswer', () => {
  it('reads the words and first letters a team uses, in any case and with spaces', () => {
    expect(parseTeamAnswer('i')).toBe('integration');
    expect(parseTeamAnswer('  IT ')).toBe('integration');
    expect(parseTeamAnswer('Integration')).toBe('integration');
    expect(parseTeamAnswer('P')).toBe('process');
    expect(parseTeamAnswer('ops')).toBe('process');
    expect(parseTeamAnswer('operations')).toBe('process');
    expect(parseTeamAnswer('b')).toBe('both');
    expect(parseTeamAnswer('BOTH')).toBe('both');
    expect(parseTeamAnswer('q')).toBe('quit');
    expect(parseTeamAnswer('exit')).toBe('quit');
  });

  it('reads nothing into an empty line or another word, so the question is asked again', () => {
    expect(parseTeamAnswer('')).toBeUndefined();
    expect(parseTeamAnswer('   ')).toBeUndefined();
    expect(parseTeamAnswer('maybe')).toBeUndefined();
    expect(parseTeamAnswer('integrations')).toBeUndefined();
    expect(parseTeamAnswer('unexplained')).toBeUndefined();
  });
});

describe('truthOf', () => {
  it('takes the expected verdict when the entry states one, even against its faults', async () => {
    const stated = await scenario('- {kind: cadence, link: wms->erp, every: 2h}', 'expect:\n  gate2: {answer: no, problem: process}');
    expect(truthOf(stated)).toBe('process');
  });

  it('derives the class from the faults otherwise: rules, interventions, or both', async () => {
    expect(truthOf(await scenario('- {kind: cadence, link: wms->erp, every: 2h}'))).toBe('integration');
    expect(truthOf(await scenario("- {kind: manual_override, system: storefront, sku: MUG-01, at: '2026-03-02T12:00:00Z', delta: -3}"))).toBe('process');
    expect(
      truthOf(
        await scenario(
          "- {kind: cadence, link: wms->erp, every: 2h}\n- {kind: unpropagated_adjustment, system: wms, sku: MUG-01, at: '2026-03-02T12:00:00Z', delta: -3}",
        ),
      ),
    ).toBe('both');
  });

  it('calls a scenario with no faults and nothing recorded integration: the declared links alone', async () => {
    expect(truthOf(await scenario(''))).toBe('integration');
  });

  it('has no truth for an expected unexplained verdict', async () => {
    expect(truthOf(await scenario('', 'expect:\n  gate2: {answer: no, problem: unexplained}'))).toBeUndefined();
  });

  it('gives every bundled entry a class, and the library holds all three', async () => {
    const truths = (await listScenarios()).map((entry) => truthOf(entry.incident));
    expect(truths).not.toContain(undefined);
    expect(new Set(truths)).toEqual(new Set(['integration', 'process', 'both']));
  });
});

describe('the score card', () => {
  it('counts the right answers across rounds and leaves earlier cards as they were', () => {
    const one = addRound(EMPTY_SCORE, 'cycle-count-never-pushed', 'process', 'process');
    const two = addRound(one, 'weekend-batch-gap', 'process', 'integration');
    const three = addRound(two, 'slow-batch-invites-overrides', 'both', 'both');
    expect(EMPTY_SCORE.rounds).toHaveLength(0);
    expect(one.correct).toBe(1);
    expect(two.rounds).toHaveLength(2);
    expect(two.correct).toBe(1);
    expect(three.correct).toBe(2);
    expect(three.rounds.map((round) => round.correct)).toEqual([true, false, true]);
    // 2 of 3 is 66.7%, shown rounded.
    expect(formatScore(three)).toBe('Score: 2 of 3 (67%).');
    expect(formatScore(EMPTY_SCORE)).toBe('Score: no scenario answered yet.');
  });

  it('lists every round in the order played, with the truth and the answer', () => {
    const card = addRound(addRound(EMPTY_SCORE, 'a-long-scenario-name', 'both', 'process'), 'short', 'integration', 'integration');
    expect(formatScoreTable(card)).toEqual([
      'a-long-scenario-name  process      you: both         wrong',
      'short                 integration  you: integration  right',
    ]);
  });
});
