/**
 * The SuiteQL subset the NetSuite mock answers: enough for the quantity queries connectors
 * send, parsed and run over three virtual tables.
 *
 * Accepted grammar (keywords case-insensitive):
 *
 * ```
 * SELECT [TOP n] ( * | expr [[AS] alias] {, expr [[AS] alias]} )
 * FROM table [[AS] alias]
 * { [INNER | LEFT [OUTER]] JOIN table [[AS] alias] ON column = column }
 * [ WHERE predicate { AND predicate } ]
 * [ ORDER BY column [ASC | DESC] {, column [ASC | DESC]} ]
 *
 * expr      := column | UPPER(column) | LOWER(column)
 * column    := [table-or-alias.]name
 * predicate := expr (= | <> | != | < | <= | > | >=) literal
 *            | expr [NOT] IN (literal {, literal})
 *            | expr [NOT] LIKE 'pattern'            -- % and _ wildcards
 *            | expr IS [NOT] NULL
 * literal   := 'text' ('' escapes a quote) | number
 * ```
 *
 * Tables and columns (one row per SKU; the system has one location, id 1):
 * - `item`: `id`, `itemid`, `displayname`, `externalid`, `itemtype` (`InvtPart`)
 * - `inventoryitemlocations`: `item`, `location`, `quantityavailable`, `quantityonhand`,
 *   `quantitycommitted`, `quantityonorder`, `quantitybackordered`
 * - `location`: `id`, `name`
 *
 * Like SuiteQL over REST, result column names are lower case, values are strings, and null
 * values are left out of the row.
 *
 * @example
 * const rows = runSuiteQl(
 *   "SELECT item.itemid, inventoryitemlocations.quantityavailable FROM item " +
 *     "JOIN inventoryitemlocations ON inventoryitemlocations.item = item.id WHERE item.itemid = 'MUG-01'",
 *   tables,
 * );
 * // [{ itemid: 'MUG-01', quantityavailable: '40' }]
 */

export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

/** A virtual table: its columns (lower case) and a way to list its rows. */
export interface SqlTable {
  columns: readonly string[];
  rows(): Row[];
}

export class SuiteQlError extends Error {}

/** Rows are cut off here; SuiteQL over REST returns at most 100 000 results. */
export const MAX_RESULTS = 100_000;

type Token = { kind: 'word' | 'string' | 'number' | 'symbol'; text: string };

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < sql.length) {
    const char = sql[index]!;
    if (/\s/.test(char)) {
      index++;
    } else if (char === "'") {
      let text = '';
      index++;
      for (;;) {
        if (index >= sql.length) throw new SuiteQlError('Invalid search query. Unterminated string literal.');
        if (sql[index] === "'") {
          if (sql[index + 1] === "'") {
            text += "'";
            index += 2;
            continue;
          }
          index++;
          break;
        }
        text += sql[index];
        index++;
      }
      tokens.push({ kind: 'string', text });
    } else if (/[0-9]/.test(char) || (char === '-' && /[0-9]/.test(sql[index + 1] ?? ''))) {
      const match = /^-?[0-9]+(\.[0-9]+)?/.exec(sql.slice(index))!;
      tokens.push({ kind: 'number', text: match[0] });
      index += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(sql.slice(index))!;
      tokens.push({ kind: 'word', text: match[0] });
      index += match[0].length;
    } else {
      const two = sql.slice(index, index + 2);
      if (two === '<>' || two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ kind: 'symbol', text: two });
        index += 2;
      } else if ('(),*=<>;'.includes(char)) {
        tokens.push({ kind: 'symbol', text: char });
        index++;
      } else {
        throw new SuiteQlError(`Invalid search query. Unexpected character ${JSON.stringify(char)}.`);
      }
    }
  }
  while (tokens.length > 0 && tokens[tokens.length - 1]!.text === ';') tokens.pop();
  return tokens;
}

