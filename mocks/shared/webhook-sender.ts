/**
 * Sends webhook POSTs one after another, in the order they were queued.
 *
 * Count changes happen synchronously inside `SystemState`; a webhook is an async `fetch`.
 * Chaining the sends keeps receivers seeing changes in the order they happened (what a test or
 * a connector under test relies on), and `settled()` lets a deterministic host wait for them
 * before it looks at the result. The queue is bounded: past `limit` pending sends, new ones
 * are dropped and counted rather than growing without end.
 *
 * @example
 * const sender = new WebhookSender(() => globalThis.fetch, 100_000);
 * sender.enqueue(async () => ({ url: 'http://hooks.test/inv', init: { method: 'POST', body: '{}' } }));
 * await sender.settled();
 * sender.stats; // { sent: 1, failed: 0, dropped: 0 }
 */
export interface WebhookRequest {
  url: string;
  init: RequestInit;
}

export interface WebhookStats {
  /** Answered with any HTTP status (a receiver's 4xx/5xx is its business). */
  sent: number;
  /** The fetch itself rejected (unreachable address, network error). */
  failed: number;
  /** Not sent because the queue was full. */
  dropped: number;
}

export class WebhookSender {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  readonly stats: WebhookStats = { sent: 0, failed: 0, dropped: 0 };

  constructor(
    private readonly fetchImpl: () => (input: string, init: RequestInit) => Promise<Response>,
    private readonly limit: number,
  ) {}

  /**
   * Queues one delivery. `build` runs when the delivery's turn comes (it may sign the body);
   * everything it needs from the moment of the change must be captured by the caller first.
   */
  enqueue(build: () => Promise<WebhookRequest>): void {
    if (this.pending >= this.limit) {
      this.stats.dropped++;
      return;
    }
    this.pending++;
    this.tail = this.tail.then(async () => {
      try {
        const request = await build();
        const response = await this.fetchImpl()(request.url, request.init);
        // The body is drained so that a real HTTP connection can be reused or closed.
        await response.arrayBuffer().catch(() => undefined);
        this.stats.sent++;
      } catch {
        this.stats.failed++;
      } finally {
        this.pending--;
      }
    });
  }

  /** Resolves once every delivery queued so far has finished. */
  settled(): Promise<void> {
    return this.tail;
  }
}
