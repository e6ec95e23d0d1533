/**
 * `skus` (metadata: titles, which truncation faults match on) and `initial` (the counts at
 * the window start). Both name SKUs, so both feed the SKU table.
 */
import type { Node } from 'yaml';
import { isMap } from 'yaml';
import type { YamlSource } from './yaml-source.js';
import { joinPath } from './yaml-source.js';
import type { SkuInterner } from './sku-interner.js';
import { readAnyInteger, readTextValue } from './yaml-values.js';

/**
 * Reads `skus`: a list of `{sku, title?}`. Returns the title of each SKU that has one.
 *
 * @example
 * readSkuMetadata(source, node, interner); // Map { 'TEE-CLASSIC-BLK-M' => 'Classic Tee - Black / M' }
 */
export function readSkuMetadata(source: YamlSource, node: Node | undefined, skus: SkuInterner): Map<string, string> {
  const titles = new Map<string, string>();
  if (node === undefined) return titles;
  const seen = new Map<string, number>();
  const items = source.items(node, 'skus', 'a list of {sku, title}') ?? [];
  items.forEach((item, index) => {
    const path = `skus[${index}]`;
    const fields = source.fields(item, path, ['sku', 'title'], 'a SKU entry');
    if (!fields) return;
    const skuEntry = fields.get('sku');
    if (skuEntry?.value === undefined) {
      source.report(skuEntry?.keyNode ?? item, joinPath(path, 'sku'), 'a SKU', 'nothing (it is required)');
      return;
    }
    const sku = readTextValue(source, skuEntry.value, joinPath(path, 'sku'));
    const titleNode = fields.get('title')?.value;
    const title = titleNode === undefined ? undefined : readTextValue(source, titleNode, joinPath(path, 'title'));
    if (sku === undefined) return;
    const first = seen.get(sku);
    if (first !== undefined) {
      source.report(skuEntry.value, joinPath(path, 'sku'), 'each SKU listed once', `${JSON.stringify(sku)} again (first at skus[${first}])`);
      return;
    }
    seen.set(sku, index);
    skus.intern(sku);
    if (title !== undefined) titles.set(sku, title);
  });
  return titles;
}

/** One SKU's initial counts: the provisional SKU index and a count per system index. */
export interface InitialEntry {
  sku: number;
  counts: number[];
}

/**
 * Reads `initial`: SKU -> a number (the same in every system) or a mapping system -> count
 * (a system left out starts at 0).
 *
 * @example
 * readInitial(source, node, byName, interner);
 * // [{ sku: 0, counts: [120, 120, 120] }, { sku: 1, counts: [40, 40, 38] }]
 */
export function readInitial(source: YamlSource, node: Node | undefined, systems: ReadonlyMap<string, number>, skus: SkuInterner): InitialEntry[] {
  const result: InitialEntry[] = [];
  if (node === undefined) return result;
  const entries = source.entries(node, 'initial', 'a mapping of SKU to a count, or to a mapping of system to count') ?? [];
  for (const entry of entries) {
    const path = joinPath('initial', entry.key);
    const counts = new Array<number>(systems.size).fill(0);
    if (entry.value === undefined) {
      // `MUG-01:` with nothing is a left-out count, which is 0; the SKU is still named.
      result.push({ sku: skus.intern(entry.key), counts });
      continue;
    }
    let valid = true;
    if (isMap(entry.value)) {
      for (const perSystem of source.entries(entry.value, path, 'a mapping of system to count') ?? []) {
        const systemPath = joinPath(path, perSystem.key);
        const system = systems.get(perSystem.key);
        if (system === undefined) {
          source.report(perSystem.keyNode, systemPath, `a declared system (${[...systems.keys()].join(', ') || 'none declared'})`, `undeclared system ${JSON.stringify(perSystem.key)}`);
          valid = false;
          continue;
        }
        const count = perSystem.value === undefined ? 0 : readAnyInteger(source, perSystem.value, systemPath);
        if (count === undefined) valid = false;
        else counts[system] = count;
      }
    } else {
      const count = readIntegerOrMapping(source, entry.value, path);
      if (count === undefined) valid = false;
      else counts.fill(count);
    }
    if (valid) result.push({ sku: skus.intern(entry.key), counts });
  }
  return result;
}

function readIntegerOrMapping(source: YamlSource, node: Node, path: string): number | undefined {
  const value = source.plain(node);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  source.report(node, path, 'an integer count (the same in every system), or a mapping of system to count', source.describe(node));
  return undefined;
}
