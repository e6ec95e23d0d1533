/**
 * The problems one load collects, bounded per file.
 *
 * Loading never stops at the first problem, but a broken 10-million-line export must not
 * hold 10 million problem objects either: each file keeps its first `maxPerFile` problems
 * and only counts the rest, which `toArray` reports as one closing "N more" line.
 */
import type { Problem } from './problems.js';

/** How many problems one file lists before the rest are only counted. */
export const MAX_PROBLEMS_PER_FILE = 200;

/**
 * Collects problems in the order found, keeping at most `maxPerFile` per file.
 *
 * @example
 * const problems = new ProblemList();
 * problems.add({ file: 'a.yaml', line: 3, path: 'name', expected: '[a-z0-9-]+', found: '"A B"' });
 * problems.count; // 1
 * problems.toArray(); // [{ file: 'a.yaml', line: 3, ... }]
 */
export class ProblemList {
  private readonly kept: Problem[] = [];
  private readonly perFile = new Map<string, number>();
  private total = 0;

  constructor(private readonly maxPerFile: number = MAX_PROBLEMS_PER_FILE) {}

  /** The most problems listed per file. */
  get maxProblemsPerFile(): number {
    return this.maxPerFile;
  }

  /** The problems kept, in the order they were added (`toArray` sorts them for reading). */
  inOrder(): readonly Problem[] {
    return this.kept;
  }

  /** Every problem added so far, including the ones only counted. */
  get count(): number {
    return this.total;
  }

  /** True when `file` has reached its cap, so a caller can skip building a problem it would drop. */
  isFull(file: string): boolean {
    return (this.perFile.get(file) ?? 0) >= this.maxPerFile;
  }

  /** Counts one more problem for a file without building it (the caller checked `isFull`). */
  countDropped(file: string): void {
    this.total++;
    this.perFile.set(file, (this.perFile.get(file) ?? 0) + 1);
  }

  add(problem: Problem): void {
    const seen = (this.perFile.get(problem.file) ?? 0) + 1;
    this.perFile.set(problem.file, seen);
    this.total++;
    if (seen <= this.maxPerFile) this.kept.push(problem);
  }

  /**
   * The problems grouped by file (in the order each file first had one) and, within a file,
   * by line and column, so they read top to bottom; each file over its cap ends with a line
   * saying how many more it had.
   */
  toArray(): Problem[] {
    const fileOrder = new Map<string, number>();
    for (const problem of this.kept) if (!fileOrder.has(problem.file)) fileOrder.set(problem.file, fileOrder.size);
    const sorted = this.kept
      .map((problem, index) => ({ problem, index }))
      .sort(
        (a, b) =>
          fileOrder.get(a.problem.file)! - fileOrder.get(b.problem.file)! ||
          (a.problem.line ?? 0) - (b.problem.line ?? 0) ||
          (a.problem.column ?? 0) - (b.problem.column ?? 0) ||
          a.index - b.index,
      )
      .map((entry) => entry.problem);
    const result: Problem[] = [];
    for (const [file] of fileOrder) {
      for (const problem of sorted) if (problem.file === file) result.push(problem);
      const seen = this.perFile.get(file)!;
      if (seen > this.maxPerFile) {
        result.push({
          file,
          path: '(more)',
          expected: `at most ${this.maxPerFile} problems listed per file`,
          found: `${seen - this.maxPerFile} more problems in this file`,
        });
      }
    }
    return result;
  }
}
