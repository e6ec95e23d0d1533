/**
 * The incident file as a YAML syntax tree with positions.
 *
 * The loader validates the tree (not a plain object made from it) so that every problem can
 * point at the line and column of the value, key or mapping it is about. JSON is YAML, so
 * this one parser serves both. Values are read through the helpers here, which resolve
 * aliases, treat `key: null` (or `key:` with nothing) as a left-out key, and read a number
 * written where text is meant by its source digits, so `sku: 00123` stays `00123`.
 */
import type { Document, Node } from 'yaml';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { InputError, describeFound } from './problems.js';
import { ProblemList } from './problem-list.js';
import type { SourcePosition } from './record-sink.js';

/** One key of a mapping: its text, its node (for positions) and its value node. */
export interface MappingEntry {
  key: string;
  keyNode: Node | null;
  /** The resolved value; undefined when the value is null, which counts as left out. */
  value: Node | undefined;
}

/** Joins a field path: `join('links[1]', 'every')` is `links[1].every`; an empty base gives the key. */
export function joinPath(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

function firstLine(message: string): string {
  const newline = message.indexOf('\n');
  return newline < 0 ? message : message.slice(0, newline);
}

/**
 * @example
 * const problems = new ProblemList();
 * const source = new YamlSource('version: 1\nname: x\n', 'x.yaml', problems);
 * const root = source.entries(source.root, '', 'the incident');
 */
export class YamlSource {
  /** The top-level node, resolved; undefined for an empty file. */
  readonly root: Node | undefined;
  /** False when the text is not valid YAML/JSON; the tree is then not worth validating. */
  readonly syntaxOk: boolean;
  private readonly lineCounter = new LineCounter();
  private readonly document: Document.Parsed;

  constructor(
    text: string,
    readonly file: string,
    private readonly problems: ProblemList,
  ) {
    // prettyErrors off: the problem carries the position itself, so the message stays one line.
    this.document = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true });
    const issues = [...this.document.errors, ...this.document.warnings];
    for (const issue of issues) {
      problems.add({
        file,
        ...this.positionAt(issue.pos[0]),
        path: '(syntax)',
        expected: 'valid YAML or JSON',
        // The parser's own advice for this one is addressed to programmers.
        found: issue.code === 'MULTIPLE_DOCS' ? 'a second document (after ---); an incident file holds one' : firstLine(issue.message),
      });
    }
    this.syntaxOk = issues.length === 0;
    this.root = this.resolve(this.document.contents ?? undefined);
  }

  /** Problems found so far in the whole load; a reader compares it before and after a part. */
  get problemCount(): number {
    return this.problems.count;
  }

  /** Line and column (both 1-based) of a source offset. */
  positionAt(offset: number): SourcePosition {
    const { line, col } = this.lineCounter.linePos(offset);
    return line > 0 ? { line, column: col } : {};
  }

  /** Where a node starts; nothing when it has no source range (a value the parser made up). */
  positionOf(node: Node | null | undefined): SourcePosition {
    return node?.range ? this.positionAt(node.range[0]) : {};
  }

  /** Adds a problem located at `node` (or at nothing, if it has no position). */
  report(node: Node | null | undefined, path: string, expected: string, found: string): void {
    this.problems.add({ file: this.file, ...this.positionOf(node), path, expected, found });
  }

  /** Follows an alias to the node it names; null scalars become undefined (left out). */
  resolve(node: Node | null | undefined): Node | undefined {
    const target = node && isAlias(node) ? (node.resolve(this.document) ?? undefined) : (node ?? undefined);
    if (target && isScalar(target) && target.value === null) return undefined;
    return target;
  }

  /** The text of a key or scalar as written: a string as is, a number or boolean by its source. */
  textOf(node: Node | null | undefined): string | undefined {
    const resolved = this.resolve(node);
    if (!resolved || !isScalar(resolved)) return undefined;
    if (typeof resolved.value === 'string') return resolved.value;
    if (typeof resolved.value === 'number' || typeof resolved.value === 'boolean') return resolved.source ?? String(resolved.value);
    return undefined;
  }

  /** Describes a node for a problem's `found`. */
  describe(node: Node | undefined): string {
    if (node === undefined) return 'nothing';
    if (isMap(node)) return 'a mapping';
    if (isSeq(node)) return `a list of ${node.items.length}`;
    if (isScalar(node)) return describeFound(node.value);
    return 'an unsupported YAML node';
  }

  /**
   * The entries of a mapping node, or undefined (after reporting `expected`) when the node is
   * not a mapping. Keys are read as text; a complex key is reported and skipped.
   */
  entries(node: Node | undefined, path: string, expected: string): MappingEntry[] | undefined {
    if (!node || !isMap(node)) {
      this.report(node, path || '(top level)', expected, this.describe(node));
      return undefined;
    }
    const entries: MappingEntry[] = [];
    for (const pair of node.items) {
      const keyNode = (pair.key ?? null) as Node | null;
      const key = this.textOf(keyNode);
      if (key === undefined) {
        this.report(keyNode ?? node, path || '(top level)', 'a text key', this.describe(this.resolve(keyNode)));
        continue;
      }
      entries.push({ key, keyNode, value: this.resolve(pair.value as Node | null) });
    }
    return entries;
  }

  /**
   * The fields of a mapping by name, reporting every key not in `allowed` as an unknown
   * field. Undefined (after reporting) when the node is not a mapping.
   */
  fields(node: Node | undefined, path: string, allowed: readonly string[], what: string): Map<string, MappingEntry> | undefined {
    const entries = this.entries(node, path, `a mapping (${what})`);
    if (!entries) return undefined;
    const fields = new Map<string, MappingEntry>();
    for (const entry of entries) {
      if (!allowed.includes(entry.key)) {
        this.report(entry.keyNode, joinPath(path, entry.key), `a field of ${what} (${allowed.join(', ')})`, `unknown field ${JSON.stringify(entry.key)}`);
        continue;
      }
      fields.set(entry.key, entry);
    }
    return fields;
  }

  /** The items of a list node, resolved, or undefined (after reporting) when it is not a list. */
  items(node: Node | undefined, path: string, expected: string): (Node | undefined)[] | undefined {
    if (!node || !isSeq(node)) {
      this.report(node, path, expected, this.describe(node));
      return undefined;
    }
    return node.items.map((item) => this.resolve(item as Node | null));
  }

  /**
   * A node as a plain value for checks that work on values (record fields, fault
   * parameters): scalars give their value, lists and mappings their converted contents.
   * The values of keys named in `textKeys` (and the items of such a list) read a number by
   * its source digits, so `sku: 00123` gives '00123'.
   */
  plain(node: Node | undefined, textKeys?: ReadonlySet<string>): unknown {
    if (node === undefined) return undefined;
    if (isScalar(node)) return node.value;
    if (isSeq(node)) return node.items.map((item) => this.plain(this.resolve(item as Node | null), textKeys));
    if (isMap(node)) {
      const record: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = this.textOf(pair.key as Node | null);
        if (key === undefined) continue;
        const value = this.resolve(pair.value as Node | null);
        record[key] = textKeys?.has(key) ? this.plainText(value) : this.plain(value, textKeys);
      }
      return record;
    }
    return undefined;
  }

  /** Like `plain`, reading scalars (and the scalars of a list) as written text. */
  plainText(node: Node | undefined): unknown {
    if (node !== undefined && isSeq(node)) return node.items.map((item) => this.plainText(this.resolve(item as Node | null)));
    return this.textOf(node) ?? this.plain(node);
  }

  /** Finds the value node at a dotted path below `node` (for locating a record's field). */
  nodeAt(node: Node | undefined, dottedPath: string): { node: Node | undefined; keyNode: Node | null } {
    let current = node;
    let keyNode: Node | null = null;
    for (const key of dottedPath.split('.')) {
      if (!current || !isMap(current)) break;
      const pair = current.items.find((candidate) => this.textOf(candidate.key as Node | null) === key);
      if (!pair) break;
      keyNode = (pair.key ?? null) as Node | null;
      current = this.resolve(pair.value as Node | null);
      if (!current) return { node: undefined, keyNode };
    }
    return { node: current, keyNode };
  }
}

