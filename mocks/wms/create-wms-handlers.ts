/**
 * A generic REST WMS (also served for `3pl` systems), under `<base>/<system>`. There is no
 * single real WMS API to copy, so this one follows common practice (Stripe-style
 * `Idempotency-Key`, cursor feeds, signed webhooks) and is documented here as its contract.
 *
 * | method | path | answers |
 * |---|---|---|
 * | GET | `/inventory/{sku}` | `{ sku, quantity, updatedAt }`; 404 `SKU_NOT_FOUND` |
 * | GET | `/inventory?limit=&cursor=` | `{ items: [...], nextCursor }` (cursor: an offset; null at the end) |
 * | GET | `/transactions?since=&limit=` | `{ transactions: [...], nextCursor, hasMore }`; `since` is the last cursor seen (0 or absent: from the start); 410 `CURSOR_EXPIRED` past retention |
 * | POST | `/adjustments` | body `{ sku, delta }` or `{ sku, quantity }` (absolute), optional `reason`, `ref`; header `Idempotency-Key` |
 * | POST | `/webhooks` | body `{ url, events?: ['inventory.changed'] }`; 201 `{ id, url, events, createdAt }` |
 * | GET | `/webhooks` | `{ webhooks: [...] }` |
 * | DELETE | `/webhooks/{id}` | 204 |
 *
 * `POST /adjustments` answers 201 `{ id, sku, delta, quantityBefore, quantityAfter, createdAt }`
 * (`delta` is the change made: 0 when an absolute quantity was already there). With an
 * `Idempotency-Key` seen before and the same body, it answers 200 with the first response and
 * `Idempotent-Replayed: true`, applying nothing; the same key with another body: 422
 * `IDEMPOTENCY_KEY_REUSED`. A key that applied is recorded with `SystemState.claimKey`.
 *
 * Webhooks: for every change, a POST of `{ id, type: 'inventory.changed', occurredAt, data:
 * { transaction } }` with `X-WMS-Event-Id`, `X-WMS-Event-Type` and `X-WMS-Signature:
 * sha256=<hex HMAC-SHA256 of the raw body keyed with the app secret>`.
 *
 * Errors: `{ error: { code, message } }`; 401 `UNAUTHORIZED` without `Authorization: Bearer
 * <accessToken>`; 400 `INVALID_REQUEST`; under the fault hook 429 `RATE_LIMITED` with
 * `Retry-After: 1`, or 503 `SERVICE_UNAVAILABLE`.
 *
 * @example
 * const api = createWmsHandlers(context, 0);
 * await fetch(`${api.baseUrl}/adjustments`, {
 *   method: 'POST',
 *   headers: { Authorization: `Bearer ${context.accessToken}`, 'Idempotency-Key': 'SO-1001', 'Content-Type': 'application/json' },
 *   body: JSON.stringify({ sku: 'MUG-01', delta: -1, reason: 'shipment', ref: 'SO-1001' }),
 * });
 */
import { HttpResponse, http } from 'msw';
import type { MockContext } from '../context.js';
import { systemBaseUrl } from '../context.js';
import { skuIndex } from '../../src/sim/model.js';
import { formatTime } from '../../src/sim/time.js';
import { consultFaults, lostResponse, pathAfter } from '../shared/fault-gate.js';
import { HmacSigner } from '../shared/hmac.js';
import type { MockSystemApi } from '../shared/system-api.js';
import { WebhookSender } from '../shared/webhook-sender.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { TransactionFeed } from './transaction-feed.js';

const MAX_PAGE = 1000;
const DEFAULT_PAGE = 100;
/** Idempotency keys remembered before the oldest are forgotten. */
const MAX_KEYS = 1_000_000;

interface StoredResponse {
  fingerprint: string;
  body: Record<string, unknown>;
}

interface Webhook {
  id: string;
  url: string;
  events: string[];
  createdAtMs: number;
}

