/**
 * @module The compliance gate the order path calls before every order: `gate.check(order)`.
 *
 * It reads the user's KYC status, today's USD total and recent orders through `loadState`, runs
 * the monitoring rules, decides with `decidePreTrade`, and stores any alerts through
 * `recordAlerts` before answering. It FAILS CLOSED: if loading, a rule, recording or anything else
 * throws, or the check takes longer than `timeoutMs`, the answer is `blocked` with reason
 * `compliance-check-failed`, and `check` itself never rejects. An alert that could not be stored
 * blocks the order too: it must not go ahead without its audit trail.
 *
 * The order path places the order only when `allowsOrder(result.decision)` (approved, review).
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import type { Tracer } from '@opentelemetry/api'
import type { Clock } from '../lib/clock.ts'
import type { Dec } from '../lib/money.ts'
import type { ComplianceConfig } from './config.ts'
import { runMonitoringRules } from './monitoring/index.ts'
import type { Alert, MonitoringRule, OrderValue } from './monitoring/types.ts'
import { decidePreTrade } from './pre-trade.ts'
import type { KycStatus, PreTradeResult } from './pre-trade.ts'

export interface GateOrder {
  userId: string
  /** Our id for the order (written before the exchange call); alerts refer to it. */
  orderId: string
  /** Notional × a recorded price, in USD; null when no price could be recorded. */
  orderUsd: Dec | null
}

/** What the gate needs to know about the user, read from the database. */
export interface UserComplianceState {
  kycStatus: KycStatus
  /** USD value of the user's orders placed earlier in the current UTC day (not rejected ones). */
  usdToday: Dec
  /** The user's orders from at least the last 24 hours, without the order being checked. */
  recentOrders: OrderValue[]
}

export interface ComplianceCheck extends PreTradeResult {
  alerts: Alert[]
  checkedAt: Date
}

export interface ComplianceGate {
  check(order: GateOrder): Promise<ComplianceCheck>
}

export interface ComplianceGateDeps {
  loadState(userId: string, now: Date): Promise<UserComplianceState>
  /** Persists alerts (rule id, inputs, thresholds, score, order ids) and their decision. */
  recordAlerts(order: GateOrder, alerts: Alert[], result: PreTradeResult): Promise<void>
  config: ComplianceConfig
  clock: Clock
  rules?: readonly MonitoringRule[]
  /** Longest the check may take before the order is blocked. Default 2000 ms. */
  timeoutMs?: number
  tracer?: Tracer
  /** Told about every failure that blocked an order (for logging; must not throw). */
  onError?: (err: unknown, order: GateOrder) => void
}

class ComplianceTimeout extends Error {
  override name = 'ComplianceTimeout'
}

/**
 * @example
 * ```ts
 * const gate = createComplianceGate({ loadState, recordAlerts, config, clock: systemClock })
 * const result = await gate.check({ userId, orderId, orderUsd })
 * if (!allowsOrder(result.decision)) throw complianceProblem(result)
 * ```
 */
export function createComplianceGate(deps: ComplianceGateDeps): ComplianceGate {
  const timeoutMs = deps.timeoutMs ?? 2000

  async function evaluate(order: GateOrder, now: Date): Promise<ComplianceCheck> {
    const state = await deps.loadState(order.userId, now)
    const alerts =
      order.orderUsd === null
        ? []
        : runMonitoringRules(
            {
              order: { id: order.orderId, usd: order.orderUsd, at: now },
              history: state.recentOrders,
            },
            deps.config,
            deps.rules
          )
    const result = decidePreTrade({
      kycStatus: state.kycStatus,
      orderUsd: order.orderUsd,
      usdToday: state.usdToday,
      thresholds: deps.config,
      alerts,
    })
    if (alerts.length > 0) await deps.recordAlerts(order, alerts, result)
    return { ...result, alerts, checkedAt: now }
  }

  async function checkOnce(order: GateOrder): Promise<ComplianceCheck> {
    const now = deps.clock.now()
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ComplianceTimeout(`over ${timeoutMs} ms`)), timeoutMs)
      })
      return await Promise.race([evaluate(order, now), timeout])
    } catch (err) {
      try {
        deps.onError?.(err, order)
      } catch {
        // A failing logger must not turn a blocked order into an exception on the order path.
      }
      return {
        decision: 'blocked',
        reasons: [
          {
            code: 'compliance-check-failed',
            message: 'the compliance check could not complete, so the order is blocked',
          },
        ],
        alerts: [],
        checkedAt: now,
      }
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    check(order) {
      if (!deps.tracer) return checkOnce(order)
      return deps.tracer.startActiveSpan(
        'compliance.check',
        { kind: SpanKind.INTERNAL },
        async (span) => {
          const result = await checkOnce(order)
          span.setAttribute('compliance.decision', result.decision)
          span.setAttribute('compliance.alerts', result.alerts.length)
          if (result.reasons.some((r) => r.code === 'compliance-check-failed')) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: 'compliance check failed' })
          }
          span.end()
          return result
        }
      )
    },
  }
}
