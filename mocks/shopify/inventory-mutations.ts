/**
 * `inventoryAdjustQuantities` and `inventorySetQuantities` of one simulated store: input
 * validation with Shopify's user-error codes and messages, compare-and-set, and the change
 * applied through `SystemState` (the only place counts change).
 *
 * Rules (Shopify Admin GraphQL 2026-01 reference and changelogs):
 * - A mutation validates every line first; with any user error nothing is applied.
 * - `inventorySetQuantities`: a `changeFromQuantity` given (even `null`) overrides
 *   `compareQuantity`/`ignoreCompareQuantity`; `null` skips the check; an integer that differs
 *   from the persisted quantity fails with `CHANGE_FROM_QUANTITY_STALE`. Without it, before
 *   2026-04, `compareQuantity` is required unless `ignoreCompareQuantity: true`.
 * - `inventoryAdjustQuantities`: `changeFromQuantity` is optional in 2026-01 and checked the same way.
 * - `available` takes no ledger document; every other name requires one.
 *
 * Choices where Shopify's documents are silent or the simulation is narrower:
 * - Negative `available` is accepted (an oversold storefront shows one); negative `on_hand`
 *   is refused with `INVALID_QUANTITY_NEGATIVE`.
 * - Only `available` and `on_hand` can be changed; other names are refused
 *   (`INVALID_QUANTITY_NAME` / `INVALID_NAME`) because the simulation keeps one count.
 * - A successful call always returns an adjustment group, even when nothing changed.
 *
 * @example
 * const payload = mutations.adjust({ name: 'available', reason: 'correction', changes: [
 *   { delta: -3, inventoryItemId: 'gid://shopify/InventoryItem/1', locationId: 'gid://shopify/Location/1' },
 * ] }, '2026-01');
 * payload.userErrors; // []
 */
import type { MockContext } from '../context.js';
import { formatTime } from '../../src/sim/time.js';
import { isLocationGid, skuOfItemGid } from './ids.js';
import type { InventoryObjects } from './inventory-objects.js';
import { requiresChangeFromQuantity } from './api-version.js';

/** Reasons Shopify accepts on inventory mutations. */
export const INVENTORY_REASONS: ReadonlySet<string> = new Set([
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_canceled',
  'movement_created',
  'movement_received',
  'movement_updated',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
]);

export interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export interface ChangeInput {
  delta: number;
  inventoryItemId: string;
  locationId: string;
  ledgerDocumentUri?: string | null;
  changeFromQuantity?: number | null;
}

export interface AdjustInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  changes: ChangeInput[];
}

export interface QuantityInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  compareQuantity?: number | null;
  changeFromQuantity?: number | null;
}

export interface SetInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  quantities: QuantityInput[];
  ignoreCompareQuantity?: boolean | null;
}

/** What a group's `changes` list holds; resolved lazily against the objects for `item`/`location`. */
export interface AppliedChange {
  sku: number;
  name: string;
  delta: number;
  quantityAfterChange: number;
  ledgerDocumentUri: string | null;
}

export interface AdjustmentGroupRecord {
  id: string;
  createdAtMs: number;
  reason: string;
  referenceDocumentUri: string | null;
  changes: AppliedChange[];
}

/** The payload source both mutations return; the group is null when user errors stopped it. */
export interface MutationOutcome {
  group: AdjustmentGroupRecord | null;
  userErrors: UserError[];
}

const ADJUST_LIMIT = 2_000_000_000;
const SET_LIMIT = 1_000_000_000;

export class InventoryMutations {
  private groupCount = 0;

  constructor(
    private readonly context: MockContext,
    private readonly system: number,
    private readonly objects: InventoryObjects,
  ) {}

