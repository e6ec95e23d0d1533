/**
 * The mocked Shopify Admin GraphQL API of one system: `POST <base>/<system>/admin/api/<version>/graphql.json`,
 * executed by graphql-js against `shopifySchema()`.
 *
 * What a client sees, as on Shopify:
 * - No or a wrong `X-Shopify-Access-Token`: HTTP 401, `{"errors":"[API] Invalid API key or
 *   access token (unrecognized login or wrong password)"}`.
 * - A version before 2026-01 or not of the `YYYY-MM` quarterly form: HTTP 404.
 * - Every executed query: `extensions.cost` with `requestedQueryCost`, `actualQueryCost` and
 *   `throttleStatus` (`maximumAvailable`, `currentlyAvailable`, `restoreRate`).
 * - Throttled (the fault hook said `throttle`, or the cost bucket is empty when
 *   `shopifyEnforceCostLimit` is on): HTTP **200** with
 *   `errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation } }]`,
 *   no `data`, and `actualQueryCost: null`, as Shopify answers GraphQL throttling.
 * - Syntax and validation errors: HTTP 200 with `errors`, as GraphQL servers answer.
 *
 * @example
 * const api = createShopifyHandlers(context, 2);
 * startMockServer(api.handlers);
 * await fetch(`${api.baseUrl}/admin/api/2026-01/graphql.json`, {
 *   method: 'POST',
 *   headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': context.accessToken },
 *   body: JSON.stringify({ query: '{ shop { name } }' }),
 * });
 */
import type { DocumentNode, GraphQLError, OperationDefinitionNode } from 'graphql';
import { Kind, execute, parse, validate } from 'graphql';
import { HttpResponse, http } from 'msw';
import type { MockContext } from '../context.js';
import { systemBaseUrl } from '../context.js';
import { consultFaults, lostResponse, pathAfter } from '../shared/fault-gate.js';
import type { MockSystemApi } from '../shared/system-api.js';
import { WebhookSender } from '../shared/webhook-sender.js';
import { isServedVersion } from './api-version.js';
import { CostBucket } from './cost-bucket.js';
import { IdempotencyStore } from './idempotency-store.js';
import { InventoryMutations } from './inventory-mutations.js';
import { InventoryObjects } from './inventory-objects.js';
import { requestedQueryCost } from './query-cost.js';
import type { ShopifyRequestContext } from './root-resolvers.js';
import { createRootValue } from './root-resolvers.js';
import { shopifySchema } from './schema.js';
import { WebhookSubscriptions, shopDomain } from './webhook-subscriptions.js';

/** Shopify's answer to a missing or wrong access token. */
export const INVALID_TOKEN_MESSAGE = '[API] Invalid API key or access token (unrecognized login or wrong password)';
const RATE_LIMIT_DOCUMENTATION = 'https://shopify.dev/api/usage/rate-limits';
/** Standard plan: 100 points per second (shopify.dev/docs/api/usage/limits); bucket size assumed. */
const BUCKET_MAXIMUM = 2000;
const RESTORE_PER_SECOND = 100;
/** Distinct query texts remembered parsed and validated before the cache starts over. */
const DOCUMENT_CACHE_SIZE = 256;

