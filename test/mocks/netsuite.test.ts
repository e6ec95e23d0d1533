/**
 * Goal: the NetSuite mock answers a connector's calls the NetSuite way: SuiteQL quantity
 * queries, inventory adjustments (deduplicated by externalId), record reads, NetSuite's error
 * shape for bad logins, bad values, missing records and over-long fields, and 429 over the
 * concurrency limit. Counts are checked in `SystemState`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConcurrencyGate } from '../../mocks/netsuite/concurrency-gate.js';
import type { Harness } from './fixtures.js';
import { ERP, MUG, TEE, TOKEN, serveMocks } from './fixtures.js';

const ERROR_TYPE = 'application/vnd.oracle.resource+json; type=error';

describe('NetSuite REST mock', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function setup(overrides: Parameters<typeof serveMocks>[1] = {}) {
    harness = await serveMocks('in-process', overrides);
    const rest = `${harness.url('erp')}/services/rest`;
    const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${rest}${path}`, {
        method,
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const suiteql = (q: string) => call('POST', '/query/v1/suiteql', { q }, { Prefer: 'transient' });
    return { harness, rest, call, suiteql };
  }

  const QUANTITY_QUERY =
    'SELECT item.itemid, inventoryitemlocations.quantityavailable FROM item ' +
    'JOIN inventoryitemlocations ON inventoryitemlocations.item = item.id ' +
    "WHERE item.itemid = 'MUG-01'";

  it('answers the item quantity query a connector sends through SuiteQL', async () => {
    const { rest, suiteql } = await setup();
    const response = await suiteql(QUANTITY_QUERY);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      links: [{ rel: 'self', href: `${rest}/query/v1/suiteql` }],
      count: 1,
      hasMore: false,
      items: [{ links: [], itemid: 'MUG-01', quantityavailable: '40' }],
      offset: 0,
      totalResults: 1,
    });
  });

  it('applies an inventory adjustment, answers 204 with its Location, and refuses a second one with the same externalId', async () => {
    const { harness, rest, call, suiteql } = await setup();
    const adjustment = {
      externalId: 'wms->erp|SO-1001:MUG-01',
      account: { id: '1' },
      subsidiary: { id: '1' },
      inventory: { items: [{ item: { id: '1' }, location: { id: '1' }, adjustQtyBy: -5 }] },
    };
    const created = await call('POST', '/record/v1/inventoryAdjustment', adjustment);
    expect(created.status).toBe(204);
    expect(created.headers.get('Location')).toBe(`${rest}/record/v1/inventoryAdjustment/1`);
    expect(harness.state.count(ERP, MUG)).toBe(35); // 40 - 5

    const duplicate = await call('POST', '/record/v1/inventoryAdjustment', adjustment);
    expect(duplicate.status).toBe(400);
    expect(await duplicate.json()).toEqual({
      type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1',
      title: 'Bad Request',
      status: 400,
      'o:errorDetails': [{ detail: 'Error while accessing resource: This record already exists.', 'o:errorCode': 'USER_ERROR', 'o:errorPath': 'externalId' }],
    });
    expect(harness.state.count(ERP, MUG)).toBe(35);

    const read = await suiteql(QUANTITY_QUERY);
    expect(((await read.json()) as { items: { quantityavailable: string }[] }).items[0]?.quantityavailable).toBe('35');

    const record = await call('GET', '/record/v1/inventoryAdjustment/1');
    expect(await record.json()).toMatchObject({
      id: '1',
      externalId: 'wms->erp|SO-1001:MUG-01',
      inventory: { items: [{ line: 1, item: { id: '1', refName: 'MUG-01' }, location: { id: '1', refName: 'erp' }, adjustQtyBy: -5 }] },
    });
  });

  it('takes items by externalId reference, and a line without location from adjLocation', async () => {
    const { harness, call } = await setup();
    const created = await call('POST', '/record/v1/inventoryAdjustment', {
      account: { id: '1' },
      adjLocation: { id: '1' },
      inventory: { items: [{ item: { externalId: 'TEE-CLASSIC-BLK-M' }, adjustQtyBy: 7 }] },
    });
    expect(created.status).toBe(204);
    expect(harness.state.count(ERP, TEE)).toBe(127); // 120 + 7
  });

  it('rejects an itemId longer than 60 characters the NetSuite way, and accepts 60', async () => {
    const { harness, call, suiteql } = await setup();
    const tooLong = 'X'.repeat(61);
    const refused = await call('PATCH', '/record/v1/inventoryItem/2', { itemId: tooLong });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('Content-Type')).toBe(ERROR_TYPE);
    expect(await refused.json()).toEqual({
      type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1',
      title: 'Bad Request',
      status: 400,
      'o:errorDetails': [
        {
          detail: 'Error while accessing resource: The field itemId contained more than the maximum number ( 60 ) of characters allowed.',
          'o:errorCode': 'INVALID_CONTENT',
          'o:errorPath': 'itemId',
        },
      ],
    });
    const sixty = 'Y'.repeat(60);
    const accepted = await call('PATCH', '/record/v1/inventoryItem/2', { itemId: sixty });
    expect(accepted.status).toBe(204);
    const found = await suiteql(`SELECT id, itemid FROM item WHERE itemid = '${sixty}'`);
    expect(((await found.json()) as { items: unknown[] }).items).toEqual([{ links: [], id: '2', itemid: sixty }]);
    expect(harness.state.count(ERP, TEE)).toBe(120); // renaming changes no count
  });

  it('answers errors in NetSuite shape: bad login, bad item reference, missing record, unsupported SuiteQL', async () => {
    const { harness, call, suiteql } = await setup();
    const unauthorized = await fetch(`${harness.url('erp')}/services/rest/record/v1/inventoryItem/1`);
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toEqual({
      type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.2',
      title: 'Unauthorized',
      status: 401,
      'o:errorDetails': [
        {
          detail: 'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.',
          'o:errorCode': 'INVALID_LOGIN',
        },
      ],
    });

    const badItem = await call('POST', '/record/v1/inventoryAdjustment', {
      account: { id: '1' },
      inventory: { items: [{ item: { id: '9999' }, location: { id: '1' }, adjustQtyBy: 1 }] },
    });
    expect(await badItem.json()).toMatchObject({
      status: 400,
      'o:errorDetails': [
        {
          detail: 'Error while accessing resource: You have entered an Invalid Field Value 9999 for the following field: item',
          'o:errorCode': 'INVALID_CONTENT',
          'o:errorPath': 'inventory.items[0].item',
        },
      ],
    });

    const missing = await call('GET', '/record/v1/inventoryItem/99');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { 'o:errorDetails': { 'o:errorCode': string }[] })['o:errorDetails'][0]?.['o:errorCode']).toBe('NONEXISTENT_ID');

    const unsupported = await suiteql("SELECT item.nosuchfield FROM item WHERE itemid = 'MUG-01'");
    expect(unsupported.status).toBe(400);
    expect(await unsupported.json()).toMatchObject({
      'o:errorDetails': [
        {
          detail: "Invalid search query. Detailed unprocessed description follows. Search error occurred: Field 'nosuchfield' for record 'item' was not found.",
          'o:errorCode': 'INVALID_PARAMETER',
          'o:errorQueryParam': 'q',
        },
      ],
    });
    expect(harness.state.count(ERP, MUG)).toBe(40);
  });

  it('lists and reads inventory items, filtered with q and expanded with their locations', async () => {
    const { rest, call } = await setup();
    const list = await call('GET', '/record/v1/inventoryItem?q=itemId%20IS%20%22TEE-CLASSIC-BLK-M%22');
    expect(await list.json()).toMatchObject({ count: 1, totalResults: 1, hasMore: false, items: [{ id: '2', links: [{ rel: 'self', href: `${rest}/record/v1/inventoryItem/2` }] }] });
    const record = await call('GET', '/record/v1/inventoryItem/eid:MUG-01?expandSubResources=true');
    expect(await record.json()).toMatchObject({
      id: '1',
      itemId: 'MUG-01',
      displayName: 'Mug',
      externalId: 'MUG-01',
      locations: { items: [{ location: { id: '1' }, quantityAvailable: 40, quantityOnHand: 40 }], totalResults: 1 },
    });
  });

  it('answers 429 to requests beyond the concurrency limit, and under the throttle hook', async () => {
    const { call } = await setup({ options: { netsuiteConcurrencyLimit: 2 } });
    // msw runs the six in-process requests interleaved: the first two hold the two slots.
    const statuses = await Promise.all(Array.from({ length: 6 }, () => call('POST', '/query/v1/suiteql', { q: 'SELECT id FROM item' }).then((response) => response.status)));
    expect(statuses).toEqual([200, 200, 429, 429, 429, 429]);
    await harness!.close();

    const throttled = await setup({ faults: () => 'throttle' });
    const refused = await throttled.suiteql(QUANTITY_QUERY);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({
      type: 'https://tools.ietf.org/html/rfc6585#section-4',
      title: 'Too Many Requests',
      status: 429,
      'o:errorDetails': [{ detail: 'Concurrent request limit exceeded. Request blocked.', 'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED' }],
    });
  });
});

describe('ConcurrencyGate', () => {
  it('refuses a request while the limit is in flight, and accepts again when one finishes', async () => {
    const gate = new ConcurrencyGate(2);
    const releases: (() => void)[] = [];
    const held = () =>
      gate.run(
        () => new Promise<Response>((resolve) => releases.push(() => resolve(new Response('ok')))),
        () => new Response('refused', { status: 429 }),
      );
    const first = held();
    const second = held();
    expect((await held()).status).toBe(429);
    releases[0]!();
    expect((await first).status).toBe(200);
    const fourth = held();
    releases[1]!();
    releases[2]!();
    expect((await second).status).toBe(200);
    expect((await fourth).status).toBe(200);
  });
});
