/**
 * @module The gateway's error taxonomy, in the terms the order path decides on: the exchange
 * refused (rejected), has no such order (not found), may or may not have acted (outcome unknown),
 * or was not asked because of a rate limit or an open circuit.
 *
 * Rule for the order path: only `ExchangeOutcomeUnknownError` leaves an order `unknown`; it must
 * never be retried blindly, only reconciled by client order id.
 */
import type { VenueId } from './types.ts'

export type ExchangeErrorKind =
  'rejected' | 'not-found' | 'unknown' | 'rate-limited' | 'unavailable'

export type RejectReason =
  | 'invalid-order'
  | 'insufficient-funds'
  | 'bad-symbol'
  | 'duplicate-client-order-id'
  | 'bad-request'
  | 'authentication'
  | 'permission'
  | 'not-supported'
  | 'invalid-nonce'
  | 'precision'

interface Ctx {
  venue: VenueId
  method: string
  cause?: unknown
}

export abstract class ExchangeGatewayError extends Error {
  abstract readonly kind: ExchangeErrorKind
  readonly venue: VenueId
  readonly method: string
  /** False when the request certainly never left this process. */
  abstract readonly sent: boolean

  constructor(message: string, ctx: Ctx) {
    super(`${ctx.venue} ${ctx.method}: ${message}`, { cause: ctx.cause })
    this.venue = ctx.venue
    this.method = ctx.method
  }
}

/** The exchange (or our pre-send validation) refused the request; nothing was created. */
export class ExchangeRejectedError extends ExchangeGatewayError {
  override name = 'ExchangeRejectedError'
  readonly kind = 'rejected'
  readonly sent: boolean
  constructor(
    readonly reason: RejectReason,
    message: string,
    ctx: Ctx & { sent?: boolean }
  ) {
    super(message, ctx)
    this.sent = ctx.sent ?? true
  }
}

/** The exchange says the order does not exist (yet, or any more). */
export class ExchangeNotFoundError extends ExchangeGatewayError {
  override name = 'ExchangeNotFoundError'
  readonly kind = 'not-found'
  readonly sent = true
}

/** Timeout, network error, 5xx or an unrecognised exchange error after sending: it may have acted. */
export class ExchangeOutcomeUnknownError extends ExchangeGatewayError {
  override name = 'ExchangeOutcomeUnknownError'
  readonly kind = 'unknown'
  readonly sent = true
}

/** 429/418 from the exchange (`sent: true`), or our own budget/back-off refused to send (`sent: false`). */
export class ExchangeRateLimitedError extends ExchangeGatewayError {
  override name = 'ExchangeRateLimitedError'
  readonly kind = 'rate-limited'
  readonly sent: boolean
  constructor(message: string, ctx: Ctx & { sent: boolean; retryAfterMs: number }) {
    super(message, ctx)
    this.sent = ctx.sent
    this.retryAfterMs = ctx.retryAfterMs
  }
  readonly retryAfterMs: number
}

/** The circuit breaker is open: the call was not sent. */
export class ExchangeUnavailableError extends ExchangeGatewayError {
  override name = 'ExchangeUnavailableError'
  readonly kind = 'unavailable'
  readonly sent = false
  constructor(message: string, ctx: Ctx & { retryAfterMs: number }) {
    super(message, ctx)
    this.retryAfterMs = ctx.retryAfterMs
  }
  readonly retryAfterMs: number
}

/** Thrown inside the fetch wrapper; ccxt passes unknown error classes through untouched. */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError'
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

/** Thrown inside the fetch wrapper when the budget or a back-off refuses to send. */
export class LocalRateLimit extends Error {
  override name = 'LocalRateLimit'
  constructor(
    readonly retryAfterMs: number,
    message: string
  ) {
    super(message)
  }
}

/** The subset of ccxt's error classes the classifier needs (taken from the lazily loaded module). */
export interface CcxtErrorClasses {
  OrderNotFound: ErrorClass
  DuplicateOrderId: ErrorClass
  InsufficientFunds: ErrorClass
  InvalidOrder: ErrorClass
  BadSymbol: ErrorClass
  PermissionDenied: ErrorClass
  AuthenticationError: ErrorClass
  NotSupported: ErrorClass
  BadRequest: ErrorClass
  ArgumentsRequired: ErrorClass
  OperationRejected: ErrorClass
  RateLimitExceeded: ErrorClass
  DDoSProtection: ErrorClass
  InvalidNonce: ErrorClass
}
type ErrorClass = abstract new (...args: never[]) => Error

/** Signatures and long bodies stay out of messages. */
export function redact(message: string): string {
  return message
    .replace(/(signature|apiKey|api_key|passphrase)=[^&\s"]+/gi, '$1=[redacted]')
    .slice(0, 400)
}

/**
 * Maps any error raised while calling ccxt to the taxonomy. Unrecognised errors after sending are
 * `unknown` on purpose: for an order, "maybe" is the only safe answer.
 *
 * @param retryAfterMs - the venue's current back-off, used for 429/418 answers
 */
export function classifyError(
  e: unknown,
  c: CcxtErrorClasses,
  ctx: Ctx & { retryAfterMs?: number }
): ExchangeGatewayError {
  if (e instanceof ExchangeGatewayError) return e
  const base = { venue: ctx.venue, method: ctx.method, cause: e }
  const msg = redact(e instanceof Error ? e.message : String(e))
  if (e instanceof LocalRateLimit)
    return new ExchangeRateLimitedError(msg, { ...base, sent: false, retryAfterMs: e.retryAfterMs })
  if (e instanceof HttpStatusError) return new ExchangeOutcomeUnknownError(msg, base)
  const reject = (reason: RejectReason) => new ExchangeRejectedError(reason, msg, base)
  if (e instanceof c.OrderNotFound) return new ExchangeNotFoundError(msg, base)
  if (e instanceof c.DuplicateOrderId || (e instanceof c.InvalidOrder && /duplicate/i.test(msg))) {
    return reject('duplicate-client-order-id')
  }
  if (e instanceof c.InsufficientFunds) return reject('insufficient-funds')
  if (e instanceof c.InvalidOrder) return reject('invalid-order')
  if (e instanceof c.BadSymbol) return reject('bad-symbol')
  if (e instanceof c.PermissionDenied) return reject('permission')
  if (e instanceof c.AuthenticationError) return reject('authentication')
  if (e instanceof c.NotSupported) return reject('not-supported')
  if (
    e instanceof c.BadRequest ||
    e instanceof c.ArgumentsRequired ||
    e instanceof c.OperationRejected
  ) {
    return reject('bad-request')
  }
  // Both subclass ccxt's NetworkError, but the exchange answered and refused: nothing happened.
  if (e instanceof c.RateLimitExceeded || e instanceof c.DDoSProtection) {
    return new ExchangeRateLimitedError(msg, {
      ...base,
      sent: true,
      retryAfterMs: ctx.retryAfterMs ?? 0,
    })
  }
  if (e instanceof c.InvalidNonce) return reject('invalid-nonce')
  return new ExchangeOutcomeUnknownError(msg, base)
}
