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
import type { Db } from '../db/types.ts'
import type { ExchangeGateway, ExchangeId } from '../exchanges/types.ts'
import type { Clock } from '../lib/clock.ts'
import { uuidv7 } from '../lib/ids.ts'
import type { Logger } from '../lib/logger.ts'
import { toDb } from '../lib/money.ts'
import { ProblemError } from '../lib/problem.ts'
import { withSpan } from '../telemetry/tracer.ts'
import { responseOf } from './order-apply.ts'
import { checkCompliance, replayStored } from './order-gates.ts'
import { notPlacedProblem, settleOutcome, submitOrder } from './order-live.ts'
import { paperFill, paperOutcome, recordPaperFills } from './order-paper.ts'
import { prepareOrder, resolveMode, type PreparedOrder } from './order-prepare.ts'
import { IDEMPOTENCY_KEY_RE, requestHash } from './order-request.ts'
import { orderView, type OrderRow } from './order-view.ts'
import { positionSnapshot, type FillRecorder } from './fill-recorder.ts'
import type { OrdersRepository, PaperOrderValues } from './orders.repository.ts'
import type { RiskService } from './risk.service.ts'
import type {
  PlaceOrderInput,
  PlaceOrderResult,
  PreTradeCompliance,
  TradingMode,
} from './trading.types.ts'
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

export const clientOrderIdOf = (orderId: string) => `tw${orderId.replace(/-/g, '')}`

/**
 * @param deps.compliance - the pre-trade gate; a throw refuses the order
 * @param [deps.replayWaitMs=10000]
 * @example
 * const orders = createOrderService({ db, clock, logger, venues, repo, risk, recorder, compliance, tradingMode: 'paper' })
 * const { status, body } = await orders.placeOrder({ userId, idempotencyKey, request })
 */
export function createOrderService(deps: OrderServiceDeps) {
  const {
    db,
    clock,
    logger,
    venues,
    repo,
    risk,
    recorder,
    compliance,
    tradingMode,
    replayWaitMs = 10_000,
  } = deps
  const applyDeps = { repo, recorder }
  const replayDeps = { db, repo, waitMs: replayWaitMs }

  /** Step 3: the claim transaction. Returns the stored row, or the earlier row for the key. */
  async function claim(input: PlaceOrderInput, p: PreparedOrder, hash: string) {
    const now = clock.now()
    const orderId = uuidv7(now.getTime())
    const paper =
      p.mode === 'paper'
        ? paperFill({ ...p.request, amount: p.amount, price: p.price }, p.book!, p.market.takerFee)
        : null
    const risky = {
      userId: input.userId,
      mode: p.mode,
      venue: p.venue,
      symbol: p.request.symbol,
      side: p.request.side,
      amount: p.amount,
      price: p.referencePrice,
      now,
    }
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
    let paperRow: PaperOrderValues | null = null
    if (paper) {
      const filled = { ...values, ...paperOutcome(values, paper), submittedAt: now }
      paperRow = { ...filled, ...responseOf(filled as OrderRow) }
    }
    return db.transaction(async (tx) => {
      const state = await risk.lockAndReadPreTradeState(tx, {
        ...risky,
        idempotencyKey: input.idempotencyKey,
      })
      if (state.earlierId) return { earlier: (await repo.findById(tx, state.earlierId))! }
      risk.assertNoKillSwitch(state)
      await checkCompliance({ compliance, logger }, tx, p, input.userId, orderId, now)
      risk.assertWithinLimits(state, risky)
      if (!paper || !paperRow) return { row: await repo.insert(tx, values) }
      // Pipelined: the fills' reference to the order is checked at commit (deferred FK).
      await Promise.all([
        repo.insertFinal(tx, paperRow),
        recordPaperFills(tx, recorder, paperRow, paper, now, 'taker', positionSnapshot(state.position)),
      ])
      return { paperResponse: paperRow.responseBody }
    })
  }

  async function placeOnce(input: PlaceOrderInput): Promise<PlaceOrderResult | null> {
    const mode = resolveMode(input.request, tradingMode)
    const hash = await requestHash(input.request, mode)
    // Live: a replay must never reach the exchange, so the key is looked up first. Paper: the
    // claim transaction sees the key anyway; it is looked up here only if preparing fails.
    if (mode === 'live') {
      const earlier = await repo.findByKey(db, input.userId, input.idempotencyKey)
      if (earlier) return replayStored(replayDeps, earlier, hash)
      if (!input.stepUp) {
        throw new ProblemError({
          status: 403,
          type: 'step-up-required',
          detail:
            'Live orders need a fresh two-factor confirmation: POST /v1/auth/step-up, then send X-Step-Up-Token.',
        })
      }
    }
    let p: PreparedOrder
    try {
      p = await prepareOrder(input.request, mode, venues)
    } catch (err) {
      const earlier =
        mode === 'paper' ? await repo.findByKey(db, input.userId, input.idempotencyKey) : undefined
      if (earlier) return replayStored(replayDeps, earlier, hash)
      throw err
    }
    let gw: ExchangeGateway | null = null
    if (mode === 'live') {
      gw = await venues.liveGateway(input.userId, p.venue as ExchangeId)
      if (!gw) {
        throw new ProblemError({
          status: 422,
          type: 'exchange-key-required',
          detail: `Add and validate a ${p.venue} API key (POST /v1/exchange-keys) before trading live.`,
        })
      }
    }
    const claimed = await claim(input, p, hash)
    if ('earlier' in claimed) return replayStored(replayDeps, claimed.earlier!, hash)
    if ('paperResponse' in claimed) return { status: 201, body: claimed.paperResponse as never, replayed: false }
    const row = claimed.row

    const outcome = await submitOrder(row, gw!, p)
    const settled = await settleOutcome(db, applyDeps, row, outcome, clock.now())
    if (outcome.kind === 'not-placed') throw notPlacedProblem(row.venue, outcome.error)
    return {
      status: settled.responseStatus ?? 201,
      body: settled.responseBody as never,
      replayed: false,
    }
  }

  const cancel = createOrderCancel({ db, clock, logger, venues, repo, recorder })

  return {
    modeOf: (request: PlaceOrderInput['request']) => resolveMode(request, tradingMode),

    async placeOrder(input: PlaceOrderInput): Promise<PlaceOrderResult> {
      if (!IDEMPOTENCY_KEY_RE.test(input.idempotencyKey)) {
        throw new ProblemError({
          status: 400,
          type: 'invalid-idempotency-key',
          detail: 'Idempotency-Key must be 1–128 visible ASCII characters.',
        })
      }
      return withSpan(
        'order.place',
        {
          'order.venue': input.request.exchange,
          'order.side': input.request.side,
          'order.type': input.request.type,
        },
        async () => {
          // A key released because the venue refused to take the order may be placed again.
          for (let attempt = 0; attempt < 3; attempt++) {
            const result = await placeOnce(input)
            if (result) return result
          }
          throw new ProblemError({
            status: 409,
            type: 'idempotency-key-in-progress',
            detail: 'Retry shortly.',
            headers: { 'retry-after': '1' },
          })
        },
        SpanKind.INTERNAL
      )
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
