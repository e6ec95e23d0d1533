/**
 * The mocked NetSuite REST web services of one `erp` system, under `<base>/<system>/services/rest`:
 *
 * | method | path | answers |
 * |---|---|---|
 * | GET | `/record/v1/inventoryItem?limit=&offset=&q=` | collection of `{ links, id }` (q: `itemId IS "X"`, `IS_NOT`, `START_WITH`, `CONTAIN`, joined by AND) |
 * | GET | `/record/v1/inventoryItem/{id}` (or `eid:{externalId}`) | the record; `?expandSubResources=true` inlines `locations` |
 * | GET | `/record/v1/inventoryItem/{id}/locations` | the locations sublist (quantityAvailable, quantityOnHand, ...) |
 * | PATCH | `/record/v1/inventoryItem/{id}` | `itemId` / `displayName` update, 204; an `itemId` over 60 characters is refused |
 * | POST | `/record/v1/inventoryAdjustment` | 204 with `Location` of the new record; see `inventory-adjustments.ts` |
 * | GET | `/record/v1/inventoryAdjustment[/{id}]` | the adjustments created |
 * | POST | `/query/v1/suiteql?limit=&offset=` | `{ q }` run over the subset in `suiteql.ts` |
 *
 * Authentication: `Authorization: Bearer <accessToken>` (OAuth 2.0) or an OAuth 1.0 header
 * whose `oauth_token` is the access token (token-based authentication; signatures are not
 * checked). Otherwise 401 `INVALID_LOGIN`. More requests in flight than the concurrency limit:
 * 429. Errors have NetSuite's shape (`netsuite-errors.ts`).
 *
 * @example
 * const api = createNetSuiteHandlers(context, 1);
 * await fetch(`${api.baseUrl}/services/rest/query/v1/suiteql`, {
 *   method: 'POST',
 *   headers: { Authorization: `Bearer ${context.accessToken}`, Prefer: 'transient', 'Content-Type': 'application/json' },
 *   body: JSON.stringify({ q: "SELECT itemid FROM item WHERE itemid = 'MUG-01'" }),
 * });
 */
import { HttpResponse, http } from 'msw';
import type { MockContext } from '../context.js';
import { systemBaseUrl } from '../context.js';
import { consultFaults, lostResponse, pathAfter } from '../shared/fault-gate.js';
import type { MockSystemApi } from '../shared/system-api.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { InventoryAdjustments, tooLong } from './inventory-adjustments.js';
import { ItemRecords, LOCATION_ID } from './item-records.js';
import { invalidLogin, netsuiteError, nonexistentRecord } from './netsuite-errors.js';
import type { SqlTable } from './suiteql.js';
import { SuiteQlError, runSuiteQl } from './suiteql.js';

const RECORD_TYPE = 'application/vnd.oracle.resource+json; type=singular';
const COLLECTION_TYPE = 'application/vnd.oracle.resource+json; type=collection';
/** NetSuite's largest page for record collections and SuiteQL. */
const MAX_LIMIT = 1000;
/** Item Name/Number length limit assumed by the mock (commonly cited; configurable). */
export const DEFAULT_ITEM_ID_MAX_LENGTH = 60;
export const DEFAULT_CONCURRENCY_LIMIT = 5;

