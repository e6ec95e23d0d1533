/**
 * UUID-shaped identifiers made from counters, so that two runs of the same scenario produce
 * the same webhook and event ids (nothing random, nothing from the wall clock).
 *
 * @example
 * deterministicUuid(2, 7); // '00000002-0000-4000-8000-000000000007'
 */
export function deterministicUuid(namespace: number, counter: number): string {
  const high = namespace.toString(16).padStart(8, '0').slice(-8);
  const low = counter.toString(16).padStart(12, '0').slice(-12);
  return `${high}-0000-4000-8000-${low}`;
}