interface ColumnRef {
  /** Table alias as written (lower case), or undefined when unqualified. */
  table: string | undefined;
  name: string;
  transform: 'upper' | 'lower' | undefined;
}

interface Predicate {
  column: ColumnRef;
  operator: '=' | '<>' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'like' | 'not like' | 'is null' | 'is not null';
  values: SqlValue[];
}

interface Source {
  table: string;
  alias: string;
}

interface Join {
  source: Source;
  left: boolean;
  on: [ColumnRef, ColumnRef];
}

interface Query {
  top: number | undefined;
  star: boolean;
  select: { column: ColumnRef; alias: string }[];
  from: Source;
  joins: Join[];
  where: Predicate[];
  orderBy: { column: ColumnRef; descending: boolean }[];
}

const RESERVED = new Set(['select', 'top', 'from', 'join', 'inner', 'left', 'outer', 'on', 'where', 'and', 'order', 'by', 'asc', 'desc', 'as', 'in', 'not', 'like', 'is', 'null']);

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  }

  private accept(word: string): boolean {
    if (this.isWord(word)) {
      this.position++;
      return true;
    }
    return false;
  }

  private expect(word: string): void {
    if (!this.accept(word)) throw new SuiteQlError(`Invalid search query. Expected ${word.toUpperCase()} near ${this.near()}.`);
  }

  private expectSymbol(symbol: string): void {
    const token = this.peek();
    if (token?.kind !== 'symbol' || token.text !== symbol) throw new SuiteQlError(`Invalid search query. Expected "${symbol}" near ${this.near()}.`);
    this.position++;
  }

  private near(): string {
    const token = this.peek();
    return token ? JSON.stringify(token.text) : 'the end';
  }

  parse(): Query {
    this.expect('select');
    let top: number | undefined;
    if (this.accept('top')) {
      const token = this.tokens[this.position++];
      if (token?.kind !== 'number') throw new SuiteQlError('Invalid search query. TOP needs a number.');
      top = Number(token.text);
    }
    const select: { column: ColumnRef; alias: string }[] = [];
    let star = false;
    if (this.peek()?.text === '*') {
      this.position++;
      star = true;
    } else {
      do {
        const column = this.expression();
        let alias = column.name;
        if (this.accept('as')) alias = this.identifier();
        else if (this.peek()?.kind === 'word' && !RESERVED.has(this.peek()!.text.toLowerCase())) alias = this.identifier();
        select.push({ column, alias: alias.toLowerCase() });
      } while (this.acceptSymbol(','));
    }
    this.expect('from');
    const from = this.source();
    const joins: Join[] = [];
    for (;;) {
      let left = false;
      if (this.accept('left')) {
        left = true;
        this.accept('outer');
      } else this.accept('inner');
      if (!this.accept('join')) {
        if (left) throw new SuiteQlError(`Invalid search query. Expected JOIN near ${this.near()}.`);
        break;
      }
      const source = this.source();
      this.expect('on');
      const leftColumn = this.column();
      this.expectSymbol('=');
      const rightColumn = this.column();
      joins.push({ source, left, on: [leftColumn, rightColumn] });
    }
    const where: Predicate[] = [];
    if (this.accept('where')) {
      do where.push(this.predicate());
      while (this.accept('and'));
    }
    const orderBy: { column: ColumnRef; descending: boolean }[] = [];
    if (this.accept('order')) {
      this.expect('by');
      do {
        const column = this.column();
        const descending = this.accept('desc');
        if (!descending) this.accept('asc');
        orderBy.push({ column, descending });
      } while (this.acceptSymbol(','));
    }
    if (this.peek()) {
      throw new SuiteQlError(`Invalid search query. Unsupported or unexpected ${this.near()} (drift-sim answers a SuiteQL subset: see mocks/netsuite/suiteql.ts).`);
    }
    return { top, star, select, from, joins, where, orderBy };
  }

  private acceptSymbol(symbol: string): boolean {
    const token = this.peek();
    if (token?.kind === 'symbol' && token.text === symbol) {
      this.position++;
      return true;
    }
    return false;
  }

  private identifier(): string {
    const token = this.tokens[this.position++];
    if (token?.kind !== 'word') throw new SuiteQlError(`Invalid search query. Expected a name near ${token ? JSON.stringify(token.text) : 'the end'}.`);
    return token.text;
  }

  private source(): Source {
    const table = this.identifier().toLowerCase();
    let alias = table;
    if (this.accept('as')) alias = this.identifier().toLowerCase();
    else if (this.peek()?.kind === 'word' && !RESERVED.has(this.peek()!.text.toLowerCase())) alias = this.identifier().toLowerCase();
    return { table, alias };
  }

  private column(): ColumnRef {
    const text = this.identifier().toLowerCase();
    const dot = text.lastIndexOf('.');
    return dot < 0 ? { table: undefined, name: text, transform: undefined } : { table: text.slice(0, dot), name: text.slice(dot + 1), transform: undefined };
  }

  private expression(): ColumnRef {
    if ((this.isWord('upper') || this.isWord('lower')) && this.tokens[this.position + 1]?.text === '(') {
      const transform = this.identifier().toLowerCase() as 'upper' | 'lower';
      this.expectSymbol('(');
      const column = this.column();
      this.expectSymbol(')');
      return { ...column, transform };
    }
    return this.column();
  }

  private literal(): SqlValue {
    const token = this.tokens[this.position++];
    if (token?.kind === 'string') return token.text;
    if (token?.kind === 'number') return Number(token.text);
    if (token?.kind === 'word' && token.text.toLowerCase() === 'null') return null;
    throw new SuiteQlError(`Invalid search query. Expected a value near ${token ? JSON.stringify(token.text) : 'the end'}.`);
  }

  private predicate(): Predicate {
    const column = this.expression();
    if (this.accept('is')) {
      const negated = this.accept('not');
      this.expect('null');
      return { column, operator: negated ? 'is not null' : 'is null', values: [] };
    }
    const negated = this.accept('not');
    if (this.accept('in')) {
      this.expectSymbol('(');
      const values: SqlValue[] = [];
      do values.push(this.literal());
      while (this.acceptSymbol(','));
      this.expectSymbol(')');
      return { column, operator: negated ? 'not in' : 'in', values };
    }
    if (this.accept('like')) return { column, operator: negated ? 'not like' : 'like', values: [this.literal()] };
    if (negated) throw new SuiteQlError(`Invalid search query. Expected IN or LIKE after NOT near ${this.near()}.`);
    const token = this.tokens[this.position++];
    const operator = token?.kind === 'symbol' ? (token.text === '!=' ? '<>' : token.text) : undefined;
    if (operator !== '=' && operator !== '<>' && operator !== '<' && operator !== '<=' && operator !== '>' && operator !== '>=') {
      throw new SuiteQlError(`Invalid search query. Expected a comparison near ${token ? JSON.stringify(token.text) : 'the end'}.`);
    }
    return { column, operator, values: [this.literal()] };
  }
}

