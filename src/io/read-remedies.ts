/**
 * `--remedy` flags, through the remedy library's parser (the fault parser's machinery), with
 * every problem of every flag placed on the flag: `--remedy[1].link`.
 */
import { parseRemedyFlag } from '../fix/remedies/index.js';
import type { RemedySpec } from '../fix/remedy-kind.js';
import type { Incident } from '../sim/model.js';
import { ProblemList } from './problem-list.js';
import { InputError } from './problems.js';

/** The file name problems with `--remedy` flags carry. */
export const REMEDY_FLAG_FILE = '--remedy';

/**
 * Parses every flag; throws one InputError listing every problem of every flag.
 *
 * @example
 * readRemedyFlags(['retry:link=storefront->erp,attempts=5'], incident);
 * // [{ kind: 'retry', params: { link: 'storefront->erp', attempts: 5, backoff: 30000, keys: true } }]
 */
export function readRemedyFlags(flags: readonly string[], incident: Incident): RemedySpec[] {
  const problems = new ProblemList();
  const remedies: RemedySpec[] = [];
  flags.forEach((flag, index) => {
    const parsed = parseRemedyFlag(flag, incident);
    for (const problem of parsed.problems) {
      problems.add({
        file: REMEDY_FLAG_FILE,
        path: problem.path === '' ? `--remedy[${index}]` : `--remedy[${index}].${problem.path}`,
        expected: problem.expected,
        found: problem.found,
      });
    }
    if (parsed.spec) remedies.push(parsed.spec);
  });
  if (problems.count > 0) throw new InputError(problems.toArray());
  return remedies;
}
