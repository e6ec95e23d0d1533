/**
 * The order a batch or poll cycle sends its pending SKUs in: oldest unsent change first,
 * ties by SKU index (SKU indices are in code-point order).
 *
 * A link's pending list is kept in the order SKUs became pending, at a clock that only moves
 * forward, so it is already in that order but for SKUs that became pending at the same
 * instant. An insertion sort puts those few in place in one pass; a list that turns out
 * to be far from sorted is handed to `Array.prototype.sort` with the same comparison. The
 * comparison is a total order on distinct SKUs, so either way gives the one sorted list.
 *
 * @example
 * const list = [4, 2, 9];
 * sortPending(list, Float64Array.from([0, 0, 5, 0, 5, 0, 0, 0, 0, 1])); // list: [9, 2, 4]
 */
export function sortPending(list: number[], since: Float64Array): void {
  let moves = 0;
  for (let position = 1; position < list.length; position++) {
    const sku = list[position]!;
    const time = since[sku]!;
    let place = position;
    for (; place > 0; place--) {
      const other = list[place - 1]!;
      const otherTime = since[other]!;
      if (otherTime < time || (otherTime === time && other < sku)) break;
    }
    if (place === position) continue;
    moves += position - place;
    if (moves > list.length) {
      list.sort((a, b) => since[a]! - since[b]! || a - b);
      return;
    }
    for (let index = position; index > place; index--) list[index] = list[index - 1]!;
    list[place] = sku;
  }
}