export function createNetSuiteHandlers(context: MockContext, system: number): MockSystemApi {
  const definition = context.incident.systems[system];
  if (!definition) throw new Error(`createNetSuiteHandlers: no system ${system}`);
  const baseUrl = systemBaseUrl(context, system);
  const rest = `${baseUrl}/services/rest`;
  const items = new ItemRecords(context, system);
  const adjustments = new InventoryAdjustments(context, system, items);
  const gate = new ConcurrencyGate(context.options?.netsuiteConcurrencyLimit ?? DEFAULT_CONCURRENCY_LIMIT);
  const itemIdMaxLength = context.options?.netsuiteItemIdMaxLength ?? DEFAULT_ITEM_ID_MAX_LENGTH;
  const itemUrl = (sku: number) => `${rest}/record/v1/inventoryItem/${items.internalId(sku)}`;

  /** Authentication, the fault hook and the concurrency gate, around every endpoint. */
  const guarded =
    (work: (request: Request, params: Record<string, string | readonly string[] | undefined>) => Promise<Response> | Response) =>
    async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
      if (!authorized(request, context.accessToken)) return invalidLogin();
      const verdict = consultFaults(context, system, request, pathAfter(baseUrl, request), undefined);
      if (verdict === 'timeout') return lostResponse();
      if (verdict === 'throttle') return concurrencyExceeded();
      if (verdict === 'error5xx') return netsuiteError(500, 'UNEXPECTED_ERROR', 'An unexpected error occurred. Error ID: drift-sim-fault');
      const response = await gate.run(async () => work(request, params), concurrencyExceeded);
      return verdict === 'timeout-after-apply' ? lostResponse() : response;
    };

  const itemRecord = (sku: number, expand: boolean) => ({
    links: [{ rel: 'self', href: itemUrl(sku) }],
    id: String(items.internalId(sku)),
    itemId: items.itemId(sku),
    displayName: items.displayName(sku),
    externalId: items.externalId(sku),
    itemType: { id: 'InvtPart', refName: 'Inventory Item' },
    locations: expand ? locationsSublist(sku, true) : { links: [{ rel: 'self', href: `${itemUrl(sku)}/locations` }] },
  });

  const locationsSublist = (sku: number, expand: boolean) => {
    const href = `${itemUrl(sku)}/locations`;
    const line = {
      links: [{ rel: 'self', href: `${href}/${LOCATION_ID}` }],
      ...(expand
        ? {
            location: { links: [], id: String(LOCATION_ID), refName: items.locationName() },
            locationId: { id: String(LOCATION_ID), refName: items.locationName() },
            quantityAvailable: items.quantity(sku),
            quantityOnHand: items.quantity(sku),
            quantityCommitted: 0,
            quantityOnOrder: 0,
            quantityBackOrdered: 0,
          }
        : {}),
    };
    return { links: [{ rel: 'self', href }], items: [line], totalResults: 1 };
  };

  const skuOfPath = (id: string | readonly string[] | undefined): number | undefined => {
    const text = typeof id === 'string' ? decodeURIComponent(id) : undefined;
    if (text === undefined) return undefined;
    return text.startsWith('eid:') ? items.byExternalId(text.slice(4)) : items.byInternalId(text);
  };

  const handlers = [
    http.get(
      `${rest}/record/v1/inventoryItem`,
      guarded((request) => {
        const url = new URL(request.url);
        const page = paging(url);
        if ('error' in page) return page.error;
        const filter = parseItemFilter(url.searchParams.get('q'));
        if ('error' in filter) return filter.error;
        const matching = Array.from({ length: items.count }, (_, sku) => sku).filter((sku) =>
          filter.conditions.every((condition) => condition.test(fieldOf(sku, condition.field))),
        );
        return collection(
          url,
          matching.map((sku) => ({ links: [{ rel: 'self', href: itemUrl(sku) }], id: String(items.internalId(sku)) })),
          page,
        );
      }),
    ),
    http.get(
      `${rest}/record/v1/inventoryItem/:id`,
      guarded((request, params) => {
        const sku = skuOfPath(params.id);
        if (sku === undefined) return nonexistentRecord();
        const expand = new URL(request.url).searchParams.get('expandSubResources') === 'true';
        return HttpResponse.json(itemRecord(sku, expand), { headers: { 'Content-Type': RECORD_TYPE } });
      }),
    ),
    http.get(
      `${rest}/record/v1/inventoryItem/:id/locations`,
      guarded((request, params) => {
        const sku = skuOfPath(params.id);
        if (sku === undefined) return nonexistentRecord();
        const expand = new URL(request.url).searchParams.get('expandSubResources') === 'true';
        return HttpResponse.json(locationsSublist(sku, expand), { headers: { 'Content-Type': COLLECTION_TYPE } });
      }),
    ),
    http.get(
      `${rest}/record/v1/inventoryItem/:id/locations/:line`,
      guarded((_request, params) => {
        const sku = skuOfPath(params.id);
        if (sku === undefined || params.line !== String(LOCATION_ID)) return nonexistentRecord();
        return HttpResponse.json(locationsSublist(sku, true).items[0], { headers: { 'Content-Type': RECORD_TYPE } });
      }),
    ),
    http.patch(
      `${rest}/record/v1/inventoryItem/:id`,
      guarded(async (request, params) => {
        const sku = skuOfPath(params.id);
        if (sku === undefined) return nonexistentRecord();
        const body = await readJson(request);
        if (body === undefined) return netsuiteError(400, 'INVALID_CONTENT', 'Invalid content in the request body. The request body must be a JSON object.');
        if (body.itemId !== undefined) {
          if (typeof body.itemId !== 'string' || body.itemId.trim() === '') {
            return netsuiteError(400, 'USER_ERROR', 'Error while accessing resource: Please enter value(s) for: Item Name/Number', { 'o:errorPath': 'itemId' });
          }
          if (body.itemId.length > itemIdMaxLength) return tooLong('itemId', itemIdMaxLength);
          const holder = items.byItemId(body.itemId);
          if (holder !== undefined && holder !== sku) {
            return netsuiteError(400, 'USER_ERROR', 'Error while accessing resource: The Item Name/Number you have chosen is already taken.', { 'o:errorPath': 'itemId' });
          }
          items.rename(sku, body.itemId);
        }
        return new Response(null, { status: 204 });
      }),
    ),
    http.post(
      `${rest}/record/v1/inventoryAdjustment`,
      guarded(async (request) => {
        const body = await readJson(request);
        const outcome = adjustments.create(body ?? null);
        if ('error' in outcome) return outcome.error;
        return new Response(null, { status: 204, headers: { Location: `${rest}/record/v1/inventoryAdjustment/${outcome.id}` } });
      }),
    ),
    http.get(
      `${rest}/record/v1/inventoryAdjustment`,
      guarded((request) => {
        const url = new URL(request.url);
        const page = paging(url);
        if ('error' in page) return page.error;
        return collection(
          url,
          adjustments.all().map((record) => ({ links: [{ rel: 'self', href: `${rest}/record/v1/inventoryAdjustment/${record.id}` }], id: String(record.id) })),
          page,
        );
      }),
    ),
    http.get(
      `${rest}/record/v1/inventoryAdjustment/:id`,
      guarded((_request, params) => {
        const id = typeof params.id === 'string' && /^\d+$/.test(params.id) ? Number(params.id) : 0;
        const record = adjustments.get(id);
        if (!record) return nonexistentRecord();
        return HttpResponse.json(
          {
            links: [{ rel: 'self', href: `${rest}/record/v1/inventoryAdjustment/${record.id}` }],
            id: String(record.id),
            ...(record.externalId !== undefined ? { externalId: record.externalId } : {}),
            tranId: String(record.id),
            tranDate: record.tranDate,
            ...(record.memo !== undefined ? { memo: record.memo } : {}),
            account: { id: record.account },
            ...(record.subsidiary !== undefined ? { subsidiary: { id: record.subsidiary } } : {}),
            inventory: {
              items: record.lines.map((line, index) => ({
                line: index + 1,
                item: { id: String(items.internalId(line.sku)), refName: items.itemId(line.sku) },
                location: { id: String(LOCATION_ID), refName: items.locationName() },
                adjustQtyBy: line.adjustQtyBy,
                ...(line.memo !== undefined ? { memo: line.memo } : {}),
              })),
            },
          },
          { headers: { 'Content-Type': RECORD_TYPE } },
        );
      }),
    ),
    http.post(
      `${rest}/query/v1/suiteql`,
      guarded(async (request) => {
        const url = new URL(request.url);
        const page = paging(url);
        if ('error' in page) return page.error;
        const body = await readJson(request);
        if (!body || typeof body.q !== 'string' || body.q.trim() === '') {
          return netsuiteError(400, 'INVALID_PARAMETER', 'The request body must contain the query in the parameter "q".', { 'o:errorPath': 'q' });
        }
        try {
          const rows = runSuiteQl(body.q, suiteQlTables(items));
          return collection(
            url,
            rows.map((row) => ({ links: [], ...row })),
            page,
          );
        } catch (error) {
          if (error instanceof SuiteQlError) return netsuiteError(400, 'INVALID_PARAMETER', error.message, { 'o:errorQueryParam': 'q' });
          throw error;
        }
      }),
    ),
  ];

  function fieldOf(sku: number, field: string): string {
    switch (field) {
      case 'itemid':
        return items.itemId(sku);
      case 'externalid':
        return items.externalId(sku);
      case 'displayname':
        return items.displayName(sku);
      default:
        return String(items.internalId(sku));
    }
  }

  return { system, kind: 'erp', baseUrl, handlers, settled: () => Promise.resolve(), dispose: () => undefined };
}

