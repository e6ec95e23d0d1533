/**
 * Catalogs: SKUs and product titles that look like a real store's (`TEE-NAVY-M`, "Rustic
 * Cotton Shirt"), made by @faker-js/faker from a seed that fast-check draws. The seed is part
 * of the generated value, so a failing case replays from fast-check's seed and path, and
 * shrinking moves toward fewer SKUs, seed 0 and no variant.
 *
 * A catalog sometimes holds a variant that extends another SKU (`TEE-NAVY-M-TALL`): long SKUs
 * sharing a prefix are what truncation faults bite on.
 *
 * @example
 * fc.assert(fc.property(catalogArbitrary({ maxSkus: 3 }), (skus) => skus.length >= 1));
 */
import fc from 'fast-check';
import { Faker, base, en } from '@faker-js/faker';
import type { SkuDocument } from './documents.js';

export interface CatalogOptions {
  /** Default 1. */
  minSkus?: number;
  /** Default 4. */
  maxSkus?: number;
  /** Give every SKU a product title (default true). */
  titles?: boolean;
  /** May add a `-TALL` variant of the first SKU (default true). */
  variants?: boolean;
}

const SIZES = ['M', 'S', 'L', 'XL', 'OS'] as const;

/** One faker, reseeded for every SKU: the same seed always gives the same SKU and title. */
const faker = new Faker({ locale: [en, base] });

/**
 * The SKU and title of one catalog entry from its seed and size.
 *
 * @example
 * skuFromSeed(7, 'M'); // { sku: 'BALL-SKYB-M', title: 'Handmade Plastic Ball - Sky blue / M' }
 */
export function skuFromSeed(seed: number, size: string, titles = true): SkuDocument {
  faker.seed(seed);
  const product = faker.commerce.product();
  const colour = faker.color.human();
  const title = `${faker.commerce.productAdjective()} ${faker.commerce.productMaterial()} ${product} - ${colour.replace(/^./, (first) => first.toUpperCase())} / ${size}`;
  const sku = `${product.toUpperCase().replace(/[^A-Z0-9]+/g, '')}-${colour.toUpperCase().replace(/[^A-Z0-9]+/g, '').slice(0, 4)}-${size}`;
  return titles ? { sku, title } : { sku };
}

/**
 * A catalog: 1 to 4 SKUs (by default) with faker titles, unique by SKU, in the order drawn.
 *
 * @example
 * const skus = fc.sample(catalogArbitrary({ maxSkus: 2 }), { seed: 42, numRuns: 1 })[0];
 * // [{ sku: 'SHIRT-TEAL-M', title: 'Sleek Cotton Shirt - Teal / M' }, ...]
 */
export function catalogArbitrary(options: CatalogOptions = {}): fc.Arbitrary<SkuDocument[]> {
  const minSkus = options.minSkus ?? 1;
  const maxSkus = Math.max(minSkus, options.maxSkus ?? 4);
  const titles = options.titles ?? true;
  const entry = fc
    .record({ seed: fc.integer({ min: 0, max: 0x7fffffff }), size: fc.constantFrom(...SIZES) })
    .map(({ seed, size }) => skuFromSeed(seed, size, titles));
  return fc
    .tuple(
      fc.uniqueArray(entry, { minLength: minSkus, maxLength: maxSkus, selector: (item) => item.sku }),
      options.variants === false ? fc.constant(false) : fc.boolean(),
    )
    .map(([skus, variant]) => {
      const first = skus[0];
      if (!variant || !first || skus.length >= maxSkus) return skus;
      const tall = `${first.sku}-TALL`;
      if (skus.some((item) => item.sku === tall)) return skus;
      return [...skus, titles ? { sku: tall, title: `${first.title ?? first.sku} Tall` } : { sku: tall }];
    });
}
