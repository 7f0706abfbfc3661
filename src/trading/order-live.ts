/**
 * @module The live half of the order path: exactly ONE createOrder call with our client order id
 * (inside an INTERNAL `order.submit` span; the gateway adds the CLIENT span), classified into an
 * outcome, then folded into the order row in one transaction with the fills it carries.
 * Nothing here retries: `unknown` is left for reconciliation.
 */
import type { Db } from '../db/types.ts'
import {
  ExchangeRateLimitedError,
  ExchangeRejectedError,
  ExchangeUnavailableError,
} from '../exchanges/errors.ts'
import type { ExchangeGateway, ExchangeOrder } from '../exchanges/types.ts'
import { ProblemError } from '../lib/problem.ts'
import { withSpan } from '../telemetry/tracer.ts'
import { applyExchangeOrder, storeResponseIfMissing, type ApplyDeps } from './order-apply.ts'
import type { PreparedOrder } from './order-prepare.ts'
import type { OrderRow } from './order-view.ts'

export type SubmitOutcome =
  | { kind: 'accepted'; ex: ExchangeOrder }
  | { kind: 'rejected'; reason: string }
  | { kind: 'not-placed'; error: ExchangeRateLimitedError | ExchangeUnavailableError }
  | { kind: 'unknown'; error: unknown }

export async function submitOrder(
  row: OrderRow,
  gw: ExchangeGateway,
  p: PreparedOrder
): Promise<SubmitOutcome> {
  try {
    const ex = await withSpan(
      'order.submit',
      {
        'order.id': row.id,
        'order.venue': row.venue,
        'order.type': row.type,
        'order.side': row.side,
      },
      () =>
        gw.createOrder({
          symbol: row.symbol,
          side: row.side,
          type: row.type,
          amount: p.amount,
          ...(p.price && { price: p.price }),
          clientOrderId: row.clientOrderId,
        })
    )
    return { kind: 'accepted', ex }
  } catch (e) {
    if (e instanceof ExchangeRejectedError) return { kind: 'rejected', reason: e.reason }
    if (e instanceof ExchangeRateLimitedError || e instanceof ExchangeUnavailableError) {
      return { kind: 'not-placed', error: e }
    }
    // ExchangeOutcomeUnknownError and anything unexpected after the call left: it may exist.
    return { kind: 'unknown', error: e }
  }
}

/** The outcome into the row, in one transaction with the fills it carries. */
export async function settleOutcome(
  db: Db,
  applyDeps: ApplyDeps,
  row: OrderRow,
  outcome: SubmitOutcome,
  now: Date
): Promise<OrderRow> {
  const { repo } = applyDeps
  return db.transaction(async (tx) => {
    let cur = (await repo.findById(tx, row.id, { forUpdate: true }))!
    const stillPending = cur.status === 'pending_submit'
    switch (outcome.kind) {
      case 'accepted':
        cur = await applyExchangeOrder(tx, applyDeps, cur, outcome.ex, outcome.ex.trades, now)
        break
      case 'rejected':
        if (stillPending)
          cur = await repo.update(tx, cur.id, {
            status: 'rejected',
            rejectReason: outcome.reason,
            submittedAt: now,
            updatedAt: now,
          })
        break
      case 'unknown':
        if (stillPending) {
          cur = await repo.update(tx, cur.id, {
            status: 'unknown',
            submittedAt: now,
            reconcileAfter: new Date(now.getTime() + 1000),
            evidence: {
              submit: {
                outcome: 'unknown',
                error: outcome.error instanceof Error ? outcome.error.name : 'error',
                at: now.toISOString(),
              },
            },
            updatedAt: now,
          })
        }
        break
      case 'not-placed':
        if (stillPending) {
          const reason =
            outcome.error instanceof ExchangeRateLimitedError ? 'rate-limited' : 'venue-unavailable'
          await repo.update(tx, cur.id, {
            status: 'rejected',
            rejectReason: reason,
            idempotencyKey: null,
            updatedAt: now,
          })
          return cur
        }
    }
    return storeResponseIfMissing(tx, repo, cur)
  })
}

/** The venue certainly did not take the order: 429/503, and the key may be used again. */
export function notPlacedProblem(
  venue: string,
  e: ExchangeRateLimitedError | ExchangeUnavailableError
) {
  const limited = e instanceof ExchangeRateLimitedError
  return new ProblemError({
    status: limited ? 429 : 503,
    type: limited ? 'exchange-rate-limited' : 'venue-unavailable',
    detail: `${venue} did not take the order (${limited ? 'rate limited' : 'unavailable'}); nothing was placed and the Idempotency-Key may be reused.`,
    headers: { 'retry-after': String(Math.max(1, Math.ceil(e.retryAfterMs / 1000))) },
  })
}