/** The three virtual tables SuiteQL reads, over the current counts. */
function suiteQlTables(items: ItemRecords): Record<string, SqlTable> {
  const skus = () => Array.from({ length: items.count }, (_, sku) => sku);
  return {
    item: {
      columns: ['id', 'itemid', 'displayname', 'externalid', 'itemtype'],
      rows: () =>
        skus().map((sku) => ({
          id: items.internalId(sku),
          itemid: items.itemId(sku),
          displayname: items.displayName(sku),
          externalid: items.externalId(sku),
          itemtype: 'InvtPart',
        })),
    },
    inventoryitemlocations: {
      columns: ['item', 'location', 'quantityavailable', 'quantityonhand', 'quantitycommitted', 'quantityonorder', 'quantitybackordered'],
      rows: () =>
        skus().map((sku) => ({
          item: items.internalId(sku),
          location: LOCATION_ID,
          quantityavailable: items.quantity(sku),
          quantityonhand: items.quantity(sku),
          quantitycommitted: 0,
          quantityonorder: 0,
          quantitybackordered: 0,
        })),
    },
    location: { columns: ['id', 'name'], rows: () => [{ id: LOCATION_ID, name: items.locationName() }] },
  };
}

function authorized(request: Request, token: string): boolean {
  const header = request.headers.get('Authorization') ?? '';
  if (header === `Bearer ${token}`) return true;
  if (!header.startsWith('OAuth ')) return false;
  const match = /oauth_token="([^"]*)"/.exec(header);
  return match !== null && decodeURIComponent(match[1]!) === token;
}

