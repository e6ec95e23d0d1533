/**
 * Which Admin API versions the mock serves, and the version-dependent rules it applies.
 *
 * Shopify releases a version each quarter (`YYYY-01`, `-04`, `-07`, `-10`) plus `unstable`.
 * The mock serves 2026-01 and later: 2026-01 is where `changeFromQuantity` and `@idempotent`
 * appeared; from 2026-04 both are mandatory on the inventory mutations (Shopify changelog
 * "making-idempotency-mandatory-for-inventory-adjustments-and-refund-mutations" and
 * "making-changefromquantity-field-required").
 *
 * @example
 * isServedVersion('2026-01'); // true
 * isServedVersion('2025-10'); // false
 * requiresIdempotency('2026-04'); // true
 */
const VERSION = /^(\d{4})-(01|04|07|10)$/;

/** The oldest version the mock serves. */
export const OLDEST_SERVED_VERSION = '2026-01';

export function isServedVersion(version: string): boolean {
  if (version === 'unstable') return true;
  return VERSION.test(version) && version >= OLDEST_SERVED_VERSION;
}

/** From 2026-04 on, inventory mutations without `@idempotent` fail. */
export function requiresIdempotency(version: string): boolean {
  return version === 'unstable' || version >= '2026-04';
}

/** From 2026-04 on, `changeFromQuantity` must be given (null opts out of the check). */
export function requiresChangeFromQuantity(version: string): boolean {
  return version === 'unstable' || version >= '2026-04';
}
