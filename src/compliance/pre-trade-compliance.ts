/**
 * @module `PreTradeCompliance`: the check the order path runs before every order, over the
 * database. It values the order in USD (amount × price × a recorded USD mark of the quote
 * currency), then runs the fail-closed `createComplianceGate` with the user's KYC status, today's
 * (UTC) USD volume and recent orders, stores any alerts in the user's open case, and records the
 * order's USD value when the order may go ahead.
 *
 * It FAILS CLOSED and never rejects: a failing read or write, a timeout, or an order whose value
 * cannot be determined answers `blocked`. With `tx` (the order's transaction) everything it writes
 * commits or rolls back with the order: when the order path refuses the order, the alerts of that
 * attempt roll back with it.
 */
import type { Tracer } from '@opentelemetry/api'
import type { Db, Queryable, Tx } from '../db/types.ts'
import type { Clock } from '../lib/clock.ts'
import { uuidv7 } from '../lib/ids.ts'
import { describeError, type Logger } from '../lib/logger.ts'
import { sum, toStr, type Dec } from '../lib/money.ts'
import type { CaseIntake } from './cases/case-intake.ts'
import { createComplianceGate, type UserComplianceState } from './compliance-gate.ts'
import type { ComplianceConfig } from './config.ts'
import type { KycRepository } from './kyc/kyc.repository.ts'
import type { OrderHistorySource, OrderValues } from './order-history.ts'
import { allowsOrder, type PreTradeDecision, type PreTradeReason } from './pre-trade.ts'
import type { UsdMarks } from './usd-marks.ts'

export interface PreTradeCheckInput {
  userId: string
  /** Our id of the order being placed; alerts refer to it. Generated when absent. */
  orderId?: string
  /** `paper` or `live`; recorded with the order's value. */
  mode?: string
  venue: string
  symbol: string
  side: 'buy' | 'sell'
  /** Base amount. */
  amount: Dec
  /** Limit price, or the best opposite quote for a market order; null when none is known. */
  price: Dec | null
  quoteCurrency: string
  now: Date
}

export interface PreTradeCheckResult {
  decision: PreTradeDecision
  reasons: PreTradeReason[]
  /** The order's USD value as decimal string; null when it could not be determined. */
  orderUsd: string | null
  /** Ids of the alerts stored for this order (empty when none). */
  alertIds: string[]
  caseId: string | null
}

export interface PreTradeCompliance {
  check(input: PreTradeCheckInput, tx?: Tx): Promise<PreTradeCheckResult>
}

const HOUR_MS = 3_600_000

export interface PreTradeComplianceDeps {
  db: Db
  config: ComplianceConfig
  marks: UsdMarks
  kyc: Pick<KycRepository, 'statusOf'>
  history: OrderHistorySource
  values: Pick<OrderValues, 'record'>
  intake: Pick<CaseIntake, 'recordAlerts'>
  logger: Logger
  /** Only for the gate's own bookkeeping; the check's time is `input.now`. */
  clock?: Clock
  timeoutMs?: number
  tracer?: Tracer
}

/**
 * @example
 * const preTrade = createPreTradeCompliance({ db, config, marks, kyc, history, values, intake, logger })
 * const r = await preTrade.check({ userId, orderId, venue: 'sim', symbol: 'BTC/USDT', side: 'buy',
 *   amount: dec('0.2'), price: dec('60000'), quoteCurrency: 'USDT', now }, tx)
 * if (r.decision !== 'approved' && r.decision !== 'review') refuse(r.reasons)
 */
export function createPreTradeCompliance(deps: PreTradeComplianceDeps): PreTradeCompliance {
  const { db, config, marks, kyc, history, values, intake, logger } = deps

  async function loadState(userId: string, now: Date, q: Queryable): Promise<UserComplianceState> {
    const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
    const windowHours = Math.max(24, config.structuringWindowHours.value)
    const since = new Date(Math.min(dayStart, now.getTime() - windowHours * HOUR_MS))
    // One after the other: on a transaction both share one connection anyway.
    const kycStatus = await kyc.statusOf(userId, now, q)
    const orders = await history.ordersSince(userId, since, q)
    return {
      kycStatus,
      usdToday: sum(orders.filter((o) => o.at.getTime() >= dayStart).map((o) => o.usd)),
      recentOrders: orders,
    }
  }

  function failed(err: unknown, input: PreTradeCheckInput): PreTradeCheckResult {
    logger.error('compliance check failed; order blocked', {
      userId: input.userId,
      orderId: input.orderId,
      error: describeError(err),
    })
    return {
      decision: 'blocked',
      reasons: [
        {
          code: 'compliance-check-failed',
          message: 'the compliance check could not complete, so the order is blocked',
        },
      ],
      orderUsd: null,
      alertIds: [],
      caseId: null,
    }
  }

  async function check(input: PreTradeCheckInput, tx?: Tx): Promise<PreTradeCheckResult> {
    const q: Queryable = tx ?? db
    const now = input.now
    const orderId = input.orderId ?? uuidv7(now.getTime())
    let valued: { usd: Dec; rate: Dec } | null
    let unknownWhy = ''
    try {
      const rate = await marks.rate(input.quoteCurrency, now, q)
      if (!input.price) unknownWhy = 'no price is known for the order'
      else if (!rate)
        unknownWhy = `no USD mark for ${input.quoteCurrency} within ${marks.maxAgeSeconds} s`
      valued =
        input.price && rate
          ? { usd: input.amount.times(input.price).times(rate.rate), rate: rate.rate }
          : null
    } catch (err) {
      return failed(err, input)
    }

    let recorded: { alertIds: string[]; caseId: string } | null = null
    const gate = createComplianceGate({
      loadState: (userId, at) => loadState(userId, at, q),
      async recordAlerts(order, alerts, result) {
        recorded = await intake.recordAlerts(
          {
            userId: order.userId,
            orderId: order.orderId,
            alerts,
            decision: result.decision,
            at: now,
          },
          q
        )
      },
      config,
      clock: { now: () => now },
      timeoutMs: deps.timeoutMs,
      tracer: deps.tracer,
      onError: (err) =>
        logger.error('compliance gate failed; order blocked', {
          userId: input.userId,
          orderId,
          error: describeError(err),
        }),
    })
    const result = await gate.check({
      userId: input.userId,
      orderId,
      orderUsd: valued?.usd ?? null,
    })

    if (allowsOrder(result.decision) && valued) {
      try {
        await values.record(
          {
            orderId,
            userId: input.userId,
            usd: valued.usd,
            venue: input.venue,
            symbol: input.symbol,
            mode: input.mode ?? null,
            quoteCurrency: input.quoteCurrency,
            usdRate: valued.rate,
            at: now,
          },
          q
        )
      } catch (err) {
        return failed(err, input)
      }
    }
    const rec = recorded as { alertIds: string[]; caseId: string } | null
    return {
      decision: result.decision,
      reasons: result.reasons.map((r) =>
        r.code === 'order-value-unknown' && unknownWhy
          ? { ...r, message: `the USD value of the order is unknown: ${unknownWhy}` }
          : r
      ),
      orderUsd: valued ? toStr(valued.usd) : null,
      alertIds: rec?.alertIds ?? [],
      caseId: rec?.caseId ?? null,
    }
  }

  return { check }
}
