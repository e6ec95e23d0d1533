/**
 * The inventory item records of one simulated NetSuite account: one per SKU, internal id
 * `sku index + 1`, `itemId` (NetSuite's Item Name/Number) and `externalId` both the SKU,
 * `displayName` the SKU's title. One location, internal id 1, holds every item; its quantity
 * available and on hand are the system's count in `SystemState`.
 *
 * `itemId` can be changed through PATCH (a connector's rename); the new name is what lookups
 * and SuiteQL then see. Names seeded from the incident are kept as they are even when longer
 * than NetSuite's limit, since the simulation must address every SKU.
 *
 * @example
 * const items = new ItemRecords(context, 1);
 * items.byReference({ externalId: 'MUG-01' }); // SKU index of MUG-01
 */
import type { MockContext } from '../context.js';

export const LOCATION_ID = 1;

export class ItemRecords {
  private readonly itemIds: string[];

  constructor(
    private readonly context: MockContext,
    readonly system: number,
  ) {
    this.itemIds = context.incident.skus.map((sku) => sku.sku);
  }

  get count(): number {
    return this.itemIds.length;
  }

  internalId(sku: number): number {
    return sku + 1;
  }

  /** The SKU index of an internal id given as text or number, or undefined. */
  byInternalId(id: unknown): number | undefined {
    const number = typeof id === 'number' ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : NaN;
    return Number.isSafeInteger(number) && number >= 1 && number <= this.itemIds.length ? number - 1 : undefined;
  }

  byExternalId(externalId: unknown): number | undefined {
    if (typeof externalId !== 'string') return undefined;
    const index = this.context.incident.skus.findIndex((sku) => sku.sku === externalId);
    return index >= 0 ? index : undefined;
  }

  byItemId(itemId: string): number | undefined {
    const index = this.itemIds.indexOf(itemId);
    return index >= 0 ? index : undefined;
  }

  /** A record reference as NetSuite REST takes them: `{ id }` or `{ externalId }`. */
  byReference(reference: unknown): number | undefined {
    if (reference === null || typeof reference !== 'object') return undefined;
    const record = reference as { id?: unknown; externalId?: unknown };
    if (record.id !== undefined) return this.byInternalId(record.id);
    return this.byExternalId(record.externalId);
  }

  itemId(sku: number): string {
    return this.itemIds[sku]!;
  }

  rename(sku: number, itemId: string): void {
    this.itemIds[sku] = itemId;
  }

  displayName(sku: number): string {
    const definition = this.context.incident.skus[sku]!;
    return definition.title ?? definition.sku;
  }

  externalId(sku: number): string {
    return this.context.incident.skus[sku]!.sku;
  }

  quantity(sku: number): number {
    return this.context.state.count(this.system, sku);
  }

  locationName(): string {
    return this.context.incident.systems[this.system]!.name;
  }
}
