/**
 * Faults from the file (`faults: [...]`) and from the command line (`--fault SPEC`), both
 * through the fault library's one parser, with problems placed in the file or on the flag.
 */
import type { Node } from 'yaml';
import { isMap } from 'yaml';
import type { FaultParamValue, FaultSpec } from '../sim/model.js';
import { formatTime, isZonelessTime } from '../sim/time.js';
import type { FaultContext, ParamProblem, ParamSpec } from '../sim/faults/index.js';
import { faultKind, parseFaultFlag, parseFaultSpec } from '../sim/faults/index.js';
import { describeFoundTime } from './field-values.js';
import type { ProblemList } from './problem-list.js';
import type { WindowBounds } from './record-sink.js';
import { expectedInsideWindow } from './record-sink.js';
import type { YamlSource } from './yaml-source.js';

/** The file name problems with `--fault` flags carry. */
export const FAULT_FLAG_FILE = '--fault';

/** Parameter types whose values are names or text, where YAML's `sku: 00123` must keep its digits. */
const TEXT_PARAM_TYPES: ReadonlySet<ParamSpec['type']> = new Set(['link', 'system', 'sku', 'skus', 'clock']);

export interface FaultReadContext extends FaultContext {
  /** The incident's window: a fault's `at` outside it could never act. */
  window: WindowBounds;
  /** True when the window was not declared but taken from the records, for a hint in the problem. */
  windowDefaulted: boolean;
}

/**
 * Reads `faults` (left out: none).
 *
 * @example
 * readFaults(source, node, { systems: ['wms', 'erp'], links: ['wms->erp'], linkModes: { 'wms->erp': 'batch' }, skus, window, windowDefaulted: false });
 * // [{ kind: 'cadence', params: { link: 'wms->erp', pausedOn: ['sat', 'sun'] } }]
 */
export function readFaults(source: YamlSource, node: Node | undefined, context: FaultReadContext): FaultSpec[] {
  const faults: FaultSpec[] = [];
  if (node === undefined) return faults;
  const items = source.items(node, 'faults', 'a list of faults like {kind: webhook_drop, link: wms->erp, nth: 10}') ?? [];
  items.forEach((item, index) => {
    const path = `faults[${index}]`;
    const kindWord = item && isMap(item) ? source.textOf(source.nodeAt(item, 'kind').node) : undefined;
    const definition = kindWord === undefined ? undefined : faultKind(kindWord);
    const textKeys = new Set(definition?.params.filter((param) => TEXT_PARAM_TYPES.has(param.type)).map((param) => param.name));
    const raw = source.plain(item, textKeys);
    const parsed = parseFaultSpec(raw, context);
    const place = (problem: ParamProblem): void => {
      let at: Node | null | undefined = item;
      if (problem.path !== '') {
        const found = source.nodeAt(item, problem.path);
        at = found.node ?? found.keyNode ?? item;
      }
      source.report(at, problem.path === '' ? path : `${path}.${problem.path}`, problem.expected, refineFound(kindWord, problem));
    };
    for (const problem of parsed.problems) place(problem);
    if (parsed.spec) {
      for (const problem of windowProblems(parsed.spec, context)) place(problem);
      faults.push(parsed.spec);
    }
  });
  return faults;
}

/**
 * Parses `--fault` flags; problems carry the file `--fault` and paths like `--fault[0].link`.
 *
 * @example
 * readFaultFlags(['webhook_drop:link=wms->erp,nth=10'], context, problems);
 * // [{ kind: 'webhook_drop', params: { link: 'wms->erp', nth: 10 } }]
 */
export function readFaultFlags(flags: readonly string[], context: FaultReadContext, problems: ProblemList): FaultSpec[] {
  const faults: FaultSpec[] = [];
  flags.forEach((flag, index) => {
    const kindWord = flag.split(':', 1)[0]!.trim();
    const parsed = parseFaultFlag(flag, context);
    const found = [...parsed.problems, ...(parsed.spec ? windowProblems(parsed.spec, context) : [])];
    for (const problem of found) {
      problems.add({
        file: FAULT_FLAG_FILE,
        path: problem.path === '' ? `--fault[${index}]` : `--fault[${index}].${problem.path}`,
        expected: problem.expected,
        found: refineFound(kindWord, problem),
      });
    }
    if (parsed.spec && found.length === 0) faults.push(parsed.spec);
  });
  return faults;
}

/** A time parameter outside the window: the fault would never act, which is surely a mistake. */
function windowProblems(spec: FaultSpec, context: FaultReadContext): ParamProblem[] {
  const problems: ParamProblem[] = [];
  const definition = faultKind(spec.kind);
  for (const param of definition?.params ?? []) {
    if (param.type !== 'time') continue;
    const value: FaultParamValue | undefined = spec.params[param.name];
    if (typeof value !== 'number' || (value >= context.window.startMs && value <= context.window.endMs)) continue;
    const hint = context.windowDefaulted ? ' (the window was taken from the first and last records; declare window to widen it)' : '';
    problems.push({ path: param.name, expected: `${expectedInsideWindow(context.window, formatTime)}${hint}`, found: formatTime(value) });
  }
  return problems;
}

/** Gives a zone-less time its own words, as everywhere else in the file. */
function refineFound(kind: string | undefined, problem: ParamProblem): string {
  const param = kind === undefined ? undefined : faultKind(kind)?.params.find((candidate) => candidate.name === problem.path);
  if (param?.type !== 'time' || !problem.found.startsWith('"')) return problem.found;
  const text: unknown = JSON.parse(problem.found);
  return typeof text === 'string' && isZonelessTime(text) ? describeFoundTime(text) : problem.found;
}
