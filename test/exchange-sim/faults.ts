/**
 * @module Fault injection for the exchange simulator: per endpoint, a queue of faults each applied to
 * the next N matching calls.
 */

export type Fault =
  /** Waits `ms` before handling the call normally. */
  | { type: 'latency'; ms: number }
  /** Answers with a server error and never handles the call. */
  | { type: 'server-error'; status: 500 | 502 | 503 | 504; body?: unknown }
  /** Answers 429 (rate limit) or 418 (IP ban) with `Retry-After`, without handling the call. */
  | { type: 'rate-limit'; status: 429 | 418; retryAfterSeconds: number }
  /**
   * Handles the call fully (an order is created and matched), then holds the connection for
   * `delayMs` and destroys it without a response.
   */
  | { type: 'timeout-after-accept'; delayMs?: number }
  /** Destroys the connection before handling the call: nothing happened on the exchange. */
  | { type: 'drop' }
  /** `GET /api/v3/order` answers -2013 and `DELETE /api/v3/order` -2011 even when the order exists. */
  | { type: 'order-not-found' }

/** An endpoint is `'METHOD /path'` (`'POST /api/v3/order'`) or `'*'` for every call. */
export type EndpointPattern = string

interface Entry {
  endpoint: EndpointPattern
  fault: Fault
  remaining: number
}

export class FaultTable {
  private entries: Entry[] = []

  add(endpoint: EndpointPattern, fault: Fault, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new Error('times must be a positive integer')
    this.entries.push({ endpoint, fault, remaining: times })
  }

  clear(): void {
    this.entries = []
  }

  /** The first queued fault for this endpoint, consumed by one use. */
  take(endpoint: string): Fault | null {
    const i = this.entries.findIndex((e) => e.endpoint === endpoint || e.endpoint === '*')
    if (i < 0) return null
    const e = this.entries[i]!
    if (--e.remaining === 0) this.entries.splice(i, 1)
    return e.fault
  }

  pending(): number {
    return this.entries.reduce((n, e) => n + e.remaining, 0)
  }
}