/** A document whose top level is a mapping of known keys, opened (see openTopLevel). */
export interface TopLevel<K extends string> {
  source: YamlSource;
  problems: ProblemList;
  root: Node;
  /** The value node of a top-level key; undefined when left out. */
  get: (key: K) => Node | undefined;
}

/**
 * Opens a YAML (or JSON) document whose top level must be a mapping of `allowed` keys, as the
 * incident file and the import manifest are. Throws InputError for a syntax error, an empty
 * file (`expected` names what was wanted) or a top level that is not such a mapping; later
 * problems go to the returned list.
 *
 * @example
 * const top = openTopLevel('name: x\n', 'a.yaml', ['name'] as const, 'an incident', 'an incident mapping (name, ...)');
 * top.get('name'); // the scalar node `x`
 */
export function openTopLevel<K extends string>(text: string, path: string, allowed: readonly K[], what: string, expected: string): TopLevel<K> {
  const problems = new ProblemList();
  const source = new YamlSource(text, path, problems);
  if (!source.syntaxOk) throw new InputError(problems.toArray());
  const root = source.root;
  if (root === undefined) {
    problems.add({ file: path, path: '(top level)', expected, found: 'an empty file' });
    throw new InputError(problems.toArray());
  }
  const fields = source.fields(root, '', allowed, what);
  if (!fields) throw new InputError(problems.toArray());
  return { source, problems, root, get: (key) => fields.get(key)?.value };
}
