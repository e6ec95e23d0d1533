/**
 * NetSuite's concurrency governance: an account serves at most `limit` web-services requests
 * at once, and REST requests beyond it are refused with HTTP 429. The limit is 5 on shared
 * service without SuiteCloud Plus, plus 10 per SuiteCloud Plus license (Oracle NetSuite help,
 * "Web Services and RESTlet Concurrency Governance"; the formula "5 + 10" for one license is
 * quoted in Jitterbit's NetSuite concurrency notes).
 *
 * @example
 * const gate = new ConcurrencyGate(5);
 * const response = await gate.run(() => handle(request), () => tooManyRequests());
 */
export class ConcurrencyGate {
  private inFlight = 0;

  constructor(readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`ConcurrencyGate: limit must be a positive integer, got ${limit}`);
  }

  /** Runs `work` if a slot is free, else answers `refuse()` without running it. */
  async run(work: () => Promise<Response>, refuse: () => Response): Promise<Response> {
    if (this.inFlight >= this.limit) return refuse();
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
    }
  }
}
