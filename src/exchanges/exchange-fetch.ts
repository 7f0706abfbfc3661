/**
 * @module The `fetchImplementation` every ccxt instance gets: Web fetch only (works on Node, Deno
 * and workerd), the venue's request budget before each request, and the HTTP facts ccxt would blur.
 *
 * - drops ccxt's node-only `timeout`/`agent`/`dispatcher` (ccxt still aborts via `signal`);
 * - `redirect: 'manual'` (workerd rejects `'error'`), and a 3xx becomes a network error, since
 *   exchange APIs never redirect legitimately;
 * - 429/418 open the budget's back-off with `Retry-After`, then ccxt raises its rate-limit error;
 * - a 5xx becomes `HttpStatusError`, which ccxt passes through untouched, so a 5xx is always
 *   "outcome unknown" whatever body the exchange sent.
 */
import type { Clock } from '../lib/clock.ts'
import { HttpStatusError } from './errors.ts'
import { parseRetryAfter, type RateBudget } from './rate-budget.ts'

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

/**
 * @param opts.budget - the venue's request budget (acquire throws LocalRateLimit, unsent)
 * @param [opts.fetch=globalThis.fetch] - the underlying Web fetch
 * @example
 * new ccxt.binance({ fetchImplementation: createExchangeFetch({ budget, clock }) })
 */
export function createExchangeFetch(opts: {
  budget: RateBudget
  clock: Clock
  fetch?: FetchLike
}): FetchLike {
  const base = opts.fetch ?? ((input, init) => globalThis.fetch(input, init))
  return async function exchangeFetch(input, init = {}) {
    const {
      timeout: _t,
      agent: _a,
      dispatcher: _d,
      ...rest
    } = init as RequestInit & Record<string, unknown>
    await opts.budget.acquire()
    const res = await base(input, { ...rest, redirect: 'manual' })
    if ((res.status >= 300 && res.status < 400) || res.type === 'opaqueredirect') {
      // TypeError is what ccxt turns into NetworkError ("outcome unknown").
      throw new TypeError(`HTTP ${res.status} redirect not followed`)
    }
    if (res.status === 429 || res.status === 418) {
      opts.budget.onRateLimited(
        res.status,
        parseRetryAfter(res.headers.get('retry-after'), opts.clock.now())
      )
    } else if (res.status >= 500) {
      const body = (await res.text().catch(() => '')).slice(0, 200)
      throw new HttpStatusError(res.status, `HTTP ${res.status} ${body}`)
    } else {
      opts.budget.onSuccess()
    }
    return res
  }
}
