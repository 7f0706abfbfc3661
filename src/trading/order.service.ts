/**
 * @module The order path: `placeOrder` (idempotent, checked, then paper-filled or sent live),
 * reads, and cancellation. The order lifecycle is described in README.md; in short:
 *
 * 1. Same (user, Idempotency-Key) seen before → the stored response (another body → 422; still in
 *    flight → wait, then 409).
 * 2. Market checks that need no lock (venue, symbol, precision, minimums) → 422 before anything.
 * 3. One transaction under a per-user advisory lock: kill switch (423) → compliance gate (fail
 *    closed, 403) → risk limits (422) → insert. Paper orders are filled and answered in that same
 *    transaction; live orders commit `pending_submit` with our client order id first.
 * 4. Live only: ONE createOrder call, then the outcome is folded into the row. A timeout or network
 *    error leaves `unknown` for reconciliation; nothing is ever resubmitted.
 */
import { SpanKind } from '@opentelemetry/api'
import type { Db, Tx } from '../db/types.ts'
import {
  ExchangeRateLimitedError,
  ExchangeRejectedError,
  ExchangeUnavailableError,
} from '../exchanges/errors.ts'
import type { ExchangeGateway, ExchangeId, ExchangeOrder } from '../exchanges/types.ts'
import type { Clock } from '../lib/clock.ts'
import { uuidv7 } from '../lib/ids.ts'
import { describeError, type Logger } from '../lib/logger.ts'
import { toDb } from '../lib/money.ts'
import { ProblemError } from '../lib/problem.ts'
import { withSpan } from '../telemetry/tracer.ts'
import { applyExchangeOrder, responseOf, storeResponseIfMissing } from './order-apply.ts'
import { paperFill, paperOutcome, recordPaperFills } from './order-paper.ts'
import { prepareOrder, resolveMode, type PreparedOrder } from './order-prepare.ts'
import { IDEMPOTENCY_KEY_RE, requestHash } from './order-request.ts'
import { orderView, type OrderRow } from './order-view.ts'
import { positionSnapshot, type FillRecorder } from './fill-recorder.ts'
import type { OrdersRepository } from './orders.repository.ts'
import type { RiskService } from './risk.service.ts'
import type { PlaceOrderInput, PlaceOrderResult, PreTradeCompliance, TradingMode } from './trading.types.ts'
import type { Venues } from './venues.ts'
import { createOrderCancel } from './order-cancel.ts'

export interface OrderServiceDeps {
  db: Db
  clock: Clock
  logger: Logger
  venues: Venues
  repo: OrdersRepository
  risk: RiskService
  recorder: FillRecorder
  compliance: PreTradeCompliance
  /** The platform's TRADING_MODE. */
  tradingMode: TradingMode
  /** How long a replay waits for the first request of its key to finish (ms). */
  replayWaitMs?: number
}

type Outcome =
  | { kind: 'accepted'; ex: ExchangeOrder }
  | { kind: 'rejected'; reason: string }
  | { kind: 'not-placed'; error: ExchangeRateLimitedError | ExchangeUnavailableError }
  | { kind: 'unknown'; error: unknown }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export const clientOrderIdOf = (orderId: string) => `tw${orderId.replace(/-/g, '')}`

/**
 * @param deps.compliance - the pre-trade gate; a throw refuses the order
 * @param [deps.replayWaitMs=10000]
 * @example
 * const orders = createOrderService({ db, clock, logger, venues, repo, risk, recorder, compliance, tradingMode: 'paper' })
 * const { status, body } = await orders.placeOrder({ userId, idempotencyKey, request })
 */
