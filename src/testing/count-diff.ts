/**
 * Readable per-SKU, per-system tables of counts that differ, for property failures and
 * matcher messages: one row per SKU (and instant, where there is one), one column per system,
 * `observed → simulated` where they differ.
 *
 * @example
 * formatDiffRows([{ sku: 'MUG-01', cells: [{ system: 'storefront', expected: 7, actual: 10 }] }]);
 * // "  MUG-01  storefront: expected 7, got 10 (+3)"
 */

export interface DiffCell {
  system: string;
  expected: number;
  actual: number | undefined;
}

export interface DiffRow {
  sku: string;
  /** ISO time, when the row is one instant's. */
  at?: string;
  cells: DiffCell[];
}

const signed = (value: number) => (value > 0 ? `+${value}` : String(value));

/**
 * One line per row, the differing systems side by side; at most `limit` rows, then a count.
 *
 * @example
 * formatDiffRows(rows, { expectedLabel: 'observed', actualLabel: 'simulated' });
 */
export function formatDiffRows(rows: readonly DiffRow[], labels: { expected?: string; actual?: string; limit?: number } = {}): string {
  const expected = labels.expected ?? 'expected';
  const actual = labels.actual ?? 'got';
  const limit = labels.limit ?? 20;
  const width = Math.max(0, ...rows.slice(0, limit).map((row) => `${row.at ? `${row.at}  ` : ''}${row.sku}`.length));
  const lines = rows.slice(0, limit).map((row) => {
    const head = `${row.at ? `${row.at}  ` : ''}${row.sku}`.padEnd(width);
    const cells = row.cells.map((cell) =>
      cell.actual === undefined ? `${cell.system}: ${expected} ${cell.expected}, not there` : `${cell.system}: ${expected} ${cell.expected}, ${actual} ${cell.actual} (${signed(cell.actual - cell.expected)})`,
    );
    return `  ${head}  ${cells.join('; ')}`;
  });
  if (rows.length > limit) lines.push(`  ... and ${rows.length - limit} more`);
  return lines.join('\n');
}