export function createWmsHandlers(context: MockContext, system: number): MockSystemApi {
  const definition = context.incident.systems[system];
  if (!definition) throw new Error(`createWmsHandlers: no system ${system}`);
  const baseUrl = systemBaseUrl(context, system);
  const feed = new TransactionFeed(context, system, context.options?.wmsFeedLimit ?? 1_000_000);
  const sender = new WebhookSender(() => context.fetch ?? globalThis.fetch, context.options?.webhookQueueLimit ?? 100_000);
  const signer = new HmacSigner(context.appSecret);
  const idempotent = new Map<string, StoredResponse>();
  const webhooks: Webhook[] = [];
  let adjustmentCount = 0;
  let webhookCount = 0;
  let eventCount = 0;

  const detach = context.state.onChange((change) => {
    if (change.system !== system) return;
    const entry = feed.record(change);
    const targets = webhooks.filter((webhook) => webhook.events.includes('inventory.changed'));
    if (targets.length === 0) return;
    eventCount++;
    const eventId = `evt_${eventCount}`;
    const body = JSON.stringify({ id: eventId, type: 'inventory.changed', occurredAt: formatTime(entry.atMs), data: { transaction: feed.toJson(entry) } });
    for (const webhook of targets) {
      sender.enqueue(async () => ({
        url: webhook.url,
        init: {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-WMS-Event-Id': eventId,
            'X-WMS-Event-Type': 'inventory.changed',
            'X-WMS-Signature': `sha256=${await signer.hex(body)}`,
          },
          body,
        },
      }));
    }
  });

  const guarded =
    (work: (request: Request, params: Record<string, string | readonly string[] | undefined>) => Promise<Response> | Response) =>
    async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
      if (request.headers.get('Authorization') !== `Bearer ${context.accessToken}`) {
        return wmsError(401, 'UNAUTHORIZED', 'Missing or invalid bearer token.');
      }
      const verdict = consultFaults(context, system, request, pathAfter(baseUrl, request), undefined);
      if (verdict === 'timeout') return lostResponse();
      if (verdict === 'throttle') return wmsError(429, 'RATE_LIMITED', 'Too many requests; retry later.', { 'Retry-After': '1' });
      if (verdict === 'error5xx') return wmsError(503, 'SERVICE_UNAVAILABLE', 'The WMS is temporarily unavailable.');
      const response = await work(request, params);
      return verdict === 'timeout-after-apply' ? lostResponse() : response;
    };

  const inventoryJson = (sku: number) => ({
    sku: context.incident.skus[sku]!.sku,
    quantity: context.state.count(system, sku),
    updatedAt: formatTime(feed.lastChangeMs[sku]!),
  });

  const handlers = [
    http.get(
      `${baseUrl}/inventory/:sku`,
      guarded((_request, params) => {
        const name = typeof params.sku === 'string' ? decodeURIComponent(params.sku) : '';
        const sku = skuIndex(context.incident, name);
        if (sku < 0) return wmsError(404, 'SKU_NOT_FOUND', `No SKU ${JSON.stringify(name)} in this warehouse.`);
        return HttpResponse.json(inventoryJson(sku));
      }),
    ),
    http.get(
      `${baseUrl}/inventory`,
      guarded((request) => {
        const url = new URL(request.url);
        const limit = intParam(url, 'limit', DEFAULT_PAGE);
        const offset = intParam(url, 'cursor', 0);
        if (limit === undefined || limit < 1 || limit > MAX_PAGE || offset === undefined || offset < 0) {
          return wmsError(400, 'INVALID_REQUEST', `limit must be 1..${MAX_PAGE} and cursor a non-negative integer.`);
        }
        const total = context.incident.skus.length;
        const items = [];
        for (let sku = offset; sku < Math.min(total, offset + limit); sku++) items.push(inventoryJson(sku));
        return HttpResponse.json({ items, nextCursor: offset + limit < total ? String(offset + limit) : null });
      }),
    ),
    http.get(
      `${baseUrl}/transactions`,
      guarded((request) => {
        const url = new URL(request.url);
        const since = intParam(url, 'since', 0);
        const limit = intParam(url, 'limit', DEFAULT_PAGE);
        if (since === undefined || since < 0 || limit === undefined || limit < 1 || limit > MAX_PAGE) {
          return wmsError(400, 'INVALID_REQUEST', `since must be a cursor from this feed and limit 1..${MAX_PAGE}.`);
        }
        const page = feed.page(since, limit);
        if (!page) return wmsError(410, 'CURSOR_EXPIRED', `Cursor ${since} is older than the oldest kept (${feed.oldestCursor}); resynchronize from /inventory.`);
        return HttpResponse.json({
          transactions: page.transactions.map((entry) => feed.toJson(entry)),
          nextCursor: String(page.nextCursor),
          hasMore: page.hasMore,
        });
      }),
    ),
    http.post(
      `${baseUrl}/adjustments`,
      guarded(async (request) => {
        const body = await readJson(request);
        if (!body) return wmsError(400, 'INVALID_REQUEST', 'The body must be a JSON object.');
        const sku = typeof body.sku === 'string' ? skuIndex(context.incident, body.sku) : -1;
        if (sku < 0) return wmsError(404, 'SKU_NOT_FOUND', `No SKU ${JSON.stringify(body.sku)} in this warehouse.`);
        const hasDelta = body.delta !== undefined;
        const hasQuantity = body.quantity !== undefined;
        if (hasDelta === hasQuantity) return wmsError(400, 'INVALID_REQUEST', 'Give exactly one of delta (a change) or quantity (an absolute count).');
        const amount = hasDelta ? body.delta : body.quantity;
        if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) return wmsError(400, 'INVALID_REQUEST', `${hasDelta ? 'delta' : 'quantity'} must be an integer.`);
        for (const field of ['reason', 'ref'] as const) {
          if (body[field] !== undefined && typeof body[field] !== 'string') return wmsError(400, 'INVALID_REQUEST', `${field} must be a string.`);
        }
        const key = request.headers.get('Idempotency-Key') ?? undefined;
        const fingerprint = canonicalJson(body);
        if (key !== undefined) {
          const stored = idempotent.get(key);
          if (stored) {
            if (stored.fingerprint !== fingerprint) {
              return wmsError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request body.');
            }
            return HttpResponse.json(stored.body, { status: 200, headers: { 'Idempotent-Replayed': 'true' } });
          }
          context.state.claimKey(system, key);
        }
        const before = context.state.count(system, sku);
        const annotation = { type: (body.reason as string | undefined) ?? 'adjustment', ref: body.ref as string | undefined };
        const change = feed.describing(annotation, () => (hasDelta ? context.state.add(system, sku, amount) : context.state.set(system, sku, amount)));
        adjustmentCount++;
        const response = {
          id: `adj_${adjustmentCount}`,
          sku: context.incident.skus[sku]!.sku,
          delta: change,
          quantityBefore: before,
          quantityAfter: context.state.count(system, sku),
          createdAt: formatTime(context.clock.nowMs()),
        };
        if (key !== undefined) {
          if (idempotent.size >= MAX_KEYS) idempotent.delete(idempotent.keys().next().value!);
          idempotent.set(key, { fingerprint, body: response });
        }
        return HttpResponse.json(response, { status: 201 });
      }),
    ),
    http.post(
      `${baseUrl}/webhooks`,
      guarded(async (request) => {
        const body = await readJson(request);
        const url = typeof body?.url === 'string' ? body.url : '';
        if (!isHttpUrl(url)) return wmsError(400, 'INVALID_REQUEST', 'url must be an http(s) URL.');
        const events = Array.isArray(body?.events) ? body.events.filter((event): event is string => typeof event === 'string') : ['inventory.changed'];
        const unknown = events.filter((event) => event !== 'inventory.changed');
        if (unknown.length > 0 || events.length === 0) return wmsError(400, 'INVALID_REQUEST', 'events must list inventory.changed (the only event).');
        webhookCount++;
        const webhook: Webhook = { id: `wh_${webhookCount}`, url, events, createdAtMs: context.clock.nowMs() };
        webhooks.push(webhook);
        return HttpResponse.json(webhookJson(webhook), { status: 201 });
      }),
    ),
    http.get(
      `${baseUrl}/webhooks`,
      guarded(() => HttpResponse.json({ webhooks: webhooks.map(webhookJson) })),
    ),
    http.delete(
      `${baseUrl}/webhooks/:id`,
      guarded((_request, params) => {
        const index = webhooks.findIndex((webhook) => webhook.id === params.id);
        if (index < 0) return wmsError(404, 'WEBHOOK_NOT_FOUND', `No webhook ${String(params.id)}.`);
        webhooks.splice(index, 1);
        return new Response(null, { status: 204 });
      }),
    ),
  ];

  return { system, kind: definition.kind, baseUrl, handlers, settled: () => sender.settled(), dispose: detach };
}

/** The WMS error shape, `{ error: { code, message } }`. */
export function wmsError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return HttpResponse.json({ error: { code, message } }, { status, headers });
}

function webhookJson(webhook: Webhook) {
  return { id: webhook.id, url: webhook.url, events: webhook.events, createdAt: formatTime(webhook.createdAtMs) };
}

function intParam(url: URL, name: string, fallback: number): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null || text === '') return fallback;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

async function readJson(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await request.text());
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