function concurrencyExceeded(): Response {
  return netsuiteError(429, 'CONCURRENCY_LIMIT_EXCEEDED', 'Concurrent request limit exceeded. Request blocked.');
}

async function readJson(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await request.text());
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

interface Page {
  limit: number;
  offset: number;
}

function paging(url: URL): Page | { error: Response } {
  const limitText = url.searchParams.get('limit');
  const offsetText = url.searchParams.get('offset');
  const limit = limitText === null ? MAX_LIMIT : Number(limitText);
  const offset = offsetText === null ? 0 : Number(offsetText);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return { error: netsuiteError(400, 'INVALID_PARAMETER', `Invalid value for the parameter limit. It must be an integer from 1 to ${MAX_LIMIT}.`, { 'o:errorQueryParam': 'limit' }) };
  }
  if (!Number.isSafeInteger(offset) || offset < 0) {
    return { error: netsuiteError(400, 'INVALID_PARAMETER', 'Invalid value for the parameter offset. It must be a non-negative integer.', { 'o:errorQueryParam': 'offset' }) };
  }
  return { limit, offset };
}

/** NetSuite's collection envelope with `next`/`previous` links. */
function collection(url: URL, all: readonly Record<string, unknown>[], page: Page): Response {
  const items = all.slice(page.offset, page.offset + page.limit);
  const link = (offset: number) => {
    const next = new URL(url);
    next.searchParams.set('limit', String(page.limit));
    next.searchParams.set('offset', String(offset));
    return next.href;
  };
  const links: { rel: string; href: string }[] = [];
  if (page.offset > 0) links.push({ rel: 'previous', href: link(Math.max(0, page.offset - page.limit)) });
  if (page.offset + page.limit < all.length) links.push({ rel: 'next', href: link(page.offset + page.limit) });
  links.push({ rel: 'self', href: url.href });
  return HttpResponse.json(
    { links, count: items.length, hasMore: page.offset + page.limit < all.length, items, offset: page.offset, totalResults: all.length },
    { headers: { 'Content-Type': COLLECTION_TYPE } },
  );
}

interface ItemCondition {
  field: string;
  test: (value: string) => boolean;
}

/** REST record `q`: `field OP value` joined by AND; OP is IS, IS_NOT, START_WITH or CONTAIN. */
function parseItemFilter(q: string | null): { conditions: ItemCondition[] } | { error: Response } {
  if (q === null || q.trim() === '') return { conditions: [] };
  const conditions: ItemCondition[] = [];
  for (const part of q.split(/\s+AND\s+/i)) {
    const match = /^\s*(\w+)\s+(IS_NOT|IS|START_WITH|CONTAIN)\s+(?:"([^"]*)"|(\S+))\s*$/i.exec(part);
    const field = match?.[1]?.toLowerCase();
    if (!match || !field || !['itemid', 'externalid', 'displayname', 'id'].includes(field)) {
      return { error: netsuiteError(400, 'INVALID_PARAMETER', `Invalid query parameter q: ${q}.`, { 'o:errorQueryParam': 'q' }) };
    }
    const value = match[3] ?? match[4]!;
    const operator = match[2]!.toUpperCase();
    conditions.push({
      field,
      test:
        operator === 'IS'
          ? (candidate) => candidate === value
          : operator === 'IS_NOT'
            ? (candidate) => candidate !== value
            : operator === 'START_WITH'
              ? (candidate) => candidate.startsWith(value)
              : (candidate) => candidate.includes(value),
    });
  }
  return { conditions };
}
