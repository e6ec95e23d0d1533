/**
 * A `customFetchApi` for Shopify's own clients that routes their requests to a mocked store.
 *
 * `@shopify/admin-api-client` builds its URL as `https://<store domain origin>/admin/api/...`:
 * it forces `https` and keeps only the origin of `storeDomain`, so a path prefix such as
 * `/storefront` cannot be expressed in `storeDomain`. This fetch rewrites the origin (and
 * adds the system's path) to the mock's base URL, and looks `fetch` up at call time so msw's
 * interception, installed after the client was created, still applies.
 *
 * @example
 * const client = createAdminApiClient({
 *   storeDomain: 'storefront.myshopify.com',
 *   apiVersion: '2026-01',
 *   accessToken: 'shpat_test',
 *   customFetchApi: shopifyFetch('http://drift-sim.local/storefront'),
 * });
 */
export function shopifyFetch(
  systemBaseUrl: string,
  fetchImpl: () => (input: string, init?: RequestInit) => Promise<Response> = () => globalThis.fetch,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  const base = systemBaseUrl.replace(/\/+$/, '');
  return (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return fetchImpl()(`${base}${url.pathname}${url.search}`, init);
  };
}
