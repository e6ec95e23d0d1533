/**
 * The one PRNG of the project: xoshiro128** over 32-bit integers, seeded through splitmix32.
 *
 * Every random choice in the engine, the search and the generators draws from an instance
 * of this class; `Math.random` is never used. Components get their own stream with
 * `Rng.forComponent(seed, label)`, so adding a draw in one component never shifts another's.
 * Probabilities are exact ratios of integers (`chance(numerator, denominator)`).
 *
 * @example
 * const rng = Rng.forComponent(42, 'webhook_drop#0');
 * rng.chance(5, 100); // true about one time in twenty, the same every run with seed 42
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let state = seed >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A stream for one named component, independent of every other component's. */
  static forComponent(seed: number, label: string): Rng {
    return new Rng((seed ^ hashLabel(label)) >>> 0);
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.b << 9) >>> 0;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    return result;
  }

  /** An integer in [0, bound), without modulo bias. */
  nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > 0x1_0000_0000) throw new RangeError(`bad bound ${bound}`);
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % bound);
    for (let tries = 0; tries < 64; tries++) {
      const value = this.nextUint32();
      if (value < limit) return value % bound;
    }
    return this.nextUint32() % bound;
  }

  /** An integer in [min, max], both included. */
  between(min: number, max: number): number {
    return min + this.nextInt(max - min + 1);
  }

  /** True with probability numerator/denominator exactly (denominator up to 2^32). */
  chance(numerator: number, denominator: number): boolean {
    if (numerator <= 0) return false;
    if (numerator >= denominator) return true;
    return this.nextInt(denominator) < numerator;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.nextInt(items.length)]!;
  }
}

function rotl(value: number, shift: number): number {
  return ((value << shift) | (value >>> (32 - shift))) >>> 0;
}

/** FNV-1a over the label's UTF-16 units: a stable 32-bit hash for component names. */
export function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < label.length; index++) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