  adjust(input: AdjustInput, version: string): MutationOutcome {
    const errors: UserError[] = [];
    if (input.name !== 'available' && input.name !== 'on_hand') {
      errors.push(error(['input', 'name'], 'The specified quantity name is invalid.', 'INVALID_QUANTITY_NAME'));
    }
    if (!INVENTORY_REASONS.has(input.reason)) errors.push(error(['input', 'reason'], 'The specified reason is invalid.', 'INVALID_REASON'));
    // Several changes to one item accumulate, so each is checked against the running quantity.
    const running = new Map<number, number>();
    const planned: { sku: number; delta: number; ledgerDocumentUri: string | null }[] = [];
    input.changes.forEach((change, index) => {
      const path = ['input', 'changes', String(index)];
      const sku = skuOfItemGid(change.inventoryItemId, this.objects.skuCount);
      if (sku === undefined) {
        errors.push(error([...path, 'inventoryItemId'], 'The specified inventory item could not be found.', 'INVALID_INVENTORY_ITEM'));
        return;
      }
      if (!isLocationGid(change.locationId)) {
        errors.push(error([...path, 'locationId'], 'The specified location could not be found.', 'INVALID_LOCATION'));
        return;
      }
      const ledger = change.ledgerDocumentUri ?? null;
      if (input.name === 'available' && ledger !== null) {
        errors.push(
          error([...path, 'ledgerDocumentUri'], 'A ledger document URI is not allowed when adjusting available.', 'INVALID_AVAILABLE_DOCUMENT'),
        );
      }
      if (input.name !== 'available' && ledger === null) {
        errors.push(
          error([...path, 'ledgerDocumentUri'], 'A ledger document URI is required except when adjusting available.', 'INVALID_QUANTITY_DOCUMENT'),
        );
      }
      const current = running.get(sku) ?? this.context.state.count(this.system, sku);
      if (!('changeFromQuantity' in change) && requiresChangeFromQuantity(version)) {
        errors.push(error([...path, 'changeFromQuantity'], 'changeFromQuantity must be given; pass null to skip the check.', null));
      } else if (change.changeFromQuantity !== undefined && change.changeFromQuantity !== null && change.changeFromQuantity !== current) {
        errors.push(
          error([...path, 'changeFromQuantity'], 'The changeFromQuantity argument no longer matches the persisted quantity.', 'CHANGE_FROM_QUANTITY_STALE'),
        );
      }
      const after = current + change.delta;
      if (after > ADJUST_LIMIT) errors.push(error([...path, 'delta'], "The quantity can't be higher than 2,000,000,000.", 'INVALID_QUANTITY_TOO_HIGH'));
      if (after < -ADJUST_LIMIT) errors.push(error([...path, 'delta'], "The quantity can't be lower than -2,000,000,000.", 'INVALID_QUANTITY_TOO_LOW'));
      running.set(sku, after);
      planned.push({ sku, delta: change.delta, ledgerDocumentUri: ledger });
    });
    if (errors.length > 0) return { group: null, userErrors: errors };
    const changes = planned.map((line) => {
      this.context.state.add(this.system, line.sku, line.delta);
      return {
        sku: line.sku,
        name: input.name,
        delta: line.delta,
        quantityAfterChange: this.context.state.count(this.system, line.sku),
        ledgerDocumentUri: line.ledgerDocumentUri,
      };
    });
    return { group: this.newGroup(input.reason, input.referenceDocumentUri ?? null, changes), userErrors: [] };
  }

  set(input: SetInput, version: string): MutationOutcome {
    const errors: UserError[] = [];
    if (input.name !== 'available' && input.name !== 'on_hand') {
      errors.push(error(['input', 'name'], "The quantity name must be either 'available' or 'on_hand'.", 'INVALID_NAME'));
    }
    if (!INVENTORY_REASONS.has(input.reason)) errors.push(error(['input', 'reason'], 'The specified reason is invalid.', 'INVALID_REASON'));
    const seen = new Set<number>();
    const planned: { sku: number; quantity: number }[] = [];
    input.quantities.forEach((line, index) => {
      const path = ['input', 'quantities', String(index)];
      const sku = skuOfItemGid(line.inventoryItemId, this.objects.skuCount);
      if (sku === undefined) {
        errors.push(error([...path, 'inventoryItemId'], 'The specified inventory item could not be found.', 'INVALID_INVENTORY_ITEM'));
        return;
      }
      if (!isLocationGid(line.locationId)) {
        errors.push(error([...path, 'locationId'], 'The specified location could not be found.', 'INVALID_LOCATION'));
        return;
      }
      if (seen.has(sku)) {
        errors.push(
          error(path, 'The combination of inventoryItemId and locationId must be unique.', 'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR'),
        );
        return;
      }
      seen.add(sku);
      if (line.quantity > SET_LIMIT) errors.push(error([...path, 'quantity'], "The total quantity can't be higher than 1,000,000,000.", 'INVALID_QUANTITY_TOO_HIGH'));
      if (line.quantity < -SET_LIMIT) errors.push(error([...path, 'quantity'], "The total quantity can't be lower than -1,000,000,000.", 'INVALID_QUANTITY_TOO_LOW'));
      if (input.name === 'on_hand' && line.quantity < 0) {
        errors.push(error([...path, 'quantity'], "The quantity can't be negative.", 'INVALID_QUANTITY_NEGATIVE'));
      }
      const current = this.context.state.count(this.system, sku);
      const check = this.compareAndSetProblem(line, current, input.ignoreCompareQuantity === true, version);
      if (check) errors.push(error([...path, check.field], check.message, check.code));
      planned.push({ sku, quantity: line.quantity });
    });
    if (errors.length > 0) return { group: null, userErrors: errors };
    const changes = planned.map((line) => {
      const delta = this.context.state.set(this.system, line.sku, line.quantity);
      return { sku: line.sku, name: input.name, delta, quantityAfterChange: line.quantity, ledgerDocumentUri: null };
    });
    return { group: this.newGroup(input.reason, input.referenceDocumentUri ?? null, changes), userErrors: [] };
  }

