/**
 * One scenario on screen: the story, the counts chart unfolding on a virtual clock (play,
 * pause, speed, skip to the end), the question, the trainee's answer, then the reveal (Gate 2's
 * explanation, the evidence drawn on the chart, the re-run command, the fix). The page's wall
 * clock only paces the virtual one; what the chart shows at a virtual instant is the engine's,
 * the same whatever the speed.
 *
 * @example
 * const view = new ScenarioView(apis);
 * await view.open(data.scenarios[0]!, { onRevealed: (answer, reveal) => score(answer, reveal) });
 */
import { Simulation } from '../src/sim/engine.js';
import { driftBySku } from '../src/sim/drift.js';
import type { Incident } from '../src/sim/model.js';
import { formatDuration, formatTime } from '../src/sim/time.js';
import { ApiPanel } from './api-panel.js';
import { type ChartEvidence, SYSTEM_COLOURS, renderChart } from './chart.js';
import { byId, element } from './dom.js';
import type { MockApisInPage } from './mock-apis.js';
import { Playback } from './playback.js';
import { type Answer, type Reveal, computeReveal, isRight } from './reveal.js';
import { type WorkshopScenario, incidentFromJson } from './workshop-data.js';

/** A whole window plays in this many wall-clock seconds at speed 1. */
const WINDOW_PLAY_SECONDS = 60;
/** How often the playing clock advances, in wall-clock milliseconds. */
const TICK_MS = 50;

export interface OpenOptions {
  /** Called once the reveal is on screen. */
  onRevealed?: (answer: Answer, reveal: Reveal) => void;
}

export class ScenarioView {
  private readonly apis: MockApisInPage | undefined;
  private readonly panel: ApiPanel;
  private scenario: WorkshopScenario | undefined;
  private recorded: Incident | undefined;
  private playback: Playback | undefined;
  private sku = 0;
  private ranges: { low: number; high: number }[] = [];
  private evidence: ChartEvidence | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastTickMs = 0;
  private answered = false;
  private options: OpenOptions = {};
  private firstChartMarked = false;

  constructor(apis: MockApisInPage | undefined, apisUnavailable: string) {
    this.apis = apis;
    this.panel = new ApiPanel(apis, () => this.draw(), apisUnavailable);
    byId('play').addEventListener('click', () => (this.timer ? this.pause() : this.play()));
    byId('to-end').addEventListener('click', () => void this.skipToEnd());
    byId<HTMLInputElement>('seek').addEventListener('change', (event) => void this.seek(Number((event.target as HTMLInputElement).value) * 60_000));
    byId<HTMLSelectElement>('sku').addEventListener('change', (event) => {
      this.sku = Number((event.target as HTMLSelectElement).value);
      this.panel.show(this.recorded!, this.sku);
      this.draw();
    });
    for (const button of document.querySelectorAll<HTMLButtonElement>('#question button[data-answer]')) {
      button.addEventListener('click', () => void this.answer(button.dataset.answer as Answer));
    }
  }

