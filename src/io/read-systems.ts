/**
 * `systems` and `recordOf`: which systems hold counts, of which kind, and which one is the
 * system of record.
 */
import type { Node } from 'yaml';
import { isSeq } from 'yaml';
import type { SystemDef, SystemKind } from '../sim/model.js';
import { SYSTEM_KINDS } from '../sim/model.js';
import { describeFound } from './problems.js';
import type { YamlSource } from './yaml-source.js';
import { joinPath } from './yaml-source.js';
import { readTextValue } from './yaml-values.js';

/**
 * A system name is used in link names (`wms->erp`), in `--fault` values and as the mocked
 * server's URL path segment, so it is kept to characters that are safe in all three.
 */
export const SYSTEM_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const EXPECTED_NAME = 'a system name of letters, digits, _ . - (starting with a letter or digit)';
const KIND_WORDS = [...SYSTEM_KINDS, 'storefront'];
const EXPECTED_KIND = `a system kind (${KIND_WORDS.join(', ')})`;

/** The kind a word names, with `storefront` as an alias of `shopify`. */
export function systemKindOf(word: string): SystemKind | undefined {
  if (word === 'storefront') return 'shopify';
  return (SYSTEM_KINDS as readonly string[]).includes(word) ? (word as SystemKind) : undefined;
}

export interface SystemsResult {
  systems: SystemDef[];
  /** Name -> index, for every later reference. */
  byName: Map<string, number>;
}

/**
 * Reads `systems`: a mapping `name: {kind}`, or the shorthand list `[wms, erp, storefront]`
 * where each name is its kind.
 *
 * @example
 * readSystems(source, rootFields.get('systems')?.value, rootNode);
 * // { systems: [{ name: 'wms', kind: 'wms' }, ...], byName: Map { 'wms' => 0, ... } }
 */
export function readSystems(source: YamlSource, node: Node | undefined, parent: Node | undefined): SystemsResult {
  const systems: SystemDef[] = [];
  const byName = new Map<string, number>();
  const add = (name: string, kind: SystemKind, at: Node | null | undefined, path: string): void => {
    if (!SYSTEM_NAME_PATTERN.test(name)) {
      source.report(at, path, EXPECTED_NAME, describeFound(name));
      return;
    }
    if (byName.has(name)) {
      source.report(at, path, 'each system declared once', `a second system ${JSON.stringify(name)}`);
      return;
    }
    byName.set(name, systems.length);
    systems.push({ name, kind });
  };

  if (node === undefined) {
    source.report(parent, 'systems', 'a mapping of system name to {kind}, or a list of kinds like [wms, erp, storefront]', 'nothing (it is required)');
    return { systems, byName };
  }
  if (isSeq(node)) {
    const items = source.items(node, 'systems', 'a list of system kinds') ?? [];
    if (items.length === 0) source.report(node, 'systems', 'at least one system', 'an empty list');
    items.forEach((item, index) => {
      const path = `systems[${index}]`;
      const word = readTextValue(source, item, path, EXPECTED_KIND);
      if (word === undefined) return;
      const kind = systemKindOf(word);
      if (kind === undefined) source.report(item, path, `${EXPECTED_KIND}; in the list form each system is named after its kind`, describeFound(word));
      else add(word, kind, item, path);
    });
  } else {
    const entries = source.entries(node, 'systems', 'a mapping of system name to {kind}, or a list of kinds like [wms, erp, storefront]');
    if (entries?.length === 0) source.report(node, 'systems', 'at least one system', 'an empty mapping');
    for (const entry of entries ?? []) {
      const path = joinPath('systems', entry.key);
      const fields = source.fields(entry.value, path, ['kind'], 'a system');
      if (!fields) continue;
      const kindEntry = fields.get('kind');
      if (!kindEntry?.value) {
        source.report(kindEntry?.keyNode ?? entry.value, joinPath(path, 'kind'), EXPECTED_KIND, 'nothing (it is required)');
        continue;
      }
      const word = readTextValue(source, kindEntry.value, joinPath(path, 'kind'), EXPECTED_KIND);
      if (word === undefined) continue;
      const kind = systemKindOf(word);
      if (kind === undefined) source.report(kindEntry.value, joinPath(path, 'kind'), EXPECTED_KIND, describeFound(word));
      else add(entry.key, kind, entry.keyNode, path);
    }
  }
  return { systems, byName };
}

/**
 * Reads `recordOf` (the system of record); the first system when left out.
 *
 * @example
 * readRecordOf(source, node, byName); // 0
 */
export function readRecordOf(source: YamlSource, node: Node | undefined, byName: ReadonlyMap<string, number>): number {
  if (node === undefined) return 0;
  const name = readTextValue(source, node, 'recordOf');
  if (name === undefined) return 0;
  const index = byName.get(name);
  if (index === undefined) {
    source.report(node, 'recordOf', `a declared system (${[...byName.keys()].join(', ') || 'none declared'})`, describeFound(name));
    return 0;
  }
  return index;
}