/** Parses `sql`; throws `SuiteQlError` with a NetSuite-like message when it is outside the subset. */
export function parseSuiteQl(sql: string): Query {
  return new Parser(tokenize(sql)).parse();
}

/** A joined row: table alias to that table's row (undefined for an unmatched LEFT JOIN). */
type Joined = Map<string, Row | undefined>;

/** Runs `sql` over `tables`; rows in the order SuiteQL would give for the subset. */
export function runSuiteQl(sql: string, tables: Readonly<Record<string, SqlTable>>): Record<string, string>[] {
  const query = parseSuiteQl(sql);
  const sources = [query.from, ...query.joins.map((join) => join.source)];
  for (const source of sources) {
    if (!tables[source.table]) throw new SuiteQlError(`Invalid search query. Detailed unprocessed description follows. Search error occurred: Record '${source.table}' was not found.`);
  }
  const aliases = new Map(sources.map((source) => [source.alias, source.table]));
  const resolve = (column: ColumnRef): { alias: string; name: string } => {
    const candidates = column.table !== undefined ? [column.table] : sources.filter((source) => tables[source.table]!.columns.includes(column.name)).map((source) => source.alias);
    const alias = candidates[0];
    const table = alias === undefined ? undefined : aliases.get(alias);
    if (alias === undefined || table === undefined || !tables[table]!.columns.includes(column.name)) {
      const record = column.table !== undefined ? (aliases.get(column.table) ?? column.table) : query.from.table;
      throw new SuiteQlError(`Invalid search query. Detailed unprocessed description follows. Search error occurred: Field '${column.name}' for record '${record}' was not found.`);
    }
    return { alias, name: column.name };
  };
  const read = (row: Joined, column: ColumnRef): SqlValue => {
    const { alias, name } = resolve(column);
    const value = row.get(alias)?.[name] ?? null;
    if (value === null || column.transform === undefined) return value;
    return column.transform === 'upper' ? String(value).toUpperCase() : String(value).toLowerCase();
  };

  let rows: Joined[] = tables[query.from.table]!.rows().map((row) => new Map([[query.from.alias, row]]));
  for (const join of query.joins) {
    const right = tables[join.source.table]!.rows();
    const next: Joined[] = [];
    for (const row of rows) {
      let matched = false;
      for (const candidate of right) {
        const combined = new Map(row).set(join.source.alias, candidate);
        if (equal(read(combined, join.on[0]), read(combined, join.on[1]))) {
          next.push(combined);
          matched = true;
        }
      }
      if (!matched && join.left) next.push(new Map(row).set(join.source.alias, undefined));
    }
    rows = next;
  }
  rows = rows.filter((row) => query.where.every((predicate) => holds(predicate, read(row, predicate.column))));
  if (query.orderBy.length > 0) {
    rows.sort((a, b) => {
      for (const order of query.orderBy) {
        const difference = compare(read(a, order.column), read(b, order.column));
        if (difference !== 0) return order.descending ? -difference : difference;
      }
      return 0;
    });
  }
  if (query.top !== undefined) rows = rows.slice(0, query.top);
  rows = rows.slice(0, MAX_RESULTS);
  const select = query.star
    ? sources.flatMap((source) => tables[source.table]!.columns.map((name) => ({ column: { table: source.alias, name, transform: undefined }, alias: name })))
    : query.select;
  return rows.map((row) => {
    const out: Record<string, string> = {};
    for (const item of select) {
      const value = read(row, item.column);
      if (value !== null) out[item.alias] = String(value);
    }
    return out;
  });
}

