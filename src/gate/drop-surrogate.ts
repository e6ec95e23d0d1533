/**
 * A cheap stand-in for replays when ranking message-set rules (which messages a drop, a
 * duplicate or a lost timeout hits) on an event link that carries deltas: losing a delta
 * message leaves its target short by that delta from its delivery on, and a duplicate adds
 * it again. Scoring a candidate set against the target's observed residuals therefore takes
 * a pass over the set and the observations, not a replay, so every `nth` from 2 up and every
 * load threshold can be ranked; the search then replays only the best-ranked values.
 *
 * It reads only the target system's observations (what happens further down the chain is
 * the replay's business), and it is a ranking, never a verdict: nothing is claimed without
 * a replay.
 */
import type { LinkLoad } from '../sim/engine.js';
import type { Incident } from '../sim/model.js';

/** [observations left mismatched, total absolute residual]: smaller is better. */
export type SurrogateScore = readonly [number, number];

/**
 * Scores a set of message positions (ascending, 0-based in send order) on one link; the list
 * is read during the call only.
 */
export type DropSetScorer = (positions: readonly number[]) => SurrogateScore;

/**
 * The scorer for link `link`, or undefined where the stand-in does not hold (a snapshot or
 * batch link, or a target never observed after its first look). `sign` is +1 for sets of lost
 * messages and -1 for sets applied twice.
 */
export function dropSetScorer(incident: Incident, baselineObserved: readonly (readonly number[])[], link: number, load: LinkLoad, sign: 1 | -1): DropSetScorer | undefined {
  const definition = incident.links[link]!;
  if (definition.mode !== 'event') return undefined;
  if (definition.carries === 'snapshot') return sign === 1 ? snapshotScorer(incident, baselineObserved, link, load) : undefined;
  return deltaScorer(incident, baselineObserved, link, load, sign);
}

/** Orders scores: fewer mismatches, then less error. */
export function compareScores(a: SurrogateScore, b: SurrogateScore): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * On an event link carrying snapshots, a lost message leaves the target at the last
 * snapshot that did arrive (until the next one): the stand-in replays the link's snapshots
 * per SKU, skipping the lost ones, and reads the target's value at each observation.
 */
function snapshotScorer(incident: Incident, baselineObserved: readonly (readonly number[])[], link: number, load: LinkLoad): DropSetScorer | undefined {
  const definition = incident.links[link]!;
  const target = definition.to;
  const tolerance = incident.tolerance;
  const observations: { atMs: number; sku: number; seen: number; simulated: number }[] = [];
  const store = incident.observations;
  for (let index = 0; index < store.length; index++) {
    const seen = store.count(index, target);
    if (seen !== undefined) observations.push({ atMs: store.atMs[index]!, sku: store.sku[index]!, seen, simulated: baselineObserved[index]![target]! });
  }
  if (observations.length < 2) return undefined;
  const lastMs = observations[observations.length - 1]!.atMs;
  const count = load.sendTimes.findIndex((sentMs) => sentMs + definition.latencyMs > lastMs);
  const messages = count < 0 ? load.sendTimes.length : count;
  const lostBefore = lostMask(load);
  const value = new Float64Array(incident.skus.length);
  const known = new Uint8Array(incident.skus.length);
  const start = new Float64Array(incident.skus.length);
  const started = new Uint8Array(incident.skus.length);
  return (positions) => {
    known.fill(0);
    started.fill(0);
    let next = 0;
    let lost = 0;
    let mismatched = 0;
    let error = 0;
    for (const observation of observations) {
      while (next < messages && load.sendTimes[next]! + definition.latencyMs <= observation.atMs) {
        if (lost < positions.length && positions[lost] === next) lost++;
        else if (!lostBefore[next]) {
          value[load.skus[next]!] = load.values[next]!;
          known[load.skus[next]!] = 1;
        }
        next++;
      }
      // Without a snapshot yet, the target holds what the baseline shows.
      const predicted = known[observation.sku] ? value[observation.sku]! : observation.simulated;
      const residual = observation.seen - predicted;
      if (!started[observation.sku]) {
        started[observation.sku] = 1;
        start[observation.sku] = residual;
        continue;
      }
      const relative = Math.abs(residual - start[observation.sku]!);
      if (relative > tolerance) {
        mismatched++;
        error += relative;
      }
    }
    return [mismatched, error];
  };
}

