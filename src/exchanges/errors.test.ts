import { describe, expect, it } from 'vitest'
import {
  classifyError,
  HttpStatusError,
  LocalRateLimit,
  redact,
  type CcxtErrorClasses,
} from './errors.ts'

const ccxt: Record<string, any> = await import('ccxt')
const ctx = { venue: 'binance' as const, method: 'createOrder', retryAfterMs: 1500 }
const classify = (e: unknown) => classifyError(e, ccxt as unknown as CcxtErrorClasses, ctx)

describe('classifyError', () => {
  it.each([
    ['OrderNotFound', 'not-found', undefined],
    ['DuplicateOrderId', 'rejected', 'duplicate-client-order-id'],
    ['InsufficientFunds', 'rejected', 'insufficient-funds'],
    ['InvalidOrder', 'rejected', 'invalid-order'],
    ['BadSymbol', 'rejected', 'bad-symbol'],
    ['PermissionDenied', 'rejected', 'permission'],
    ['AuthenticationError', 'rejected', 'authentication'],
    ['NotSupported', 'rejected', 'not-supported'],
    ['BadRequest', 'rejected', 'bad-request'],
    ['InvalidNonce', 'rejected', 'invalid-nonce'],
    ['RateLimitExceeded', 'rate-limited', undefined],
    ['DDoSProtection', 'rate-limited', undefined],
    ['RequestTimeout', 'unknown', undefined],
    ['NetworkError', 'unknown', undefined],
    ['ExchangeNotAvailable', 'unknown', undefined],
    ['OnMaintenance', 'unknown', undefined],
    ['BadResponse', 'unknown', undefined],
    ['ExchangeError', 'unknown', undefined],
  ])('should map ccxt %s to %s', (cls, kind, reason) => {
    const err = classify(new ccxt[cls]('binance boom'))
    expect(err.kind).toBe(kind)
    if (reason) expect((err as { reason?: string }).reason).toBe(reason)
    expect(err.cause).toBeInstanceOf(ccxt[cls])
  })

  it('should read Binance "Duplicate order sent." (an InvalidOrder) as a duplicate client order id', () => {
    const err = classify(
      new ccxt.InvalidOrder('binance {"code":-2010,"msg":"Duplicate order sent."}')
    )
    expect((err as { reason?: string }).reason).toBe('duplicate-client-order-id')
  })

  it('should treat a 5xx as unknown and our own refusals as unsent', () => {
    expect(classify(new HttpStatusError(502, 'HTTP 502')).kind).toBe('unknown')
    const local = classify(new LocalRateLimit(900, 'budget'))
    expect([local.kind, local.sent, (local as { retryAfterMs?: number }).retryAfterMs]).toEqual([
      'rate-limited',
      false,
      900,
    ])
    const limited = classify(new ccxt.RateLimitExceeded('429'))
    expect([limited.sent, (limited as { retryAfterMs?: number }).retryAfterMs]).toEqual([
      true,
      1500,
    ])
    expect(classify(new TypeError('bug')).kind).toBe('unknown')
  })

  it('should keep signatures and keys out of messages', () => {
    const e = classify(
      new ccxt.NetworkError(
        'binance GET https://x/api/v3/account?timestamp=1&signature=abcdef0123 fetch failed'
      )
    )
    expect(e.message).toContain('signature=[redacted]')
    expect(e.message).not.toContain('abcdef0123')
    expect(redact('apiKey=KEY&passphrase=PW')).toBe('apiKey=[redacted]&passphrase=[redacted]')
  })
})
