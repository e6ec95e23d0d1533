/**
 * The part of Shopify's search syntax the mock's `query:` arguments understand:
 * `field:value` terms, values quoted with `"` or `'` when they hold spaces, a trailing `*`
 * for a prefix match, and `OR` / `AND` between terms (a space means AND, as in Shopify).
 * Matching is case-insensitive. Fields the mock does not know are ignored, as Shopify ignores
 * filters a resource does not support.
 *
 * @example
 * const query = parseSearchQuery('sku:"TEE BLK" OR sku:MUG-*');
 * matchesSearch(query, { sku: 'mug-01' }); // true
 */
export interface SearchTerm {
  field: string;
  value: string;
  prefix: boolean;
}

/** A disjunction of conjunctions: any group whose every term matches. */
export type SearchQuery = SearchTerm[][];

export function parseSearchQuery(text: string | null | undefined): SearchQuery {
  if (!text || text.trim() === '') return [];
  const groups: SearchTerm[][] = [[]];
  const tokens = tokenize(text);
  for (const token of tokens) {
    if (token === 'OR') {
      groups.push([]);
      continue;
    }
    if (token === 'AND') continue;
    const colon = token.indexOf(':');
    if (colon <= 0) {
      // A bare word searches the default field; for inventory items that is the SKU.
      groups[groups.length - 1]!.push(term('sku', token));
      continue;
    }
    groups[groups.length - 1]!.push(term(token.slice(0, colon).toLowerCase(), token.slice(colon + 1)));
  }
  return groups.filter((group) => group.length > 0);
}

function term(field: string, raw: string): SearchTerm {
  let value = raw;
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) value = value.slice(1, -1);
  const prefix = value.endsWith('*');
  return { field, value: (prefix ? value.slice(0, -1) : value).toLowerCase(), prefix };
}

/** Splits on whitespace outside quotes; keeps the quotes for `term` to strip. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const char of text) {
    if (quote) {
      current += char;
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      current += char;
      quote = char;
    } else if (/\s/.test(char)) {
      if (current) tokens.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

/** True when `record` (field name to value) satisfies the query; an empty query matches all. */
export function matchesSearch(query: SearchQuery, record: Readonly<Record<string, string | undefined>>): boolean {
  if (query.length === 0) return true;
  return query.some((group) =>
    group.every((searchTerm) => {
      if (!(searchTerm.field in record)) return true;
      const value = record[searchTerm.field]?.toLowerCase();
      if (value === undefined) return false;
      return searchTerm.prefix ? value.startsWith(searchTerm.value) : value === searchTerm.value;
    }),
  );
}
