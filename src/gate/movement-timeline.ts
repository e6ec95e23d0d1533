/**
 * The recorded movements of each SKU as a timeline Gate 1 can ask questions of: how many
 * units of this SKU moved in these systems between two instants, and of which types. Built
 * in one pass over the movements (which are sorted by time), so each question is a binary
 * search and a short walk, whatever the size of the incident.
 *
 * @example
 * const timeline = new MovementTimeline(incident);
 * timeline.between(0, 3_600_000, 7_200_000, new Set([0])); // { units: 5, count: 2, types: ['shipment'] }
 */
import type { Incident } from '../sim/model.js';

/** What moved of one SKU in an interval. */
export interface MovedBetween {
  /** Sum of |qty| of delta movements; Infinity when an absolute count (cycle count, manual set) was recorded. */
  units: number;
  /** How many movements. */
  count: number;
  /** Their types, sorted. */
  types: string[];
}

interface SkuTimeline {
  atMs: number[];
  system: number[];
  units: number[];
  type: string[];
}

export class MovementTimeline {
  private readonly bySku: SkuTimeline[];

  constructor(incident: Incident) {
    this.bySku = incident.skus.map(() => ({ atMs: [], system: [], units: [], type: [] }));
    for (const movement of incident.movements) {
      const line = this.bySku[movement.sku]!;
      line.atMs.push(movement.atMs);
      line.system.push(movement.system);
      // An absolute count can move the figure by any amount: its size is an input too.
      line.units.push(movement.absolute ? Number.POSITIVE_INFINITY : Math.abs(movement.value));
      line.type.push(movement.type);
    }
  }

  /** Movements of `sku` in `systems` with `fromMs < atMs <= toMs`. */
  between(sku: number, fromMs: number, toMs: number, systems: ReadonlySet<number>): MovedBetween {
    const line = this.bySku[sku]!;
    let low = 0;
    let high = line.atMs.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (line.atMs[middle]! <= fromMs) low = middle + 1;
      else high = middle;
    }
    let units = 0;
    let count = 0;
    const types = new Set<string>();
    for (let index = low; index < line.atMs.length && line.atMs[index]! <= toMs; index++) {
      if (!systems.has(line.system[index]!)) continue;
      units += line.units[index]!;
      count++;
      types.add(line.type[index]!);
    }
    return { units, count, types: [...types].sort() };
  }
}