export function createShopifyHandlers(context: MockContext, system: number): MockSystemApi {
  const definition = context.incident.systems[system];
  if (!definition) throw new Error(`createShopifyHandlers: no system ${system}`);
  const baseUrl = systemBaseUrl(context, system);
  const schema = shopifySchema();
  const updatedAtMs = new Float64Array(context.incident.skus.length).fill(context.incident.window.startMs);
  const objects = new InventoryObjects(context, system, updatedAtMs);
  const mutations = new InventoryMutations(context, system, objects);
  const idempotency = new IdempotencyStore(context, system);
  const sender = new WebhookSender(() => context.fetch ?? globalThis.fetch, context.options?.webhookQueueLimit ?? 100_000);
  const subscriptions = new WebhookSubscriptions(context, system, sender);
  const domain = shopDomain(definition.name);
  const rootValue = createRootValue({ objects, mutations, idempotency, subscriptions, domain });
  const bucket = new CostBucket(BUCKET_MAXIMUM, RESTORE_PER_SECOND, context.incident.window.startMs);
  /**
   * Parsed and validated documents by query text: a client sends the same few operations over
   * and over, and parsing and validating them again each time was the largest cost of a request.
   * The answer to a query text never depends on anything but the text and the schema.
   */
  const documents = new Map<string, { document?: DocumentNode; errors?: unknown[] }>();

  const detach = context.state.onChange((change) => {
    if (change.system !== system) return;
    updatedAtMs[change.sku] = context.clock.nowMs();
    subscriptions.onChange(change);
  });

  const handler = http.post(`${baseUrl}/admin/api/:version/graphql.json`, async ({ request, params }) => {
    if (request.headers.get('X-Shopify-Access-Token') !== context.accessToken) {
      return HttpResponse.json({ errors: INVALID_TOKEN_MESSAGE }, { status: 401 });
    }
    const version = String(params.version);
    if (!isServedVersion(version)) return HttpResponse.json({ errors: 'Not Found' }, { status: 404 });

    const body = await readGraphqlBody(request);
    if (!body) return HttpResponse.json({ errors: { query: 'Required parameter missing or invalid' } }, { status: 400 });
    let parsed = documents.get(body.query);
    if (parsed === undefined) {
      try {
        const document = parse(body.query);
        const validationErrors = validate(schema, document);
        parsed = validationErrors.length > 0 ? { errors: validationErrors.map((error) => error.toJSON()) } : { document };
      } catch (error) {
        parsed = { errors: [(error as GraphQLError).toJSON()] };
      }
      if (documents.size >= DOCUMENT_CACHE_SIZE) documents.clear();
      documents.set(body.query, parsed);
    }
    if (parsed.errors) return graphqlResponse({ errors: parsed.errors });
    const document = parsed.document!;

    const nowMs = context.clock.nowMs();
    const cost = requestedQueryCost(schema, document, body.variables, body.operationName);
    const verdict = consultFaults(context, system, request, pathAfter(baseUrl, request), rootFieldOf(document, body.operationName));
    if (verdict === 'timeout') return lostResponse();
    if (verdict === 'error5xx') return HttpResponse.json({ errors: 'Service Unavailable' }, { status: 503 });
    const enforce = context.options?.shopifyEnforceCostLimit === true;
    if (verdict === 'throttle' || (enforce && !bucket.canPay(cost, nowMs))) {
      return graphqlResponse({
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: RATE_LIMIT_DOCUMENTATION } }],
        extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: bucket.status(nowMs) } },
      });
    }
    bucket.spend(cost, nowMs);
    const contextValue: ShopifyRequestContext = { version };
    const result = await execute({
      schema,
      document,
      rootValue,
      contextValue,
      variableValues: body.variables,
      operationName: body.operationName,
    });
    if (verdict === 'timeout-after-apply') return lostResponse();
    return graphqlResponse({
      ...(result.errors ? { errors: result.errors.map((error) => error.toJSON()) } : {}),
      ...(result.data !== undefined ? { data: result.data } : {}),
      extensions: { cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: bucket.status(nowMs) } },
    });
  });

  return {
    system,
    kind: 'shopify',
    baseUrl,
    handlers: [handler],
    settled: () => sender.settled(),
    dispose: detach,
  };
}

interface GraphqlBody {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | undefined;
}

/** A JSON body `{query, variables, operationName}`, or a raw `application/graphql` query. */
async function readGraphqlBody(request: Request): Promise<GraphqlBody | undefined> {
  const text = await request.text();
  if ((request.headers.get('Content-Type') ?? '').includes('application/graphql')) {
    return text.trim() ? { query: text, variables: {}, operationName: undefined } : undefined;
  }
  try {
    const parsed = JSON.parse(text) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof parsed.query !== 'string' || parsed.query.trim() === '') return undefined;
    const variables = parsed.variables !== null && typeof parsed.variables === 'object' ? (parsed.variables as Record<string, unknown>) : {};
    return { query: parsed.query, variables, operationName: typeof parsed.operationName === 'string' ? parsed.operationName : undefined };
  } catch {
    return undefined;
  }
}

/** The first root field of the operation to run, for the fault hook. */
function rootFieldOf(document: DocumentNode, operationName: string | undefined): string | undefined {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName),
  );
  const first = operation?.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
  return first?.kind === Kind.FIELD ? first.name.value : undefined;
}

function graphqlResponse(body: Record<string, unknown>): Response {
  return HttpResponse.json(body, { status: 200 });
}
