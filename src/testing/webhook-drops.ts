/**
 * Webhook drops for a connector under test: the connector runner maps `rate_limit` and
 * `timeout` onto the mocked APIs' answers, but a webhook that never arrives is the receiver's
 * side of the wire, so the kit drops it on the way in. Deliveries are numbered from 1 over
 * every system, in the order they arrive (the mocks send them one after another, so the
 * numbering is deterministic); a dropped one is answered 503 without reaching the handler, as
 * a load balancer in front of an overloaded app would, and the mocks do not resend it.
 *
 * @example
 * import connector from './my-connector.js';
 * export default withWebhookDrops(connector, [2, 5]); // the 2nd and 5th deliveries are lost
 */
import type { Connector, ConnectorModule } from '../adapters/connector-runner.js';

/**
 * The connector with the given deliveries dropped; the rest reach its handlers unchanged.
 *
 * @example
 * const lossy = withWebhookDrops(wmsToShopify, [1]);
 */
export function withWebhookDrops(module: ConnectorModule, drops: readonly number[]): () => Connector {
  const dropped = new Set(drops);
  return () => {
    const connector = typeof module === 'function' ? module() : module;
    if (dropped.size === 0 || !connector.webhooks) return connector;
    let delivery = 0;
    const webhooks = Object.fromEntries(
      Object.entries(connector.webhooks).map(([system, handler]) => [
        system,
        (request: Request, context: Parameters<typeof handler>[1]) => {
          delivery++;
          if (dropped.has(delivery)) {
            context.log(`drift-sim dropped webhook delivery #${delivery} to ${system}`);
            return new Response(null, { status: 503 });
          }
          return handler(request, context);
        },
      ]),
    );
    return { ...connector, webhooks };
  };
}
