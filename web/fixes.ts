/**
 * The fix that stops each fault kind, one sentence a team can act on. The reveal lists the
 * sentence of every kind in Gate 2's explanation.
 *
 * @example
 * fixFor('cadence'); // 'Run the sync on every day the warehouse ships ...'
 */
const FIXES: Record<string, string> = {
  cadence: 'Run the sync on every day the warehouse ships (or hold storefront stock back while it is paused), and alert when a scheduled run is skipped.',
  batch_lag: 'Shorten the batch interval or move the link to events, and buffer storefront stock by the demand of one batch interval.',
  batch_capacity: 'Raise the batch size or run it more often, and alert when the pending backlog still grows after a cycle.',
  webhook_drop: 'Reconcile on a schedule (poll the counts and correct the difference) and retry failed webhook deliveries instead of dropping them.',
  duplicate_delivery: 'Send an idempotency key with every adjustment (Shopify: @idempotent) so a redelivered message is applied once.',
  key_collision: 'Build idempotency keys from the movement reference and the SKU, so two different movements never share a key.',
  rate_limit: 'Queue and retry throttled calls with backoff (honour Retry-After and the cost bucket) instead of dropping them, and spread launch traffic.',
  timeout: 'Make retries safe: idempotency keys on every write, and a retry only after checking whether the first call landed.',
  truncation: 'Map fields by their real length (or map SKUs through an ID table), and fail loudly when a value would be cut.',
  manual_override: 'Stop correcting counts by hand in one system: record the correction where the chain starts (the system of record) so every system hears about it, and give one team the authority to correct.',
  unpropagated_adjustment: 'Post adjustments and cycle counts in the system of record, through the sync, never only in one system.',
  split_shipment: 'Record partial picks and split shipments as the movements they are, at the 3PL and in the WMS, so both count the same units.',
};

/**
 * The fix sentence for a fault kind, or a general one for a kind this list does not know.
 *
 * @example
 * fixFor('webhook_drop'); // 'Reconcile on a schedule ...'
 */
export function fixFor(kind: string): string {
  return FIXES[kind] ?? 'Fix the rule or the habit the explanation names, then replay the incident to check the counts agree.';
}
