/**
 * Goal: the workshop page's pure parts do what the page shows. The chart draws each system's
 * count as steps up to the clock and nothing after it, rings exactly the mismatched observed
 * counts and escapes names; the quiz scores answers against Gate 2's verdicts in order.
 * Expected path strings are worked out by hand from the chart's 900 x 320 frame (plot from
 * x 56 to 884 and y 16 to 284).
 */
import { describe, expect, it } from 'vitest';
import { loadIncidentFromText } from '../../src/io/load-incident.js';
import { renderChart } from '../../web/chart.js';
import { Quiz } from '../../web/quiz.js';

const YAML = `
version: 1
name: tiny
window: {start: '2026-03-02T00:00:00Z', end: '2026-03-02T10:00:00Z'}
systems: [wms, storefront]
initial: {'MUG<1>': 10}
links:
- {from: wms, to: storefront, mode: event, carries: delta}
movements: []
observations:
- {at: '2026-03-02T05:00:00Z', sku: 'MUG<1>', counts: {wms: 8, storefront: 10}}
`;
const START = Date.parse('2026-03-02T00:00:00Z');
const HOUR = 3_600_000;

describe('the workshop chart', () => {
  it('draws steps up to the clock, rings the mismatched counts and escapes names', async () => {
    const incident = await loadIncidentFromText(YAML, 'tiny.yaml');
    const svg = renderChart({
      incident,
      sku: 0,
      nowMs: START + 5 * HOUR,
      // wms drops to 8 at 02:00, the storefront follows at 04:00; a later change is not drawn yet.
      changes: [
        { atMs: START + 2 * HOUR, system: 0, count: 8 },
        { atMs: START + 4 * HOUR, system: 1, count: 8 },
        { atMs: START + 7 * HOUR, system: 0, count: 6 },
      ],
      range: { low: 6, high: 10 },
      evidence: { mismatched: new Set(['0/1']), bands: [{ fromMs: START + HOUR, toMs: START + 3 * HOUR, label: 'a <hand> correction' }] },
    });
    // x(t) = 56 + t/10h * 828; y(c) = 16 + (1 - (c - 6)/4) * 268: y(10) = 16, y(8) = 150.
    const paths = [...svg.matchAll(/<path class="series" data-system="([^"]+)" stroke="[^"]+" d="([^"]+)"\/>/g)].map((match) => [match[1], match[2]]);
    expect(paths).toEqual([
      ['wms', 'M56,16H221.6V150H470'],
      ['storefront', 'M56,16H387.2V150H470'],
    ]);
    // The observation at 05:00: the storefront's 10 is ringed, the wms's 8 is not.
    expect([...svg.matchAll(/<circle class="observation( mismatch)?" cx="([^"]+)" cy="([^"]+)"/g)].map((match) => [match[1] ?? '', match[2], match[3]])).toEqual([
      ['', '470', '150'],
      [' mismatch', '470', '16'],
    ]);
    expect(svg).toContain('<rect class="evidence-band" x="138.8" y="16" width="165.6" height="268"><title>a &#60;hand&#62; correction</title></rect>');
    expect(svg).toContain('aria-label="counts of MUG&#60;1&#62; per system"');
    expect(svg).not.toContain('<hand>');
  });
});

describe('the facilitator quiz', () => {
  it("scores the team's answers against Gate 2's verdicts, in the order chosen", () => {
    const quiz = new Quiz(['weekend-batch-gap', 'cycle-count-never-pushed', 'slow-batch-invites-overrides']);
    expect(quiz.current).toBe('weekend-batch-gap');
    expect(quiz.record('weekend-batch-gap', 'integration', 'integration').right).toBe(true);
    expect(() => quiz.record('slow-batch-invites-overrides', 'both', 'both')).toThrow('the quiz is on cycle-count-never-pushed');
    expect(quiz.record('cycle-count-never-pushed', 'both', 'process').right).toBe(false);
    expect(quiz.score()).toEqual({ right: 1, answered: 2, total: 3 });
    expect(quiz.done).toBe(false);
    quiz.record('slow-batch-invites-overrides', 'both', 'both');
    expect(quiz.done).toBe(true);
    expect(quiz.current).toBeUndefined();
    expect(quiz.score()).toEqual({ right: 2, answered: 3, total: 3 });
    expect(() => new Quiz([])).toThrow('a quiz needs at least one scenario');
  });
});