  /** Shows `scenario` from its start; any scenario playing before is stopped. */
  async open(scenario: WorkshopScenario, options: OpenOptions = {}): Promise<void> {
    this.pause();
    this.scenario = scenario;
    this.options = options;
    this.answered = false;
    this.evidence = undefined;
    const recorded = incidentFromJson(scenario.recorded);
    this.recorded = recorded;
    this.restart();
    await this.preview(recorded, scenario);
    const seek = byId<HTMLInputElement>('seek');
    seek.max = String(Math.floor((recorded.window.endMs - recorded.window.startMs) / 60_000));
    seek.value = '0';

    byId('story-title').textContent = scenario.name;
    byId('story-text').textContent = scenario.recorded.description ?? '';
    byId('story-chain').textContent = `The chain: ${recorded.links
      .map((link) => `${link.name} (${link.mode}${link.everyMs ? ` every ${formatDuration(link.everyMs)}` : ''}, ${link.carries})`)
      .join('; ')}.`;
    const skuSelect = byId<HTMLSelectElement>('sku');
    skuSelect.replaceChildren(...recorded.skus.map((sku, index) => element('option', { text: sku.sku, attributes: { value: String(index) } })));
    skuSelect.value = String(this.sku);
    byId('legend').replaceChildren(
      ...recorded.systems.map((system, index) => {
        const item = element('span', { className: 'legend-item', attributes: { 'data-system': system.name } });
        item.style.setProperty('--colour', SYSTEM_COLOURS[index % SYSTEM_COLOURS.length]!);
        item.append(element('span', { className: 'swatch' }), `${system.name} (${system.kind}) `, element('b', { className: 'count' }));
        return item;
      }),
    );
    for (const button of document.querySelectorAll<HTMLButtonElement>('#question button[data-answer]')) {
      button.disabled = false;
      button.classList.remove('chosen');
    }
    byId('reveal').hidden = true;
    byId('question-status').textContent = '';
    byId('scenario').hidden = false;
    await this.playback!.advanceTo(recorded.window.startMs);
    this.panel.show(recorded, this.sku);
    this.draw();
  }

  /** A fresh run of the current scenario from the window start, served by the mocked APIs. */
  private restart(): void {
    this.playback = new Playback(this.recorded!, this.scenario!.faults);
    this.apis?.serve(this.playback);
  }

  /**
   * Moves the clock to `offsetMs` after the window start. The engine only runs forward, so a
   * step back replays from the start (and forgets adjustments made through the API panel).
   */
  private async seek(offsetMs: number): Promise<void> {
    if (!this.playback) return;
    this.pause();
    const target = this.playback.incident.window.startMs + offsetMs;
    if (target < this.playback.nowMs) this.restart();
    await this.playback!.advanceTo(target);
    this.draw();
  }

  /** Starts the virtual clock. */
  play(): void {
    if (this.timer || !this.playback || this.playback.finished) return;
    this.lastTickMs = performance.now();
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    byId('play').textContent = 'Pause';
    byId('clock').dataset.playing = 'true';
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    byId('play').textContent = 'Play';
    byId('clock').dataset.playing = 'false';
  }

  private async tick(): Promise<void> {
    const playback = this.playback!;
    const wallMs = performance.now();
    const elapsedMs = wallMs - this.lastTickMs;
    this.lastTickMs = wallMs;
    const { startMs, endMs } = playback.incident.window;
    const speed = Number(byId<HTMLSelectElement>('speed').value);
    const virtualPerWallMs = (endMs - startMs) / (WINDOW_PLAY_SECONDS * 1000);
    await playback.advanceTo(playback.nowMs + Math.max(1, Math.round(elapsedMs * speed * virtualPerWallMs)));
    if (playback.finished) this.pause();
    this.draw();
  }

  private async skipToEnd(): Promise<void> {
    if (!this.playback) return;
    this.pause();
    await this.playback.advanceTo(this.playback.incident.window.endMs);
    this.draw();
  }

  /**
   * Runs the whole scenario once, off screen, to choose the SKU to show first (the one that
   * drifts furthest) and a count axis that will not jump while it plays.
   */
  private async preview(recorded: Incident, scenario: WorkshopScenario): Promise<void> {
    const skus = new Set(recorded.skus.map((_, index) => index));
    const simulation = new Simulation(recorded, { faults: scenario.faults, timelineSkus: skus });
    const { timeline } = await simulation.run();
    const ranges = recorded.skus.map((_, sku) => {
      const initial = recorded.systems.map((__, system) => recorded.initial[system]?.[sku] ?? 0);
      return { low: Math.min(...initial), high: Math.max(...initial) };
    });
    for (const point of timeline) {
      const range = ranges[point.sku]!;
      range.low = Math.min(range.low, point.count);
      range.high = Math.max(range.high, point.count);
    }
    for (const observation of recorded.observations) {
      const range = ranges[observation.sku]!;
      for (const count of observation.counts) {
        if (count === undefined) continue;
        range.low = Math.min(range.low, count);
        range.high = Math.max(range.high, count);
      }
    }
    this.ranges = ranges;
    const drift = driftBySku(recorded, timeline).sort((a, b) => b.largestGap - a.largestGap || a.sku - b.sku);
    this.sku = drift[0]?.sku ?? 0;
  }

