/**
 * @module Two gates of the order path: the replay of a stored response for a known Idempotency-Key
 * (waiting while the first request is still running), and the pre-trade compliance check, which
 * fails closed.
 */
import type { Db, Tx } from '../db/types.ts'
import { describeError, type Logger } from '../lib/logger.ts'
import { ProblemError } from '../lib/problem.ts'
import { withSpan } from '../telemetry/tracer.ts'
import type { PreparedOrder } from './order-prepare.ts'
import type { OrderRow } from './order-view.ts'
import type { OrdersRepository } from './orders.repository.ts'
import type { PlaceOrderResult, PreTradeCompliance } from './trading.types.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The stored answer for `row`'s key; 422 for another body; waits up to `waitMs` while the first
 * request has not answered yet, then 409. Null when the key was released meanwhile (not placed).
 */
export async function replayStored(
  deps: { db: Db; repo: OrdersRepository; waitMs: number },
  row: OrderRow,
  hash: string
): Promise<PlaceOrderResult | null> {
  const { db, repo, waitMs: replayWaitMs } = deps
  if (row.requestHash !== hash) {
    throw new ProblemError({
      status: 422,
      type: 'idempotency-key-reused',
      detail:
        'This Idempotency-Key was used with a different request. Use a new key for a new order.',
    })
  }
  const deadline = performance.now() + replayWaitMs
  let cur: OrderRow | undefined = row
  for (let wait = 10; cur.responseBody === null; wait = Math.min(wait * 2, 250)) {
    if (performance.now() > deadline) {
      throw new ProblemError({
        status: 409,
        type: 'idempotency-key-in-progress',
        detail:
          'The first request with this Idempotency-Key is still being processed. Retry shortly.',
        headers: { 'retry-after': '1' },
      })
    }
    await sleep(wait)
    cur = await repo.findById(db, row.id)
    if (!cur || cur.idempotencyKey !== row.idempotencyKey) return null
  }
  return { status: cur.responseStatus ?? 201, body: cur.responseBody as never, replayed: true }
}

/** approved/review → on; requires_kyc → 403 kyc-required; blocked → 403; a throw → 403 (fail closed). */
export async function checkCompliance(
  deps: { compliance: PreTradeCompliance; logger: Logger },
  tx: Tx,
  p: PreparedOrder,
  userId: string,
  orderId: string,
  now: Date
) {
  const { compliance, logger } = deps
  let result
  try {
    result = await withSpan(
      'order.compliance_check',
      { 'order.venue': p.venue, 'order.mode': p.mode },
      () =>
        compliance.check(
          {
            userId,
            orderId,
            mode: p.mode,
            venue: p.venue,
            symbol: p.request.symbol,
            side: p.request.side,
            amount: p.amount,
            price: p.referencePrice,
            quoteCurrency: p.market.quote,
            now,
          },
          tx
        )
    )
  } catch (err) {
    logger.warn('compliance check failed; order refused', { orderId, error: describeError(err) })
    throw new ProblemError({
      status: 403,
      type: 'compliance-check-failed',
      detail: 'The compliance check could not be completed, so the order was refused.',
      extra: { reasons: [] },
    })
  }
  if (result.decision === 'approved' || result.decision === 'review') return
  const kyc = result.decision === 'requires_kyc'
  throw new ProblemError({
    status: 403,
    type: kyc ? 'kyc-required' : 'compliance-blocked',
    detail: kyc
      ? 'Complete identity verification (POST /v1/kyc) to place this order.'
      : 'The order was blocked by a compliance rule.',
    extra: { reasons: result.reasons.map((r) => ({ code: r.code, message: r.message })) },
  })
}
