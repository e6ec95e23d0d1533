/**
 * `links`: how counts propagate between systems, with the spec's defaults applied.
 */
import type { Node } from 'yaml';
import type { LinkDef, LinkMode } from '../sim/model.js';
import { BATCH_CHANGE_TYPE, LINK_CARRIES, LINK_MODES, MOVEMENT_TYPES } from '../sim/model.js';
import { describeFound } from './problems.js';
import type { YamlSource } from './yaml-source.js';
import { joinPath } from './yaml-source.js';
import { readBooleanValue, readDurationValue, readEnumValue, readIntegerValue, readTextValue } from './yaml-values.js';

export const LINK_FIELDS = ['from', 'to', 'mode', 'every', 'offset', 'carries', 'latency', 'capacity', 'types', 'idempotent'] as const;
/** A link's `types` may name movement types, and `batch` for changes a batch or poll message caused. */
const LINK_TYPES: readonly string[] = [...MOVEMENT_TYPES, BATCH_CHANGE_TYPE];
/** Fields that only mean something for links that run in cycles. */
const CYCLE_ONLY = ['every', 'offset', 'capacity'] as const;

export interface LinksResult {
  /** The links that are entirely valid, in declared order. */
  links: LinkDef[];
  /**
   * Mode of every link whose `from` and `to` are valid (even if another field is not), so a
   * fault naming it is not also reported as naming an unknown link.
   */
  modes: Record<string, LinkMode>;
}

/**
 * Reads `links` (left out: no links).
 *
 * @example
 * readLinks(source, node, byName).links[0];
 * // { name: 'wms->erp', from: 0, to: 1, mode: 'batch', everyMs: 900000, offsetMs: 0, carries: 'snapshot', latencyMs: 0, idempotent: true }
 */
export function readLinks(source: YamlSource, node: Node | undefined, systems: ReadonlyMap<string, number>): LinksResult {
  const links: LinkDef[] = [];
  const modes: Record<string, LinkMode> = {};
  if (node === undefined) return { links, modes };
  const firstIndex = new Map<string, number>();
  const items = source.items(node, 'links', 'a list of links like {from: wms, to: erp, mode: batch, every: 15m}') ?? [];
  items.forEach((item, index) => {
    const path = `links[${index}]`;
    const fields = source.fields(item, path, LINK_FIELDS, 'a link');
    if (!fields) return;
    const problemsBefore = source.problemCount;
    const get = (key: string): Node | undefined => fields.get(key)?.value;
    const endpoint = (key: 'from' | 'to'): number | undefined => {
      const node = get(key);
      if (node === undefined) {
        source.report(item, joinPath(path, key), 'a declared system', 'nothing (it is required)');
        return undefined;
      }
      const name = readTextValue(source, node, joinPath(path, key));
      if (name === undefined) return undefined;
      const system = systems.get(name);
      if (system === undefined) source.report(node, joinPath(path, key), `a declared system (${[...systems.keys()].join(', ') || 'none declared'})`, describeFound(name));
      return system;
    };
    const from = endpoint('from');
    const to = endpoint('to');
    if (from !== undefined && to !== undefined && from === to) {
      source.report(get('to'), joinPath(path, 'to'), 'a system other than from (a link joins two systems)', describeFound(source.textOf(get('to'))));
    }

    let mode: LinkMode | undefined;
    if (get('mode') === undefined) source.report(item, joinPath(path, 'mode'), `one of ${LINK_MODES.join(', ')}`, 'nothing (it is required)');
    else mode = readEnumValue(source, get('mode'), joinPath(path, 'mode'), LINK_MODES);
    const cycles = mode === 'batch' || mode === 'poll';

    let everyMs: number | undefined;
    if (mode === 'event') {
      for (const key of CYCLE_ONLY) {
        const entry = fields.get(key);
        if (entry?.value !== undefined) {
          source.report(entry.keyNode, joinPath(path, key), `no ${key} on an event link (it sends each change at once)`, source.describe(entry.value));
        }
      }
    } else if (cycles) {
      if (get('every') === undefined) source.report(item, joinPath(path, 'every'), `the cycle period of a ${mode} link, like 15m`, 'nothing (it is required)');
      else everyMs = readDurationValue(source, get('every'), joinPath(path, 'every'), true);
    }
    const offsetMs = cycles && get('offset') !== undefined ? readDurationValue(source, get('offset'), joinPath(path, 'offset'), false) : 0;
    const capacity =
      cycles && get('capacity') !== undefined ? readIntegerValue(source, get('capacity'), joinPath(path, 'capacity'), 1, 'a positive integer (SKUs per cycle)') : undefined;
    const carries = get('carries') === undefined ? 'snapshot' : readEnumValue(source, get('carries'), joinPath(path, 'carries'), LINK_CARRIES);
    const latencyMs = get('latency') === undefined ? 0 : readDurationValue(source, get('latency'), joinPath(path, 'latency'), false);
    const idempotent = get('idempotent') === undefined ? true : readBooleanValue(source, get('idempotent'), joinPath(path, 'idempotent'));
    const types = get('types') === undefined ? undefined : readTypes(source, get('types'), joinPath(path, 'types'));

    if (from === undefined || to === undefined) return;
    const name = `${source.textOf(get('from'))}->${source.textOf(get('to'))}`;
    const first = firstIndex.get(name);
    if (first !== undefined) {
      source.report(item, path, `one link per from->to pair`, `a second link ${name} (the first is links[${first}])`);
      return;
    }
    firstIndex.set(name, index);
    if (mode !== undefined) modes[name] = mode;
    if (source.problemCount !== problemsBefore) return;
    links.push({
      name,
      from,
      to,
      mode: mode!,
      ...(everyMs !== undefined ? { everyMs } : {}),
      offsetMs: offsetMs!,
      carries: carries!,
      latencyMs: latencyMs!,
      ...(capacity !== undefined ? { capacity } : {}),
      ...(types !== undefined ? { types } : {}),
      idempotent: idempotent!,
    });
  });
  return { links, modes };
}

function readTypes(source: YamlSource, node: Node | undefined, path: string): string[] | undefined {
  const items = source.items(node, path, `a list of change types (${LINK_TYPES.join(', ')})`);
  if (!items) return undefined;
  if (items.length === 0) {
    source.report(node, path, 'at least one change type (leave types out to let every change through)', 'an empty list');
    return undefined;
  }
  const types: string[] = [];
  let valid = true;
  items.forEach((item, index) => {
    const type = readEnumValue(source, item, `${path}[${index}]`, LINK_TYPES);
    if (type === undefined) valid = false;
    else types.push(type);
  });
  return valid ? types : undefined;
}