/**
 * Scores a growing set of lost (or doubled) messages on a delta event link, one score per
 * step: `steps[k]` are the positions the set gains at step k. An added message changes only
 * the later observations of its SKU, so ranking every threshold of a load rule (each one's
 * set holds the stronger one's) costs one pass over the messages, not one per threshold.
 * The scores are `dropSetScorer`'s for the same sets. Undefined where that scorer would not
 * be a delta one.
 */
export function growingDropScorer(
  incident: Incident,
  baselineObserved: readonly (readonly number[])[],
  link: number,
  load: LinkLoad,
  sign: 1 | -1,
): ((steps: readonly ArrayLike<number>[]) => SurrogateScore[]) | undefined {
  const definition = incident.links[link]!;
  if (definition.mode !== 'event' || definition.carries !== 'delta') return undefined;
  const looks = deltaLooks(incident, baselineObserved, link, load);
  if (!looks) return undefined;
  const tolerance = incident.tolerance;
  return (steps) => {
    const tally = new Tally(looks.base, tolerance);
    const shift = new Float64Array(looks.relative.length);
    const scores: SurrogateScore[] = [];
    for (const step of steps) {
      for (let index = 0; index < step.length; index++) {
        const position = step[index]!;
        let look = looks.firstChanged[position]!;
        if (look < 0) continue;
        const change = sign * load.values[position]!;
        for (const stop = looks.end[load.skus[position]!]!; look < stop; look++) {
          const before = looks.relative[look]! + shift[look]!;
          shift[look] = shift[look]! + change;
          tally.move(before, looks.relative[look]! + shift[look]!);
        }
      }
      scores.push(tally.score());
    }
    return scores;
  };
}

/**
 * On a delta event link, a set's score touches only the looks of the SKUs the set holds: the
 * base totals are counted once, and a set of every 5,000th message costs its few messages,
 * not a pass over every observation. A set of many messages (every 2nd) is scored the other
 * way round: each message adds its change at the first look its delivery reaches, and one
 * pass over each SKU held carries the sums on to its later looks, so it costs a pass over
 * the messages and one over the looks, not a pass over every later look per message. Both
 * ways give the same score (residuals are whole counts: the sums are exact in any order).
 */
function deltaScorer(incident: Incident, baselineObserved: readonly (readonly number[])[], link: number, load: LinkLoad, sign: 1 | -1): DropSetScorer | undefined {
  const looks = deltaLooks(incident, baselineObserved, link, load);
  if (!looks) return undefined;
  const tolerance = incident.tolerance;
  const { relative, firstChanged, first, end, base } = looks;
  const shift = new Float64Array(relative.length);
  const touched: number[] = [];
  const held = new Uint8Array(incident.skus.length);
  const skus: number[] = [];
  // A message reaches half its SKU's looks on average: past two messages per looked-at SKU,
  // a pass over the looks costs less.
  let looked = 0;
  for (let sku = 0; sku < first.length; sku++) if (first[sku]! >= 0) looked++;
  const spreadFrom = 2 * looked;

  const perMessage = (positions: readonly number[]): SurrogateScore => {
    for (const position of positions) {
      let look = firstChanged[position]!;
      if (look < 0) continue;
      const change = sign * load.values[position]!;
      for (const stop = end[load.skus[position]!]!; look < stop; look++) {
        if (shift[look] === 0) touched.push(look);
        shift[look] = shift[look]! + change;
      }
    }
    const tally = new Tally(base, tolerance);
    for (const look of touched) {
      tally.move(relative[look]!, relative[look]! + shift[look]!);
      shift[look] = 0;
    }
    touched.length = 0;
    return tally.score();
  };

  const perSku = (positions: readonly number[]): SurrogateScore => {
    // `shift` holds, per look, the change that starts there; the pass below sums it up.
    for (const position of positions) {
      const look = firstChanged[position]!;
      if (look < 0) continue;
      shift[look] = shift[look]! + sign * load.values[position]!;
      const sku = load.skus[position]!;
      if (held[sku] === 0) {
        held[sku] = 1;
        skus.push(sku);
      }
    }
    const tally = new Tally(base, tolerance);
    for (const sku of skus) {
      held[sku] = 0;
      let sum = 0;
      for (let look = first[sku]!, stop = end[sku]!; look < stop; look++) {
        sum += shift[look]!;
        shift[look] = 0;
        if (sum !== 0) tally.move(relative[look]!, relative[look]! + sum);
      }
    }
    skus.length = 0;
    return tally.score();
  };

  return (positions) => (positions.length > spreadFrom ? perSku(positions) : perMessage(positions));
}