  /** Shopify's compare-and-set decision for one quantity; undefined when the line may apply. */
  private compareAndSetProblem(
    line: QuantityInput,
    current: number,
    ignoreCompare: boolean,
    version: string,
  ): { field: string; message: string; code: string | null } | undefined {
    if ('changeFromQuantity' in line) {
      if (line.changeFromQuantity === null || line.changeFromQuantity === undefined) return undefined;
      if (line.changeFromQuantity === current) return undefined;
      return { field: 'changeFromQuantity', message: 'The changeFromQuantity value does not match persisted value.', code: 'CHANGE_FROM_QUANTITY_STALE' };
    }
    if (requiresChangeFromQuantity(version)) {
      return { field: 'changeFromQuantity', message: 'changeFromQuantity must be given; pass null to skip the check.', code: null };
    }
    if (ignoreCompare) return undefined;
    if (line.compareQuantity === undefined || line.compareQuantity === null) {
      return {
        field: 'compareQuantity',
        message: 'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.',
        code: 'COMPARE_QUANTITY_REQUIRED',
      };
    }
    if (line.compareQuantity !== current) {
      return { field: 'compareQuantity', message: 'The compareQuantity value does not match persisted value.', code: 'COMPARE_QUANTITY_STALE' };
    }
    return undefined;
  }

  private newGroup(reason: string, referenceDocumentUri: string | null, changes: AppliedChange[]): AdjustmentGroupRecord {
    this.groupCount++;
    return { id: `gid://shopify/InventoryAdjustmentGroup/${this.groupCount}`, createdAtMs: this.context.clock.nowMs(), reason, referenceDocumentUri, changes };
  }

  /** The GraphQL source of a payload: the group's `changes` field filters like Shopify's. */
  payload(outcome: MutationOutcome) {
    const group = outcome.group;
    return {
      userErrors: outcome.userErrors,
      inventoryAdjustmentGroup: group && {
        id: group.id,
        createdAt: formatTime(group.createdAtMs),
        reason: group.reason,
        referenceDocumentUri: group.referenceDocumentUri,
        changes: (args: { inventoryItemIds?: string[] | null; locationIds?: string[] | null; quantityNames?: string[] | null }) =>
          group.changes
            .filter((change) => !args.inventoryItemIds || args.inventoryItemIds.includes(this.objects.item(change.sku).id))
            .filter((change) => !args.locationIds || args.locationIds.some((id) => isLocationGid(id)))
            .filter((change) => !args.quantityNames || args.quantityNames.includes(change.name))
            .map((change) => ({
              name: change.name,
              delta: change.delta,
              quantityAfterChange: change.quantityAfterChange,
              ledgerDocumentUri: change.ledgerDocumentUri,
              item: () => this.objects.item(change.sku),
              location: () => this.objects.location(),
            })),
      },
    };
  }
}

function error(field: string[] | null, message: string, code: string | null): UserError {
  return { field, message, code };
}

/** A user error for a key reused with other parameters (`IDEMPOTENCY_KEY_PARAMETER_MISMATCH`). */
export function idempotencyMismatch(): MutationOutcome {
  return {
    group: null,
    userErrors: [error(null, 'The same idempotency key cannot be used with different operation parameters.', 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH')],
  };
}