  private draw(): void {
    const playback = this.playback;
    if (!playback) return;
    byId('chart').innerHTML = renderChart({
      incident: playback.incident,
      sku: this.sku,
      nowMs: playback.nowMs,
      changes: playback.changesOf(this.sku),
      range: this.ranges[this.sku]!,
      ...(this.evidence ? { evidence: this.evidence } : {}),
    });
    const counts = playback.countsAt(this.sku);
    byId('legend')
      .querySelectorAll<HTMLElement>('.legend-item .count')
      .forEach((count, system) => {
        count.textContent = String(counts[system]);
      });
    const clock = byId('clock');
    clock.textContent = `${formatTime(playback.nowMs).replace('T', ' ').replace('Z', ' UTC')}${playback.finished ? ' (end of the window)' : ''}`;
    clock.dataset.nowMs = String(playback.nowMs);
    clock.dataset.finished = String(playback.finished);
    const seek = byId<HTMLInputElement>('seek');
    if (document.activeElement !== seek) seek.value = String(Math.floor((playback.nowMs - playback.incident.window.startMs) / 60_000));
    if (!this.firstChartMarked) {
      this.firstChartMarked = true;
      performance.mark('drift-sim:first-chart');
    }
  }

  private async answer(answer: Answer): Promise<void> {
    if (this.answered || !this.scenario || !this.recorded) return;
    this.answered = true;
    for (const button of document.querySelectorAll<HTMLButtonElement>('#question button[data-answer]')) {
      button.disabled = true;
      button.classList.toggle('chosen', button.dataset.answer === answer);
    }
    const status = byId('question-status');
    status.textContent = 'Gate 2 is replaying the recorded movements…';
    // Let the page paint the message before the search takes the thread.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reveal = await computeReveal(this.scenario, this.recorded);
    status.textContent = '';
    await this.skipToEnd();
    this.evidence = reveal.evidence;
    this.draw();
    this.showReveal(answer, reveal);
    this.options.onRevealed?.(answer, reveal);
  }

  private showReveal(answer: Answer, reveal: Reveal): void {
    const right = isRight(answer, reveal.result);
    const verdict = byId('your-answer');
    verdict.textContent = `You answered ${answer}. Gate 2 says ${reveal.result.problem} (answer ${reveal.result.answer}): ${right ? 'right.' : 'not this time.'}`;
    verdict.className = right ? 'right' : 'wrong';
    verdict.dataset.right = String(right);
    byId('reveal-headline').textContent = reveal.headline;
    byId('reveal-explanation').replaceChildren(
      ...(reveal.explanation.length > 0 ? reveal.explanation : ['The declared links alone reproduce every observation.']).map((line) => element('li', { text: line })),
    );
    const mismatches = reveal.evidence.mismatched.size;
    byId('reveal-evidence').textContent =
      mismatches === 0
        ? 'On the chart: the declared links alone reproduce every recorded count.'
        : `On the chart: ${mismatches} recorded count(s) across all SKUs differ from what the declared links alone produce; they are ringed.${reveal.evidence.bands.length > 0 ? ' Shaded: where the evidence places a human action.' : ''}`;
    byId('reveal-truth').replaceChildren(
      ...(reveal.truth.length > 0 ? reveal.truth : ['A recorded incident: the explanation above is all the evidence says.']).map((line) => element('li', { text: line })),
    );
    byId('reveal-rerun').textContent = reveal.rerun;
    const download = byId<HTMLAnchorElement>('reveal-download');
    download.href = this.scenario!.incidentPath;
    download.textContent = this.scenario!.incidentPath;
    byId('reveal-fixes').replaceChildren(...reveal.fixes.map((line) => element('li', { text: line })));
    byId('reveal').hidden = false;
  }
}