/**
 * The target's looks on a delta event link laid out flat for the stand-in: per SKU its looks
 * in time order (`first` to `end`, -1 for a SKU never looked at) with residuals relative to
 * its first look, the score with nothing lost, and per send the first look its delivery
 * changes (-1 where it changes none: lost already, its SKU never looked at, delivered after
 * its last look, or by its first look, so part of the starting count). Found once per
 * scorer, so a set costs a lookup per message it holds. Undefined where no SKU is looked at
 * twice.
 */
function deltaLooks(incident: Incident, baselineObserved: readonly (readonly number[])[], link: number, load: LinkLoad) {
  const definition = incident.links[link]!;
  const slots = looksBySku(incident, baselineObserved, definition.to);
  if ([...slots.values()].every((slot) => slot.times.length < 2)) return undefined;
  const tolerance = incident.tolerance;
  const first = new Int32Array(incident.skus.length).fill(-1);
  const end = new Int32Array(incident.skus.length);
  const times: number[] = [];
  const relative: number[] = [];
  for (const [sku, slot] of slots) {
    first[sku] = times.length;
    times.push(...slot.times);
    relative.push(...slot.relative);
    end[sku] = times.length;
  }
  // The base (nothing lost): every look after each SKU's first, against the first.
  const base: [number, number] = [0, 0];
  for (const sku of slots.keys()) {
    for (let look = first[sku]! + 1; look < end[sku]!; look++) {
      const residual = Math.abs(relative[look]!);
      if (residual > tolerance) {
        base[0]++;
        base[1] += residual;
      }
    }
  }
  const lost = lostMask(load);
  const sends = load.sendTimes.length;
  const firstChanged = new Int32Array(sends).fill(-1);
  for (let position = 0; position < sends; position++) {
    if (lost[position]) continue;
    const sku = load.skus[position]!;
    const start = first[sku]!;
    if (start < 0) continue;
    const deliveredMs = load.sendTimes[position]! + definition.latencyMs;
    if (deliveredMs <= times[start]!) continue;
    let look = start + 1;
    for (let high = end[sku]!; look < high; ) {
      const middle = (look + high) >> 1;
      if (times[middle]! < deliveredMs) look = middle + 1;
      else high = middle;
    }
    // Delivered after the SKU's last look: it changes none.
    if (look < end[sku]!) firstChanged[position] = look;
  }
  return { relative, first, end, base, firstChanged };
}

/** Looks out of tolerance, counted and summed, as residuals move. */
class Tally {
  private mismatched: number;
  private error: number;
  constructor(
    start: SurrogateScore,
    private readonly tolerance: number,
  ) {
    [this.mismatched, this.error] = start;
  }

  /** One look's residual moved from `before` to `after`. */
  move(before: number, after: number): void {
    const was = Math.abs(before);
    const is = Math.abs(after);
    if (was > this.tolerance) {
      this.mismatched--;
      this.error -= was;
    }
    if (is > this.tolerance) {
      this.mismatched++;
      this.error += is;
    }
  }

  score(): SurrogateScore {
    return [this.mismatched, this.error];
  }
}

type Looks = Map<number, { times: number[]; relative: number[]; firstResidual: number }>;

/** Per SKU, its looks at `target` in time order, with residuals relative to the first. */
function looksBySku(incident: Incident, baselineObserved: readonly (readonly number[])[], target: number): Looks {
  const slots: Looks = new Map();
  const observations = incident.observations;
  for (let index = 0; index < observations.length; index++) {
    const seen = observations.count(index, target);
    if (seen === undefined) continue;
    const residual = seen - baselineObserved[index]![target]!;
    const atMs = observations.atMs[index]!;
    const slot = slots.get(observations.sku[index]!);
    if (!slot) slots.set(observations.sku[index]!, { times: [atMs], relative: [0], firstResidual: residual });
    else {
      slot.times.push(atMs);
      slot.relative.push(residual - slot.firstResidual);
    }
  }
  return slots;
}

/** Per send, 1 where a rule of the base already lost the message as it was sent. */
export function lostMask(load: LinkLoad): Uint8Array {
  const mask = new Uint8Array(load.sendTimes.length);
  for (const position of load.lostAtSend ?? []) mask[position] = 1;
  return mask;
}
