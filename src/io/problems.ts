/**
 * Input problems: what the loader, the validator and the `--fault` parser report.
 *
 * Every problem names where it is (file, line and column where the source has them, a CSV
 * row or NDJSON line number as `line`), the field path (`movements[3].at`), what was
 * expected and what was found. Loading collects every problem before it gives up, so a user
 * fixes a file in one pass.
 */
export interface Problem {
  file: string;
  line?: number;
  column?: number;
  /** Field path in the document, e.g. `links[1].every` or `movements.csv row 12: at`. */
  path: string;
  expected: string;
  found: string;
}

/** Thrown when input is invalid; the CLI prints `problems` and exits 2. */
export class InputError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the input`);
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** Describes a found value briefly for a problem message (never the whole of a large value). */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** One problem as a line of text: `file:line:column  path: expected X, found Y`. */
export function formatProblem(problem: Problem): string {
  const where = [problem.file, problem.line, problem.column].filter((part) => part !== undefined).join(':');
  return `${where}  ${problem.path}: expected ${problem.expected}, found ${problem.found}`;
}
