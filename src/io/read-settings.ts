/**
 * The incident's single-valued settings: `version`, `name`, `description`, `timezone`,
 * `window`, `tolerance` and `expect`.
 */
import type { Node } from 'yaml';
import { isScalar } from 'yaml';
import type { Incident } from '../sim/model.js';
import { isValidZone } from '../sim/calendar.js';
import { describeFound } from './problems.js';
import type { YamlSource } from './yaml-source.js';
import { readEnumValue, readIntegerValue, readTextValue, readTimeValue } from './yaml-values.js';

export const SUPPORTED_VERSION = 1;
const NAME_PATTERN = /^[a-z0-9-]+$/;
const GATE2_ANSWERS = ['yes', 'no'] as const;
const GATE2_PROBLEMS = ['integration', 'process', 'both', 'unexplained'] as const;

/**
 * Reads `version`. Returns false only for a number other than 1: that file was written for
 * another format, and checking it against this one would bury the one real problem under
 * noise. A left-out or mistyped version is reported and the rest is still checked.
 *
 * @example
 * readVersion(source, node, root); // true for `version: 1`
 */
export function readVersion(source: YamlSource, node: Node | undefined, root: Node | undefined): boolean {
  if (node === undefined) {
    source.report(root, 'version', `${SUPPORTED_VERSION}`, 'nothing (it is required)');
    return true;
  }
  if (isScalar(node) && node.value === SUPPORTED_VERSION) return true;
  const isOtherNumber = isScalar(node) && typeof node.value === 'number';
  source.report(node, 'version', `${SUPPORTED_VERSION} (the only version this drift-sim reads)`, source.describe(node));
  return !isOtherNumber;
}

/**
 * Reads the required `name`: lower-case letters, digits and dashes, as it names output files.
 *
 * @example
 * readName(source, node, root); // 'storefront-sits-low'
 */
export function readName(source: YamlSource, node: Node | undefined, root: Node | undefined): string | undefined {
  const expected = 'a name of lower-case letters, digits and dashes ([a-z0-9-]+)';
  if (node === undefined) {
    source.report(root, 'name', expected, 'nothing (it is required)');
    return undefined;
  }
  const name = readTextValue(source, node, 'name', expected);
  if (name !== undefined && !NAME_PATTERN.test(name)) {
    source.report(node, 'name', expected, describeFound(name));
    return undefined;
  }
  return name;
}

/**
 * Reads `timezone` (default UTC): an IANA zone the runtime knows.
 *
 * @example
 * readTimezone(source, node); // 'Europe/Berlin'
 */
export function readTimezone(source: YamlSource, node: Node | undefined): string {
  if (node === undefined) return 'UTC';
  const zone = readTextValue(source, node, 'timezone', 'an IANA time zone like UTC or Europe/Berlin');
  if (zone === undefined) return 'UTC';
  if (!isValidZone(zone)) {
    source.report(node, 'timezone', 'an IANA time zone like UTC or Europe/Berlin', `unknown zone ${JSON.stringify(zone)}`);
    return 'UTC';
  }
  return zone;
}

/**
 * Reads `tolerance` (default 0): the largest difference still counted as a match.
 *
 * @example
 * readTolerance(source, node); // 2
 */
export function readTolerance(source: YamlSource, node: Node | undefined): number {
  if (node === undefined) return 0;
  return readIntegerValue(source, node, 'tolerance', 0, 'a non-negative integer') ?? 0;
}

/** The bounds a file declares; either may be left out and is then taken from the records. */
export interface DeclaredWindow {
  startMs?: number;
  endMs?: number;
  /** Where to point a problem about the window as a whole. */
  node?: Node;
}

/**
 * Reads `window: {start, end}`.
 *
 * @example
 * readWindow(source, node); // { startMs: 1773014400000, endMs: 1773360000000, node }
 */
export function readWindow(source: YamlSource, node: Node | undefined): DeclaredWindow {
  if (node === undefined) return {};
  const fields = source.fields(node, 'window', ['start', 'end'], 'the window {start, end}');
  if (!fields) return {};
  const start = fields.get('start')?.value;
  const end = fields.get('end')?.value;
  const startMs = start === undefined ? undefined : readTimeValue(source, start, 'window.start');
  const endMs = end === undefined ? undefined : readTimeValue(source, end, 'window.end');
  if (startMs !== undefined && endMs !== undefined && startMs > endMs) {
    source.report(end, 'window.end', 'a time not before window.start', source.describe(end));
  }
  return { ...(startMs !== undefined ? { startMs } : {}), ...(endMs !== undefined ? { endMs } : {}), node };
}

/**
 * Reads `expect: {gate2: {answer, problem}}`, the scenario library's expected verdict.
 *
 * @example
 * readExpect(source, node); // { gate2: { answer: 'no', problem: 'process' } }
 */
export function readExpect(source: YamlSource, node: Node | undefined): Incident['expect'] | undefined {
  if (node === undefined) return undefined;
  const fields = source.fields(node, 'expect', ['gate2'], 'expected verdicts');
  const gate2Node = fields?.get('gate2')?.value;
  if (gate2Node === undefined) return undefined;
  const gate2 = source.fields(gate2Node, 'expect.gate2', ['answer', 'problem'], 'the expected Gate 2 verdict {answer, problem}');
  if (!gate2) return undefined;
  const read = <T extends string>(key: 'answer' | 'problem', values: readonly T[]): T | undefined => {
    const entry = gate2.get(key);
    if (entry?.value === undefined) {
      source.report(entry?.keyNode ?? gate2Node, `expect.gate2.${key}`, `one of ${values.join(', ')}`, 'nothing (it is required)');
      return undefined;
    }
    return readEnumValue(source, entry.value, `expect.gate2.${key}`, values);
  };
  const answer = read('answer', GATE2_ANSWERS);
  const problem = read('problem', GATE2_PROBLEMS);
  return answer !== undefined && problem !== undefined ? { gate2: { answer, problem } } : undefined;
}
