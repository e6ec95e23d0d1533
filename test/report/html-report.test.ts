/**
 * The Gate 2 and run HTML reports: the verdict comes first and routes the incident, every
 * implicated SKU gets one chart, input strings cannot inject markup, and the same inputs give
 * the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CHARTED_SKUS, renderGate2Report, renderRunReport } from '../../src/report/html-report.js';
import type { Gate2Result } from '../../src/gate/search.js';
import type { FaultSpec, Incident, Observation } from '../../src/sim/model.js';
import { compareCodePoints } from '../../src/sim/model.js';
import { MovementStore } from '../../src/sim/movement-store.js';
import {
  EVIL_SKU,
  RERUN,
  at,
  bothResult,
  integrationResult,
  processResult,
  tinyIncident,
  unexplainedResult,
} from './report-fixtures.js';
import { ObservationStore } from '../../src/sim/observation-store.js';

const count = (text: string, needle: string) => text.split(needle).length - 1;
/** The text of the element with this id, tags stripped. */
function textOf(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  expect(start, `element #${id}`).toBeGreaterThan(0);
  const open = html.lastIndexOf('<', start);
  const tag = /^<([a-z0-9]+)/.exec(html.slice(open))![1]!;
  const end = html.indexOf(`</${tag}>`, start);
  return html.slice(open, end).replace(/<[^>]+>/g, '');
}

