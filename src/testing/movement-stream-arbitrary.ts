/**
 * Movement streams with the shapes inventory really has:
 *
 * - `steady`: shipments and orders through business hours (09:00-17:59 UTC), a few returns,
 *   adjustments and the odd cycle count;
 * - `flash-sale`: a burst of one- to three-unit orders on the storefront (shipments at the
 *   WMS when there is no storefront) inside one hour, on a few SKUs;
 * - `weekend`: a window that starts on a Friday, shipments every day, receipts on weekdays only;
 * - `dawn-receipts`: large receipts at the WMS between 04:00 and 06:59, shipments by day.
 *
 * Every stream is a list of file-format movements in time order. Shrinking removes movements
 * and moves quantities toward 1 and times toward the start of their band.
 *
 * @example
 * movementStreamArbitrary({ skus: ['MUG-01'], startMs: Date.UTC(2026, 2, 6), days: 2, shape: 'flash-sale' });
 */
import fc from 'fast-check';
import { formatTime } from '../sim/time.js';
import type { MovementDocument } from './documents.js';

export const STREAM_SHAPES = ['steady', 'flash-sale', 'weekend', 'dawn-receipts'] as const;
export type StreamShape = (typeof STREAM_SHAPES)[number];

export interface StreamOptions {
  skus: readonly string[];
  /** Window start (epoch ms); movements fall in [start, start + days). */
  startMs: number;
  days: number;
  shape: StreamShape;
  /** The system of record, where shipments and receipts happen (default `wms`). */
  source?: string;
  /** The storefront, where orders happen; none: orders become shipments at the source. */
  storefront?: string;
  /** At most this many movements (default 40). */
  maxMovements?: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

interface Draft {
  atMs: number;
  system: string;
  sku: string;
  type: string;
  qty?: number;
  count?: number;
  ref?: string;
}

/** A time inside day `day` of the window, between two hours of the day (UTC), at minute resolution. */
const timeIn = (options: StreamOptions, fromHour: number, toHour: number, days?: readonly number[]) =>
  fc
    .record({ day: days ? fc.constantFrom(...days) : fc.integer({ min: 0, max: options.days - 1 }), minute: fc.integer({ min: fromHour * 60, max: toHour * 60 - 1 }) })
    .map(({ day, minute }) => options.startMs + day * DAY + minute * MINUTE);

function toDocuments(drafts: Draft[]): MovementDocument[] {
  const sorted = drafts.map((draft, order) => ({ draft, order })).sort((a, b) => a.draft.atMs - b.draft.atMs || a.order - b.order);
  return sorted.map(({ draft }, index) => {
    const ref = draft.ref ?? `${draft.type === 'order' ? '#' : draft.type === 'receipt' ? 'PO-' : 'SO-'}${1001 + index}`;
    const movement: MovementDocument = { at: formatTime(draft.atMs), system: draft.system, sku: draft.sku, type: draft.type };
    if (draft.count !== undefined) movement.count = draft.count;
    else movement.qty = draft.qty!;
    if (draft.type !== 'cycle_count' && draft.type !== 'adjustment') movement.ref = ref;
    if (draft.type === 'cycle_count' || draft.type === 'adjustment') movement.actor = 'user:dana';
    return movement;
  });
}

/** A sale: an order on the storefront, or a shipment at the source without one. */
const sale = (options: StreamOptions, atMs: fc.Arbitrary<number>, maxQty: number) =>
  fc.record({ atMs, sku: fc.constantFrom(...options.skus), qty: fc.integer({ min: 1, max: maxQty }) }).map(
    ({ atMs: at, sku, qty }): Draft =>
      options.storefront ? { atMs: at, system: options.storefront, sku, type: 'order', qty: -qty } : { atMs: at, system: options.source ?? 'wms', sku, type: 'shipment', qty: -qty },
  );

const shipment = (options: StreamOptions, atMs: fc.Arbitrary<number>) =>
  fc.record({ atMs, sku: fc.constantFrom(...options.skus), qty: fc.integer({ min: 1, max: 5 }) }).map(({ atMs: at, sku, qty }): Draft => ({ atMs: at, system: options.source ?? 'wms', sku, type: 'shipment', qty: -qty }));

const receipt = (options: StreamOptions, atMs: fc.Arbitrary<number>, maxQty: number) =>
  fc.record({ atMs, sku: fc.constantFrom(...options.skus), qty: fc.integer({ min: 1, max: maxQty }) }).map(({ atMs: at, sku, qty }): Draft => ({ atMs: at, system: options.source ?? 'wms', sku, type: 'receipt', qty }));

/** The rarer kinds of a normal day: returns, adjustments by a person, cycle counts. */
const housekeeping = (options: StreamOptions, atMs: fc.Arbitrary<number>) =>
  fc.oneof(
    fc.record({ atMs, sku: fc.constantFrom(...options.skus), qty: fc.integer({ min: 1, max: 2 }) }).map(({ atMs: at, sku, qty }): Draft => ({ atMs: at, system: options.source ?? 'wms', sku, type: 'return', qty })),
    fc
      .record({ atMs, sku: fc.constantFrom(...options.skus), qty: fc.integer({ min: -3, max: 3 }).filter((qty) => qty !== 0) })
      .map(({ atMs: at, sku, qty }): Draft => ({ atMs: at, system: options.source ?? 'wms', sku, type: 'adjustment', qty })),
    fc.record({ atMs, sku: fc.constantFrom(...options.skus), count: fc.integer({ min: 0, max: 60 }) }).map(({ atMs: at, sku, count }): Draft => ({ atMs: at, system: options.source ?? 'wms', sku, type: 'cycle_count', count })),
  );

/**
 * A movement stream of one shape; see the file comment.
 *
 * @example
 * fc.assert(fc.property(movementStreamArbitrary({ skus: ['A'], startMs: Date.UTC(2026, 2, 6), days: 1, shape: 'steady' }), (movements) => movements.length <= 40));
 */
export function movementStreamArbitrary(options: StreamOptions): fc.Arbitrary<MovementDocument[]> {
  const max = options.maxMovements ?? 40;
  const business = timeIn(options, 9, 18);
  const weekdays = Array.from({ length: options.days }, (_, day) => day).filter((day) => {
    const weekday = new Date(options.startMs + day * DAY).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  });
  switch (options.shape) {
    case 'steady':
      return fc
        .array(fc.oneof({ arbitrary: sale(options, business, 3), weight: 3 }, { arbitrary: shipment(options, business), weight: 3 }, { arbitrary: housekeeping(options, business), weight: 1 }), { maxLength: max })
        .map(toDocuments);
    case 'flash-sale':
      return fc
        .record({
          day: fc.integer({ min: 0, max: options.days - 1 }),
          hour: fc.integer({ min: 12, max: 20 }),
          skus: fc.subarray([...options.skus], { minLength: 1, maxLength: Math.min(2, options.skus.length) }),
          orders: fc.array(fc.record({ second: fc.integer({ min: 0, max: 3599 }), pick: fc.nat(), qty: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: max }),
        })
        .map(({ day, hour, skus, orders }) =>
          toDocuments(
            orders.map(({ second, pick, qty }) => {
              const atMs = options.startMs + day * DAY + hour * 3_600_000 + second * 1000;
              const sku = skus[pick % skus.length]!;
              return options.storefront ? { atMs, system: options.storefront, sku, type: 'order', qty: -qty } : { atMs, system: options.source ?? 'wms', sku, type: 'shipment', qty: -qty };
            }),
          ),
        );
    case 'weekend': {
      const anyDay = timeIn(options, 8, 20);
      const receipts = weekdays.length > 0 ? [{ arbitrary: receipt(options, timeIn(options, 7, 16, weekdays), 30), weight: 1 }] : [];
      return fc.array(fc.oneof({ arbitrary: shipment(options, anyDay), weight: 4 }, { arbitrary: sale(options, anyDay, 2), weight: 2 }, ...receipts), { maxLength: max }).map(toDocuments);
    }
    case 'dawn-receipts':
      return fc
        .array(fc.oneof({ arbitrary: shipment(options, business), weight: 3 }, { arbitrary: receipt(options, timeIn(options, 4, 7), 200), weight: 1 }), { maxLength: max })
        .map(toDocuments);
  }
}