function equal(a: SqlValue, b: SqlValue): boolean {
  if (a === null || b === null) return false;
  return typeof a === 'number' || typeof b === 'number' ? Number(a) === Number(b) : a === b;
}

function compare(a: SqlValue, b: SqlValue): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function holds(predicate: Predicate, value: SqlValue): boolean {
  switch (predicate.operator) {
    case 'is null':
      return value === null;
    case 'is not null':
      return value !== null;
    case 'in':
      return predicate.values.some((candidate) => equal(value, candidate));
    case 'not in':
      return value !== null && !predicate.values.some((candidate) => equal(value, candidate));
    case 'like':
    case 'not like': {
      if (value === null) return false;
      const pattern = String(predicate.values[0] ?? '');
      const regex = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 's');
      return regex.test(String(value)) === (predicate.operator === 'like');
    }
    default: {
      const other = predicate.values[0] ?? null;
      if (value === null || other === null) return false;
      const difference = typeof value === 'number' || typeof other === 'number' ? Number(value) - Number(other) : compare(value, other);
      switch (predicate.operator) {
        case '=':
          return difference === 0;
        case '<>':
          return difference !== 0;
        case '<':
          return difference < 0;
        case '<=':
          return difference <= 0;
        case '>':
          return difference > 0;
        case '>=':
          return difference >= 0;
      }
    }
  }
}