describe('renderGate2Report', () => {
  it('puts the verdict first, in words, with the route to operations for a process problem', async () => {
    const html = await renderGate2Report(tinyIncident(), processResult(), { rerun: RERUN });
    expect(textOf(html, 'verdict-heading')).toBe('No — a process problem');
    const verdict = html.indexOf('id="verdict-heading"');
    // Nothing of substance comes before the verdict: it is the first heading of the page.
    expect(html.indexOf('<h1')).toBe(html.lastIndexOf('<', verdict));
    expect(html.indexOf('<h2')).toBeGreaterThan(verdict);
    expect(html).toContain('Operations — the ops manager / inventory lead');
    expect(html).toContain('It takes 2 human actions: someone changing the storefront count by hand.');
  });

  it('shows the explanation, the fit, what was searched and the re-run command', async () => {
    const html = await renderGate2Report(tinyIncident(), processResult(), { rerun: RERUN, command: 'drift-sim gate2 tiny.yaml --report out.html' });
    expect(html).toContain('Manual override');
    expect(html).toContain('A person changed TEE-BLK-M by -30 in storefront by hand at 09:00 on Mon 2 Mar 2026, outside the sync chain.');
    // The evidence interval of an inferred action, clipped to the window.
    expect(html).toContain('between <b>Mon 2 Mar 2026, 08:00 – 12:00</b>');
    expect(html).toContain('between <b>Mon 2 Mar 2026, 00:00 – 12:00</b>');
    expect(html).toContain('5 / 5 match');
    expect(html).toContain('3 of 5 differ');
    expect(html).toContain('14 hypotheses');
    expect(html).toContain('17 simulations of a 4,000 budget; finished within the budget');
    expect(html).toContain(`<pre class="command"><code>drift-sim replay tiny.yaml --fault &#39;manual_override:system=storefront,sku=TEE-BLK-M,at=2026-03-02T09:00:00Z,delta=-30&#39;</code></pre>`);
    expect(html).toContain('Command: <code>drift-sim gate2 tiny.yaml --report out.html</code>');
  });

  it('routes an integration problem to IT, both with the process gap first, and says when nothing explains it', async () => {
    const integration = await renderGate2Report(tinyIncident(), integrationResult(), { rerun: RERUN });
    expect(textOf(integration, 'verdict-heading')).toBe('Yes — an integration problem');
    expect(integration).toContain('IT / the integration vendor');
    expect(integration).toContain('the wms-&gt;storefront sync carries at most 1 SKU per cycle');

    const both = await renderGate2Report(tinyIncident(), bothResult(), { rerun: RERUN });
    expect(textOf(both, 'verdict-heading')).toBe('No — a process problem and an integration problem');
    const route = both.indexOf('Route to both, the process gap first');
    expect(route).toBeGreaterThan(0);
    expect(both.indexOf('Operations — the ops manager / inventory lead:', route)).toBeLessThan(both.indexOf('Then IT / the integration vendor:', route));

    const unexplained = await renderGate2Report(tinyIncident(), unexplainedResult(), { rerun: RERUN });
    expect(textOf(unexplained, 'verdict-heading')).toBe('No — unexplained: nothing searched reproduces it');
    expect(unexplained).toContain('Not routed yet');
    expect(unexplained).toContain('Closest candidates');
    expect(unexplained).toContain('Candidate 1: 4 matched, 1 differ, total error 3');
    expect(unexplained).toContain('the budget ran out, so a smaller explanation may exist');
    expect(unexplained).toContain('Closest candidate found: does not reproduce every observation');
  });

  it('draws one chart per implicated SKU (a mismatched observation in the baseline), baseline against explanation', async () => {
    const html = await renderGate2Report(tinyIncident(), processResult(), { rerun: RERUN });
    // TEE-BLK-M and the evil SKU are mismatched at the baseline; MUG-01 matches everywhere.
    expect(count(html, '<svg')).toBe(2);
    expect(count(html, '<figure class="chart">')).toBe(2);
    expect(html).toContain('<code>TEE-BLK-M</code><span class="title">Classic Tee - Black / M</span>');
    expect(html).not.toContain('<code>MUG-01</code>');
    // Both panels are in every chart, and the override is labelled at its instant.
    expect(count(html, 'Baseline: the recorded movements through the declared links, no fault</text>')).toBe(2);
    expect(count(html, 'With the explanation (2 faults): reproduces every observation</text>')).toBe(2);
    expect(html).toContain('override storefront −30');
    expect(html).toContain('Baseline: 2 of 3 observations differ; explained: all 3 observations match.');
    expect(html).toContain('Baseline: the one observation differs; explained: the one observation matches.');
  });

  it(`charts at most ${MAX_CHARTED_SKUS} SKUs and names the ones left out`, async () => {
    const incident = manySkuIncident(15);
    const result: Gate2Result = { ...unexplainedResult(), closest: [] };
    const html = await renderGate2Report(incident, result, { rerun: RERUN });
    expect(count(html, '<svg')).toBe(MAX_CHARTED_SKUS);
    expect(html).toContain('3 more SKUs left out of the charts');
    expect(html).toContain('<code>SKU-13</code> <span class="muted">(1 mismatched observation)</span>');
    expect(html).toContain('15 SKUs have an observation the baseline does not reproduce; the 12 with the most are charted.');
  });

  it('escapes a malicious SKU, description and system name everywhere, charts included', async () => {
    const incident = tinyIncident();
    incident.systems[1] = { name: 'store"front<img src=x onerror=alert(2)>', kind: 'shopify' };
    const result = processResult();
    for (const fault of result.explanation) fault.spec.params.system = incident.systems[1].name;
    const html = await renderGate2Report(incident, result, { rerun: `drift-sim replay x.yaml --fault '${EVIL_SKU}'` });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('store&quot;front&lt;img src=x onerror=alert(2)&gt;');
    // The evil SKU is implicated, so its chart is drawn, with its label escaped by Vega.
    expect(count(html, '<svg')).toBe(2);
    expect(html).toContain('<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>');
  });

  it('is self-contained: no script, no stylesheet link, no external URL', async () => {
    const html = await renderGate2Report(tinyIncident(), processResult(), { rerun: RERUN });
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toMatch(/<style>[^<]+<\/style>/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|\ssrc=/i);
    // The only URLs are the SVG namespaces Vega declares, which are names, not fetches.
    const urls = [...new Set(html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [])].sort();
    expect(urls).toEqual(['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']);
  });

  it('gives the same bytes on every render, and ids unique within the page', async () => {
    const first = await renderGate2Report(tinyIncident(), processResult(), { rerun: RERUN });
    const second = await renderGate2Report(tinyIncident(), processResult(), { rerun: RERUN });
    expect(second).toBe(first);
    const ids = [...first.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('charts the SKUs seen drifting when the baseline reproduces everything', async () => {
    const incident = tinyIncident();
    // Only the observations the declared links reproduce, one of them with the systems apart.
    incident.observations = ObservationStore.from([{ atMs: at('10:05'), sku: incident.skus.findIndex((entry) => entry.sku === 'TEE-BLK-M'), counts: [117, 120] }]);
    const result: Gate2Result = {
      ...processResult(),
      answer: 'yes',
      problem: 'integration',
      explanation: [],
      baseline: { reproduces: true, observations: 1, mismatched: 0 },
      fit: { observations: 1, matched: 1, maxAbsError: 0 },
    };
    const html = await renderGate2Report(incident, result, { rerun: RERUN });
    expect(html).toContain('the declared links alone reproduce every observation');
    expect(html).toContain('The SKUs that drifted');
    expect(count(html, '<svg')).toBe(1);
  });
});

describe('renderRunReport', () => {
  it('charts every SKU whose systems disagree, with the faults as markers and the logs they wrote', async () => {
    const incident = tinyIncident();
    incident.observations = ObservationStore.from([]);
    incident.links = [{ name: 'wms->storefront', from: 0, to: 1, mode: 'event', carries: 'delta', offsetMs: 0, latencyMs: 0, idempotent: true }];
    const faults: FaultSpec[] = [
      { kind: 'webhook_drop', params: { link: 'wms->storefront', nth: 2 } },
      { kind: 'manual_override', params: { system: 'storefront', sku: 'TEE-BLK-M', at: at('16:00'), count: 30 } },
    ];
    const html = await renderRunReport(incident, { faults }, { command: 'drift-sim run tiny.yaml --report run.html' });
    expect(textOf(html, 'verdict-heading')).toBe('2 SKUs drifted: the systems disagreed');
    // The second webhook (MUG-01's shipment) is lost; TEE-BLK-M is overridden at the storefront.
    expect(count(html, '<svg')).toBe(2);
    expect(html).toContain('<code>TEE-BLK-M</code>');
    expect(html).toContain('<code>MUG-01</code>');
    expect(html).toContain('WEBHOOK_DELIVERY_FAILED');
    // A sentence that starts with a link name keeps the name as written.
    expect(html).toContain('<p class="fault-words">wms-&gt;storefront webhooks are lost on every 2nd webhook.</p>');
    expect(html).toContain('override storefront set to 30');
    expect(html).toContain('<pre class="command"><code>drift-sim run tiny.yaml --report run.html</code></pre>');
    expect(html).toContain('still apart at the end (wms 115, storefront 30)');
    expect(html).toContain('still apart at the end (wms 39, storefront 40)');
    // The widest gap first.
    expect(html.indexOf('<code>TEE-BLK-M</code>')).toBeLessThan(html.indexOf('<code>MUG-01</code>'));
    const again = await renderRunReport(incident, { faults }, { command: 'drift-sim run tiny.yaml --report run.html' });
    expect(again).toBe(html);
  });

  it('says so when nothing drifted', async () => {
    const incident = tinyIncident();
    incident.observations = ObservationStore.from([]);
    incident.links = [{ name: 'wms->storefront', from: 0, to: 1, mode: 'event', carries: 'delta', offsetMs: 0, latencyMs: 0, idempotent: true }];
    const html = await renderRunReport(incident, { faults: [] }, { command: 'drift-sim run tiny.yaml' });
    expect(textOf(html, 'verdict-heading')).toBe('No drift: every system agreed on every SKU');
    expect(count(html, '<svg')).toBe(0);
  });
});

/** An incident with `size` SKUs, each with one observation the baseline misses. */
function manySkuIncident(size: number): Incident {
  const base = tinyIncident();
  const names = Array.from({ length: size }, (_, index) => `SKU-${String(index + 1).padStart(2, '0')}`).sort(compareCodePoints);
  const observations: Observation[] = names.map((_, sku) => ({ atMs: at('12:00'), sku, counts: [10, 10 - (sku % 3) - 1] }));
  return {
    ...base,
    skus: names.map((sku) => ({ sku })),
    initial: [names.map(() => 10), names.map(() => 10)],
    movements: MovementStore.from([]),
    observations: ObservationStore.from(observations),
  };
}