export function createOrderService(deps: OrderServiceDeps) {
  const { db, clock, logger, venues, repo, risk, recorder, compliance, tradingMode, replayWaitMs = 10_000 } = deps
  const applyDeps = { repo, recorder }

  async function replay(row: OrderRow, hash: string): Promise<PlaceOrderResult | null> {
    if (row.requestHash !== hash) {
      throw new ProblemError({
        status: 422,
        type: 'idempotency-key-reused',
        detail: 'This Idempotency-Key was used with a different request. Use a new key for a new order.',
      })
    }
    const deadline = performance.now() + replayWaitMs
    let cur: OrderRow | undefined = row
    for (let wait = 10; cur.responseBody === null; wait = Math.min(wait * 2, 250)) {
      if (performance.now() > deadline) {
        throw new ProblemError({
          status: 409,
          type: 'idempotency-key-in-progress',
          detail: 'The first request with this Idempotency-Key is still being processed. Retry shortly.',
          headers: { 'retry-after': '1' },
        })
      }
      await sleep(wait)
      cur = await repo.findById(db, row.id)
      if (!cur || cur.idempotencyKey !== row.idempotencyKey) return null
    }
    return { status: cur.responseStatus ?? 201, body: cur.responseBody as never, replayed: true }
  }

  async function checkCompliance(tx: Tx, p: PreparedOrder, userId: string, orderId: string, now: Date) {
    let result
    try {
      result = await withSpan('order.compliance_check', { 'order.venue': p.venue, 'order.mode': p.mode }, () =>
        compliance.check(
          { userId, orderId, mode: p.mode, venue: p.venue, symbol: p.request.symbol, side: p.request.side, amount: p.amount, price: p.referencePrice, quoteCurrency: p.market.quote, now },
          tx
        )
      )
    } catch (err) {
      logger.warn('compliance check failed; order refused', { orderId, error: describeError(err) })
      throw new ProblemError({ status: 403, type: 'compliance-check-failed', detail: 'The compliance check could not be completed, so the order was refused.', extra: { reasons: [] } })
    }
    if (result.decision === 'approved' || result.decision === 'review') return
    const kyc = result.decision === 'requires_kyc'
    throw new ProblemError({
      status: 403,
      type: kyc ? 'kyc-required' : 'compliance-blocked',
      detail: kyc ? 'Complete identity verification (POST /v1/kyc) to place this order.' : 'The order was blocked by a compliance rule.',
      extra: { reasons: result.reasons.map((r) => ({ code: r.code, message: r.message })) },
    })
  }

  /** Step 3: the claim transaction. Returns the stored row, or the earlier row for the key. */
  async function claim(input: PlaceOrderInput, p: PreparedOrder, hash: string) {
    const now = clock.now()
    const orderId = uuidv7(now.getTime())
    const paper = p.mode === 'paper' ? paperFill({ ...p.request, amount: p.amount, price: p.price }, p.book!, p.market.takerFee) : null
    const risky = { userId: input.userId, mode: p.mode, venue: p.venue, symbol: p.request.symbol, side: p.request.side, amount: p.amount, price: p.referencePrice, now }
    const values = {
      id: orderId,
      userId: input.userId,
      mode: p.mode,
      venue: p.venue,
      symbol: p.request.symbol,
      side: p.request.side,
      type: p.request.type,
      amount: toDb(p.amount),
      requestedAmount: toDb(p.requestedAmount),
      price: p.price === null ? null : toDb(p.price),
      referencePrice: p.referencePrice === null ? null : toDb(p.referencePrice),
      status: 'pending_submit' as OrderRow['status'],
      clientOrderId: clientOrderIdOf(orderId),
      idempotencyKey: input.idempotencyKey,
      requestHash: hash,
      botId: input.botId ?? null,
      filled: '0',
      averagePrice: null as string | null,
      rejectReason: null as string | null,
      exchangeOrderId: null,
      createdAt: now,
      updatedAt: now,
    }
    // A paper order is complete before it is written: its final row and stored response go in
    // with the insert, so the whole order is one transaction of a handful of statements.
    if (paper) {
      Object.assign(values, paperOutcome(values, paper), { submittedAt: now })
      Object.assign(values, responseOf(values as OrderRow))
    }
    return db.transaction(async (tx) => {
      const state = await risk.lockAndReadPreTradeState(tx, { ...risky, idempotencyKey: input.idempotencyKey })
      if (state.earlierId) return { earlier: (await repo.findById(tx, state.earlierId))! }
      risk.assertNoKillSwitch(state)
      await checkCompliance(tx, p, input.userId, orderId, now)
      risk.assertWithinLimits(state, risky)
      // Pipelined: the fills' reference to the order is checked at commit (deferred FK).
      const [row] = await Promise.all([
        repo.insert(tx, values),
        paper ? recordPaperFills(tx, recorder, values, paper, now, 'taker', positionSnapshot(state.position)) : null,
      ])
      return { row }
    })
  }

  async function submit(row: OrderRow, gw: ExchangeGateway, p: PreparedOrder): Promise<Outcome> {
    try {
      const ex = await withSpan('order.submit', { 'order.id': row.id, 'order.venue': row.venue, 'order.type': row.type, 'order.side': row.side }, () =>
        gw.createOrder({ symbol: row.symbol, side: row.side, type: row.type, amount: p.amount, ...(p.price && { price: p.price }), clientOrderId: row.clientOrderId })
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

  /** Step 4b: the outcome into the row, in one transaction with the fills it carries. */
  async function settle(row: OrderRow, outcome: Outcome): Promise<OrderRow> {
    const now = clock.now()
    return db.transaction(async (tx) => {
      let cur = (await repo.findById(tx, row.id, { forUpdate: true }))!
      const stillPending = cur.status === 'pending_submit'
      switch (outcome.kind) {
        case 'accepted':
          cur = await applyExchangeOrder(tx, applyDeps, cur, outcome.ex, outcome.ex.trades, now)
          break
        case 'rejected':
          if (stillPending) cur = await repo.update(tx, cur.id, { status: 'rejected', rejectReason: outcome.reason, submittedAt: now, updatedAt: now })
          break
        case 'unknown':
          if (stillPending) {
            cur = await repo.update(tx, cur.id, {
              status: 'unknown',
              submittedAt: now,
              reconcileAfter: new Date(now.getTime() + 1000),
              evidence: { submit: { outcome: 'unknown', error: outcome.error instanceof Error ? outcome.error.name : 'error', at: now.toISOString() } },
              updatedAt: now,
            })
          }
          break
        case 'not-placed':
          if (stillPending) {
            const reason = outcome.error instanceof ExchangeRateLimitedError ? 'rate-limited' : 'venue-unavailable'
            await repo.update(tx, cur.id, { status: 'rejected', rejectReason: reason, idempotencyKey: null, updatedAt: now })
            return cur
          }
      }
      return storeResponseIfMissing(tx, repo, cur)
    })
  }

  async function placeOnce(input: PlaceOrderInput): Promise<PlaceOrderResult | null> {
    const mode = resolveMode(input.request, tradingMode)
    const hash = await requestHash(input.request, mode)
    // Live: a replay must never reach the exchange, so the key is looked up first. Paper: the
    // claim transaction sees the key anyway; it is looked up here only if preparing fails.
    if (mode === 'live') {
      const earlier = await repo.findByKey(db, input.userId, input.idempotencyKey)
      if (earlier) return replay(earlier, hash)
      if (!input.stepUp) {
        throw new ProblemError({ status: 403, type: 'step-up-required', detail: 'Live orders need a fresh two-factor confirmation: POST /v1/auth/step-up, then send X-Step-Up-Token.' })
      }
    }
    let p: PreparedOrder
    try {
      p = await prepareOrder(input.request, mode, venues)
    } catch (err) {
      const earlier = mode === 'paper' ? await repo.findByKey(db, input.userId, input.idempotencyKey) : undefined
      if (earlier) return replay(earlier, hash)
      throw err
    }
    let gw: ExchangeGateway | null = null
    if (mode === 'live') {
      gw = await venues.liveGateway(input.userId, p.venue as ExchangeId)
      if (!gw) {
        throw new ProblemError({ status: 422, type: 'exchange-key-required', detail: `Add and validate a ${p.venue} API key (POST /v1/exchange-keys) before trading live.` })
      }
    }
    const claimed = await claim(input, p, hash)
    if ('earlier' in claimed) return replay(claimed.earlier!, hash)
    const row = claimed.row
    if (mode === 'paper') return { status: 201, body: row.responseBody as never, replayed: false }

    const outcome = await submit(row, gw!, p)
    const settled = await settle(row, outcome)
    if (outcome.kind === 'not-placed') {
      const e = outcome.error
      throw new ProblemError({
        status: e instanceof ExchangeRateLimitedError ? 429 : 503,
        type: e instanceof ExchangeRateLimitedError ? 'exchange-rate-limited' : 'venue-unavailable',
        detail: `${row.venue} did not take the order (${e instanceof ExchangeRateLimitedError ? 'rate limited' : 'unavailable'}); nothing was placed and the Idempotency-Key may be reused.`,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(e.retryAfterMs / 1000))) },
      })
    }
    return { status: settled.responseStatus ?? 201, body: settled.responseBody as never, replayed: false }
  }

  const cancel = createOrderCancel({ db, clock, logger, venues, repo, recorder })

  return {
    modeOf: (request: PlaceOrderInput['request']) => resolveMode(request, tradingMode),

    async placeOrder(input: PlaceOrderInput): Promise<PlaceOrderResult> {
      if (!IDEMPOTENCY_KEY_RE.test(input.idempotencyKey)) {
        throw new ProblemError({ status: 400, type: 'invalid-idempotency-key', detail: 'Idempotency-Key must be 1–128 visible ASCII characters.' })
      }
      return withSpan('order.place', { 'order.venue': input.request.exchange, 'order.side': input.request.side, 'order.type': input.request.type }, async () => {
        // A key released because the venue refused to take the order may be placed again.
        for (let attempt = 0; attempt < 3; attempt++) {
          const result = await placeOnce(input)
          if (result) return result
        }
        throw new ProblemError({ status: 409, type: 'idempotency-key-in-progress', detail: 'Retry shortly.', headers: { 'retry-after': '1' } })
      }, SpanKind.INTERNAL)
    },

    async get(userId: string, id: string) {
      const row = await repo.findById(db, id, { userId })
      if (!row) throw new ProblemError({ status: 404, type: 'not-found', detail: 'No such order.' })
      return orderView(row)
    },

    ...cancel,
  }
}

export type OrderService = ReturnType<typeof createOrderService>
