/**
 * `inventoryAdjustment` records: the way a NetSuite connector changes quantities.
 *
 * A request body follows the REST record shape:
 *
 * ```json
 * { "externalId": "wms->erp|SO-1001:MUG-01", "account": { "id": "1" }, "subsidiary": { "id": "1" },
 *   "adjLocation": { "id": "1" }, "memo": "sync",
 *   "inventory": { "items": [ { "item": { "id": "3" }, "location": { "id": "1" }, "adjustQtyBy": -3 } ] } }
 * ```
 *
 * Each line adds `adjustQtyBy` to its item's quantity at the location. Items are referenced by
 * `{ id }` (internal id) or `{ externalId }`; a line without `location` takes `adjLocation`.
 * `account` is required (NetSuite's "Adjustment Account"); at least one line is required.
 *
 * Idempotency, the NetSuite way: synchronous REST requests ignore `X-NetSuite-Idempotency-Key`
 * (it applies to asynchronous ones), so connectors deduplicate by `externalId`: creating a
 * second record with an external id that exists fails ("This record already exists"), and
 * nothing is applied. The external id is recorded with `SystemState.claimKey`.
 *
 * Setting an absolute quantity (a snapshot link, a cycle count): NetSuite has no "set
 * quantity" call in REST; a connector reads the current quantity (SuiteQL) and posts an
 * adjustment of the difference. The mock accepts a line with `adjustQtyBy: 0` so that such an
 * adjustment still records its external id when the count was already right.
 *
 * @example
 * const outcome = adjustments.create(body);
 * if ('error' in outcome) return outcome.error; // a NetSuite error response
 * outcome.id; // internal id of the new record
 */
import type { MockContext } from '../context.js';
import { formatTime } from '../../src/sim/time.js';
import { invalidFieldValue, netsuiteError } from './netsuite-errors.js';
import type { ItemRecords } from './item-records.js';
import { LOCATION_ID } from './item-records.js';

interface AdjustmentLine {
  sku: number;
  adjustQtyBy: number;
  memo: string | undefined;
}

export interface AdjustmentRecord {
  id: number;
  externalId: string | undefined;
  tranDate: string;
  memo: string | undefined;
  account: string;
  subsidiary: string | undefined;
  createdAtMs: number;
  lines: AdjustmentLine[];
}

/** NetSuite's limit on a transaction memo (4 000 characters is assumed here). */
const MEMO_MAX_LENGTH = 4000;

export class InventoryAdjustments {
  private readonly records: AdjustmentRecord[] = [];
  private readonly byExternalId = new Map<string, number>();

  constructor(
    private readonly context: MockContext,
    private readonly system: number,
    private readonly items: ItemRecords,
  ) {}

  get(id: number): AdjustmentRecord | undefined {
    return this.records[id - 1];
  }

  all(): readonly AdjustmentRecord[] {
    return this.records;
  }

  create(body: unknown): { id: number } | { error: Response } {
    const planned = this.validate(body);
    if ('error' in planned) return planned;
    const record = planned.record;
    if (record.externalId !== undefined) {
      if (this.byExternalId.has(record.externalId) || !this.context.state.claimKey(this.system, record.externalId)) {
        return { error: netsuiteError(400, 'USER_ERROR', 'Error while accessing resource: This record already exists.', { 'o:errorPath': 'externalId' }) };
      }
    }
    record.id = this.records.length + 1;
    this.records.push(record);
    if (record.externalId !== undefined) this.byExternalId.set(record.externalId, record.id);
    for (const line of record.lines) this.context.state.add(this.system, line.sku, line.adjustQtyBy);
    return { id: record.id };
  }

  private validate(body: unknown): { record: AdjustmentRecord } | { error: Response } {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return { error: netsuiteError(400, 'INVALID_CONTENT', 'Invalid content in the request body. The request body must be a JSON object.') };
    }
    const fields = body as Record<string, unknown>;
    const account = reference(fields.account);
    if (account === undefined) {
      return { error: netsuiteError(400, 'USER_ERROR', 'Error while accessing resource: Please enter value(s) for: Adjustment Account', { 'o:errorPath': 'account' }) };
    }
    if (fields.externalId !== undefined && typeof fields.externalId !== 'string') return { error: invalidFieldValue(fields.externalId, 'externalId', 'externalId') };
    if (fields.memo !== undefined && (typeof fields.memo !== 'string' || fields.memo.length > MEMO_MAX_LENGTH)) {
      return { error: tooLong('memo', MEMO_MAX_LENGTH) };
    }
    const defaultLocation = fields.adjLocation === undefined ? undefined : reference(fields.adjLocation);
    if (fields.adjLocation !== undefined && defaultLocation !== String(LOCATION_ID)) return { error: invalidFieldValue(referenceText(fields.adjLocation), 'adjLocation', 'adjLocation') };
    const sublist = fields.inventory as { items?: unknown } | undefined;
    const rawLines = sublist && typeof sublist === 'object' && Array.isArray(sublist.items) ? (sublist.items as unknown[]) : [];
    if (rawLines.length === 0) {
      return { error: netsuiteError(400, 'USER_ERROR', 'Error while accessing resource: You must enter at least one line item for this transaction.', { 'o:errorPath': 'inventory.items' }) };
    }
    const lines: AdjustmentLine[] = [];
    for (let index = 0; index < rawLines.length; index++) {
      const path = `inventory.items[${index}]`;
      const line = rawLines[index] as Record<string, unknown> | null;
      if (line === null || typeof line !== 'object') return { error: invalidFieldValue(line, 'items', path) };
      const sku = this.items.byReference(line.item);
      if (sku === undefined) return { error: invalidFieldValue(referenceText(line.item), 'item', `${path}.item`) };
      const location = line.location === undefined ? defaultLocation : reference(line.location);
      if (location === undefined) {
        return { error: netsuiteError(400, 'USER_ERROR', 'Error while accessing resource: Please enter value(s) for: Location', { 'o:errorPath': `${path}.location` }) };
      }
      if (location !== String(LOCATION_ID)) return { error: invalidFieldValue(location, 'location', `${path}.location`) };
      const quantity = line.adjustQtyBy;
      if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity)) return { error: invalidFieldValue(quantity, 'adjustQtyBy', `${path}.adjustQtyBy`) };
      lines.push({ sku, adjustQtyBy: quantity, memo: typeof line.memo === 'string' ? line.memo : undefined });
    }
    return {
      record: {
        id: 0,
        externalId: fields.externalId as string | undefined,
        tranDate: typeof fields.tranDate === 'string' ? fields.tranDate : formatTime(this.context.clock.nowMs()).slice(0, 10),
        memo: fields.memo as string | undefined,
        account,
        subsidiary: reference(fields.subsidiary),
        createdAtMs: this.context.clock.nowMs(),
        lines,
      },
    };
  }
}

/** The id of a `{ id }` reference (or a bare id), as text; undefined when absent or malformed. */
function reference(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value !== null && typeof value === 'object') {
    const id = (value as { id?: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return undefined;
}

function referenceText(value: unknown): string {
  return reference(value) ?? JSON.stringify(value);
}

/** NetSuite's rejection of a text field over its length. */
export function tooLong(field: string, maxLength: number): Response {
  return netsuiteError(
    400,
    'INVALID_CONTENT',
    `Error while accessing resource: The field ${field} contained more than the maximum number ( ${maxLength} ) of characters allowed.`,
    { 'o:errorPath': field },
  );
}
