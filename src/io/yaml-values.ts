/**
 * Typed reads of single values from the YAML tree (the document's own fields: `version`,
 * `window.start`, `links[1].every`, ...). Each returns the value, or undefined after
 * reporting a problem located at the node. A left-out field (node undefined) is the
 * caller's business: it knows whether the field is required or has a default.
 */
import type { Node } from 'yaml';
import { isScalar } from 'yaml';
import { parseDuration, parseTime } from '../sim/time.js';
import { EXPECTED_BOOLEAN, EXPECTED_TEXT, EXPECTED_TIME, describeFoundTime } from './field-values.js';
import type { YamlSource } from './yaml-source.js';

export const EXPECTED_DURATION = 'a duration like 500ms, 30s, 15m, 2h, 1d or PT15M';

function scalarValue(node: Node | undefined): unknown {
  return node && isScalar(node) ? node.value : undefined;
}

/**
 * Text as written (numbers by their digits).
 *
 * @example
 * readTextValue(source, entry.value, 'description'); // 'Storefront oversells ...'
 */
export function readTextValue(source: YamlSource, node: Node | undefined, path: string, expected = EXPECTED_TEXT): string | undefined {
  const text = source.textOf(node);
  if (text !== undefined && text.length > 0) return text;
  source.report(node, path, expected, source.describe(node));
  return undefined;
}

/**
 * One of a fixed set of words.
 *
 * @example
 * readEnumValue(source, node, 'links[0].mode', LINK_MODES); // 'batch'
 */
export function readEnumValue<T extends string>(source: YamlSource, node: Node | undefined, path: string, values: readonly T[]): T | undefined {
  const text = source.textOf(node);
  if (text !== undefined && (values as readonly string[]).includes(text)) return text as T;
  source.report(node, path, `one of ${values.join(', ')}`, source.describe(node));
  return undefined;
}

/**
 * An integer at least `min`.
 *
 * @example
 * readIntegerValue(source, node, 'tolerance', 0, 'a non-negative integer'); // 2
 */
export function readIntegerValue(source: YamlSource, node: Node | undefined, path: string, min: number, expected: string): number | undefined {
  const value = scalarValue(node);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value;
  source.report(node, path, expected, source.describe(node));
  return undefined;
}

/**
 * Any integer (initial counts, observed counts may be negative: nothing clamps an oversell).
 *
 * @example
 * readAnyInteger(source, node, 'initial.MUG-01.wms'); // 40
 */
export function readAnyInteger(source: YamlSource, node: Node | undefined, path: string): number | undefined {
  return readIntegerValue(source, node, path, Number.MIN_SAFE_INTEGER, 'an integer');
}

/**
 * A boolean.
 *
 * @example
 * readBooleanValue(source, node, 'links[0].idempotent'); // false
 */
export function readBooleanValue(source: YamlSource, node: Node | undefined, path: string): boolean | undefined {
  const value = scalarValue(node);
  if (typeof value === 'boolean') return value;
  source.report(node, path, EXPECTED_BOOLEAN, source.describe(node));
  return undefined;
}

/**
 * A duration in milliseconds. The bare number 0 is accepted (zero needs no unit); any other
 * bare number is refused because its unit would be a guess.
 *
 * @example
 * readDurationValue(source, node, 'links[0].every', true); // 900000 for `15m`
 */
export function readDurationValue(source: YamlSource, node: Node | undefined, path: string, positive: boolean): number | undefined {
  const value = scalarValue(node);
  const ms = value === 0 ? 0 : typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms !== undefined && (!positive || ms > 0)) return ms;
  const expected = positive ? `a positive ${EXPECTED_DURATION.slice(2)}` : EXPECTED_DURATION;
  const found = typeof value === 'number' ? `${value} (a number without a unit)` : source.describe(node);
  source.report(node, path, expected, found);
  return undefined;
}

/**
 * A zoned time in milliseconds; a time without a zone gets its own message.
 *
 * @example
 * readTimeValue(source, node, 'window.start'); // 1773014400000 for '2026-03-09T00:00:00Z'
 */
export function readTimeValue(source: YamlSource, node: Node | undefined, path: string): number | undefined {
  const value = scalarValue(node);
  const ms = typeof value === 'string' ? parseTime(value) : undefined;
  if (ms !== undefined) return ms;
  source.report(node, path, EXPECTED_TIME, node === undefined ? 'nothing' : isScalar(node) ? describeFoundTime(value) : source.describe(node));
  return undefined;
}
