/**
 * Goal: the SuiteQL subset parses and runs the query forms its documentation promises
 * (aliases, joins, IN, LIKE, UPPER, ORDER BY, TOP, quotes) and refuses the rest with a message.
 */
import { describe, expect, it } from 'vitest';
import type { SqlTable } from '../../mocks/netsuite/suiteql.js';
import { SuiteQlError, runSuiteQl } from '../../mocks/netsuite/suiteql.js';

const tables: Record<string, SqlTable> = {
  item: {
    columns: ['id', 'itemid', 'displayname'],
    rows: () => [
      { id: 1, itemid: 'MUG-01', displayname: 'Mug' },
      { id: 2, itemid: "O'BRIEN-TEE", displayname: null },
      { id: 3, itemid: 'TEE-CLASSIC-BLK-M', displayname: 'Tee' },
    ],
  },
  inventoryitemlocations: {
    columns: ['item', 'location', 'quantityavailable'],
    rows: () => [
      { item: 1, location: 1, quantityavailable: 40 },
      { item: 3, location: 1, quantityavailable: -2 },
    ],
  },
};

describe('SuiteQL subset', () => {
  it('joins with table aliases and column aliases, filters with AND', () => {
    expect(
      runSuiteQl(
        'select i.itemid AS sku, l.quantityavailable qty FROM item i INNER JOIN inventoryitemlocations l ON l.item = i.id WHERE l.location = 1 AND i.itemid = \'TEE-CLASSIC-BLK-M\';',
        tables,
      ),
    ).toEqual([{ sku: 'TEE-CLASSIC-BLK-M', qty: '-2' }]);
  });

  it('keeps unmatched rows of a LEFT JOIN and leaves their nulls out', () => {
    expect(runSuiteQl('SELECT item.id, inventoryitemlocations.quantityavailable FROM item LEFT OUTER JOIN inventoryitemlocations ON inventoryitemlocations.item = item.id ORDER BY item.id', tables)).toEqual([
      { id: '1', quantityavailable: '40' },
      { id: '2' },
      { id: '3', quantityavailable: '-2' },
    ]);
  });

  it("handles '' quotes, IN, NOT IN, LIKE, UPPER, IS NULL, ORDER BY DESC and TOP", () => {
    expect(runSuiteQl("SELECT id FROM item WHERE itemid = 'O''BRIEN-TEE'", tables)).toEqual([{ id: '2' }]);
    expect(runSuiteQl("SELECT id FROM item WHERE itemid IN ('MUG-01', 'NONE') ", tables)).toEqual([{ id: '1' }]);
    expect(runSuiteQl("SELECT id FROM item WHERE itemid NOT IN ('MUG-01')", tables)).toEqual([{ id: '2' }, { id: '3' }]);
    expect(runSuiteQl("SELECT id FROM item WHERE UPPER(displayname) LIKE 'T%'", tables)).toEqual([{ id: '3' }]);
    expect(runSuiteQl('SELECT id FROM item WHERE displayname IS NULL', tables)).toEqual([{ id: '2' }]);
    expect(runSuiteQl('SELECT TOP 2 id FROM item ORDER BY id DESC', tables)).toEqual([{ id: '3' }, { id: '2' }]);
    expect(runSuiteQl('SELECT item FROM inventoryitemlocations WHERE quantityavailable < 0', tables)).toEqual([{ item: '3' }]);
  });

  it('refuses unknown tables, unknown fields and constructs outside the subset', () => {
    expect(() => runSuiteQl('SELECT id FROM customer', tables)).toThrow("Search error occurred: Record 'customer' was not found.");
    expect(() => runSuiteQl('SELECT item.price FROM item', tables)).toThrow("Field 'price' for record 'item' was not found.");
    expect(() => runSuiteQl('SELECT id FROM item GROUP BY id', tables)).toThrow(SuiteQlError);
    expect(() => runSuiteQl("SELECT id FROM item WHERE itemid = 'open", tables)).toThrow('Unterminated string literal');
  });
});
