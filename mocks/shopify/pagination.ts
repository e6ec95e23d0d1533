/**
 * Relay-style connections (`edges`, `nodes`, `pageInfo`) over an in-memory list, with
 * Shopify's rules: exactly one of `first` or `last`, at most 250, opaque cursors.
 *
 * @example
 * const page = paginate(['a', 'b', 'c'], { first: 2 });
 * page.nodes;                 // ['a', 'b']
 * page.pageInfo.hasNextPage;  // true
 */
import { GraphQLError } from 'graphql';

/** Shopify's largest page. */
export const MAX_PAGE_SIZE = 250;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** Cursors encode the position in the full list; they are opaque to clients, as Shopify's are. */
function cursorOf(index: number): string {
  return btoa(JSON.stringify({ last_id: index + 1 }));
}

function indexOf(cursor: string): number {
  try {
    const parsed = JSON.parse(atob(cursor)) as { last_id?: unknown };
    if (typeof parsed.last_id === 'number' && Number.isSafeInteger(parsed.last_id)) return parsed.last_id - 1;
  } catch {
    // Falls through to the error below: a cursor that does not decode is invalid.
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: 'BAD_REQUEST' } });
}

export function paginate<T>(all: readonly T[], args: PageArgs): Connection<T> {
  const first = args.first ?? undefined;
  const last = args.last ?? undefined;
  if ((first === undefined) === (last === undefined)) {
    throw new GraphQLError('you must provide one of first or last', { extensions: { code: 'BAD_REQUEST' } });
  }
  const size = (first ?? last)!;
  if (size < 0 || size > MAX_PAGE_SIZE) {
    throw new GraphQLError(`The ${first !== undefined ? 'first' : 'last'} argument must be between 0 and ${MAX_PAGE_SIZE}.`, {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  const ordered = args.reverse ? [...all].reverse() : all;
  let start = 0;
  let end = ordered.length;
  if (args.after) start = Math.max(start, indexOf(args.after) + 1);
  if (args.before) end = Math.min(end, indexOf(args.before));
  if (first !== undefined) end = Math.min(end, start + first);
  else start = Math.max(start, end - last!);
  const edges: { cursor: string; node: T }[] = [];
  for (let index = start; index < end; index++) edges.push({ cursor: cursorOf(index), node: ordered[index]! });
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: end < ordered.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
