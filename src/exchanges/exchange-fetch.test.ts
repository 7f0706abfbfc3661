import { describe, expect, it } from 'vitest'
import { fixedClock } from '../lib/clock.ts'
import { HttpStatusError, LocalRateLimit } from './errors.ts'
import { createExchangeFetch, type FetchLike } from './exchange-fetch.ts'
import { createRateBudget } from './rate-budget.ts'

function setup(response: () => Response) {
  const clock = fixedClock()
  const budget = createRateBudget({ ratePerSec: 100, burst: 100, clock })
  const seen: Array<{ input: string; init: RequestInit }> = []
  const base: FetchLike = async (input, init = {}) => {
    seen.push({ input, init })
    return response()
  }
  return { clock, budget, seen, f: createExchangeFetch({ budget, clock, fetch: base }) }
}

describe('createExchangeFetch', () => {
  it('should drop node-only options and ask for manual redirects (workerd rejects "error")', async () => {
    const { f, seen } = setup(() => new Response('{}'))
    const signal = new AbortController().signal
    await f('https://x.test/a', {
      method: 'POST',
      headers: { a: 'b' },
      body: 'q=1',
      redirect: 'error',
      signal,
      timeout: 10000,
      agent: {},
    } as RequestInit)
    const init = seen[0]!.init as Record<string, unknown>
    expect(init).toMatchObject({ method: 'POST', body: 'q=1', redirect: 'manual', signal })
    expect(init).not.toHaveProperty('timeout')
    expect(init).not.toHaveProperty('agent')
  })

  it('should turn a redirect into a TypeError, which ccxt reports as a network error', async () => {
    const { f } = setup(
      () => new Response(null, { status: 302, headers: { location: 'https://elsewhere.test' } })
    )
    await expect(f('https://x.test/a')).rejects.toThrow(TypeError)
  })

  it('should raise HttpStatusError on 5xx so the outcome is always unknown', async () => {
    const { f } = setup(
      () => new Response('{"code":-1001,"msg":"Internal error"}', { status: 503 })
    )
    const err = await f('https://x.test/a').catch((e) => e)
    expect(err).toBeInstanceOf(HttpStatusError)
    expect([err.status, err.message]).toEqual([
      503,
      'HTTP 503 {"code":-1001,"msg":"Internal error"}',
    ])
  })

  it('should open the back-off on 429 with Retry-After and refuse the next request unsent', async () => {
    const { f, budget, seen } = setup(
      () => new Response('{}', { status: 429, headers: { 'retry-after': '3' } })
    )
    const res = await f('https://x.test/a')
    expect(res.status).toBe(429)
    expect(budget.retryAfterMs()).toBe(3000)
    const err = await f('https://x.test/b').catch((e) => e)
    expect(err).toBeInstanceOf(LocalRateLimit)
    expect(seen).toHaveLength(1)
  })
})
