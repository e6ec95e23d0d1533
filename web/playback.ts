/**
 * One scenario playing on a virtual clock: the engine runs the recorded movements through the
 * declared links (with the scenario's faults, when it has them) up to the clock's time, and
 * every count change is kept for the chart, whoever made it: the engine, or a trainee's
 * mutation through the mocked APIs, which change the same `SystemState`.
 *
 * @example
 * const playback = new Playback(recorded, scenario.faults);
 * await playback.advanceTo(recorded.window.startMs + 3_600_000);
 * playback.countsAt(0); // every system's count of SKU 0 now
 */
import { Simulation } from '../src/sim/engine.js';
import type { FaultSpec, Incident } from '../src/sim/model.js';
import type { SystemState } from '../src/sim/state.js';

export interface CountPoint {
  atMs: number;
  system: number;
  count: number;
}

export class Playback {
  readonly incident: Incident;
  readonly state: SystemState;
  private readonly simulation: Simulation;
  /** Per SKU, every count change in the order it happened. */
  private readonly changes: CountPoint[][];
  private clockMs: number;
  /** Advances are chained so two ticks never run the engine at once. */
  private running: Promise<void> = Promise.resolve();

  constructor(incident: Incident, faults: readonly FaultSpec[]) {
    this.incident = incident;
    this.simulation = new Simulation(incident, { faults });
    this.state = this.simulation.state;
    this.clockMs = incident.window.startMs;
    this.changes = incident.skus.map(() => []);
    this.state.onChange((change) => {
      this.changes[change.sku]!.push({ atMs: this.simulation.currentMs, system: change.system, count: change.after });
    });
  }

  /** The virtual time shown: the engine has processed every event at or before it. */
  get nowMs(): number {
    return this.clockMs;
  }

  get finished(): boolean {
    return this.clockMs >= this.incident.window.endMs;
  }

  /** Runs the engine up to `atMs` (clamped to the window); calls queue behind each other. */
  advanceTo(atMs: number): Promise<void> {
    const target = Math.min(Math.max(atMs, this.clockMs), this.incident.window.endMs);
    this.running = this.running.then(async () => {
      if (target <= this.clockMs && this.clockMs > this.incident.window.startMs) return;
      await this.simulation.runUntil(target);
      this.clockMs = Math.max(this.clockMs, target);
    });
    return this.running;
  }

  /** The count changes of `sku` so far, in order. */
  changesOf(sku: number): readonly CountPoint[] {
    return this.changes[sku]!;
  }

  /** Every system's count of `sku` now. */
  countsAt(sku: number): number[] {
    return this.incident.systems.map((_, system) => this.state.count(system, sku));
  }
}
