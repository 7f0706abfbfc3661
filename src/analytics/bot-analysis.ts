/**
 * @module Deterministic bot diagnosis from the bot's own trades, fills, orders and risk limits.
 *
 * Each check (bot-checks-*.ts, thresholds in DEFINITIONS.md) reports the numbers it used and,
 * only when a documented threshold is crossed, a finding whose sentence is built from those
 * numbers. A check without enough data says so with counts; with no data there are no findings.
 */
import type { DecLike } from './num.ts'
import {
  concentration,
  idle,
  rejectedOrders,
  slippage,
  unknownOrders,
} from './bot-checks-activity.ts'
import {
  dailyLossNearLimit,
  drawdownNearLimit,
  feeDrag,
  profitConcentration,
  winRateFalling,
} from './bot-checks-pnl.ts'

export interface DiagTrade {
  ts: Date
  symbol: string
  pnl: DecLike
  /** PnL before fees; needed by the fee-drag check. */
  grossPnl?: DecLike | null
  fees?: DecLike | null
}

export interface DiagFill {
  ts: Date
  symbol: string
  side: 'buy' | 'sell'
  amount: DecLike
  price: DecLike
  orderId?: string | null
  /** The price the bot expected (its limit, or the quote when it decided); else the order's. */
  referencePrice?: DecLike | null
}

export interface DiagOrder {
  id: string
  ts: Date
  /** pending_submit, open, partially_filled, filled, cancelled, rejected or unknown. */
  status: string
  referencePrice?: DecLike | null
}

export interface RiskLimits {
  maxDrawdownAbs?: DecLike | null
  /** A fraction of peak equity, e.g. 0.2. */
  maxDrawdownRel?: number | null
  dailyLossLimit?: DecLike | null
}

/** Every threshold a finding depends on; each can be overridden per call. */
export const DEFAULT_THRESHOLDS = {
  /** Share of a drawdown limit in use that raises a warning (≥ 1: critical). */
  drawdownWarnAt: 0.8,
  /** Share of the daily loss limit lost today that raises a warning (≥ 1: critical). */
  dailyLossWarnAt: 0.8,
  /** Trades per window when comparing the latest window with the one before it. */
  winRateWindow: 20,
  /** Absolute win-rate drop between those windows that raises a warning. */
  winRateDrop: 0.15,
  feeDragMinTrades: 5,
  /** Fees ÷ gross PnL that raises a warning (≥ 1: fees ate all of it, critical). */
  feeDragShare: 0.25,
  slippageMinFills: 5,
  /** Mean adverse slippage in basis points that raises a warning (≥ 5×: critical). */
  slippageBps: 10,
  rejectMinOrders: 10,
  /** Rejected ÷ all orders that raises a warning (≥ 0.5: critical). */
  rejectRate: 0.1,
  /** An order still `unknown` after this long is a warning. */
  unknownOrderAgeMs: 5 * 60_000,
  /** Share of volume in one symbol, among two or more with the same quote currency. */
  concentrationShare: 0.8,
  profitConcentrationMinWins: 5,
  /** Largest win ÷ gross profit. */
  profitConcentrationShare: 0.5,
  /** A running bot without a fill for longer than max(this, idleGapMultiple × median gap). */
  idleMinMs: 24 * 3_600_000,
  idleGapMultiple: 10,
}

export type DiagnosisThresholds = typeof DEFAULT_THRESHOLDS

export interface DiagnoseInput {
  trades: readonly DiagTrade[]
  fills: readonly DiagFill[]
  orders: readonly DiagOrder[]
  riskLimits?: RiskLimits | null
  startingCapital?: DecLike
  now: Date
  /** Whether the bot is running now; the idle check applies only then. */
  running?: boolean
  runningSince?: Date | null
  thresholds?: Partial<DiagnosisThresholds>
}

export interface Finding {
  id: string
  severity: 'info' | 'warning' | 'critical'
  /** One sentence built only from `values`. */
  summary: string
  values: Record<string, string | number | null>
  thresholds: Record<string, number>
}

export type CheckResult =
  | ({ status: 'finding' } & Finding)
  | {
      id: string
      status: 'ok' | 'not-applicable' | 'insufficient-data'
      reason?: string
      values: Finding['values']
    }

export interface Diagnosis {
  counts: { trades: number; fills: number; orders: number }
  /** True when no check had enough data to run. */
  insufficientData: boolean
  summary: string
  findings: Finding[]
  checks: CheckResult[]
}

const CHECKS = [
  drawdownNearLimit,
  dailyLossNearLimit,
  winRateFalling,
  feeDrag,
  slippage,
  rejectedOrders,
  unknownOrders,
  concentration,
  profitConcentration,
  idle,
]

/**
 * Diagnoses a bot. Pure and deterministic: the same input gives the same output.
 * @param input.thresholds [=DEFAULT_THRESHOLDS] overrides per threshold
 * @example diagnoseBot({ trades, fills, orders, riskLimits, now: clock.now(), running: true })
 */
export function diagnoseBot(input: DiagnoseInput): Diagnosis {
  const ctx = { ...input, t: { ...DEFAULT_THRESHOLDS, ...input.thresholds } }
  const checks = CHECKS.map((check) => check(ctx))
  const findings: Finding[] = []
  for (const c of checks) {
    if (c.status === 'finding') {
      const { status: _s, ...finding } = c
      findings.push(finding)
    }
  }
  const counts = {
    trades: input.trades.length,
    fills: input.fills.length,
    orders: input.orders.length,
  }
  const ran = checks.filter((c) => c.status === 'ok' || c.status === 'finding').length
  const countText = `${counts.trades} trades, ${counts.fills} fills, ${counts.orders} orders`
  return {
    counts,
    insufficientData: ran === 0,
    summary:
      ran === 0
        ? `insufficient data: ${countText}`
        : `${findings.length} finding(s) from ${ran} of ${checks.length} checks over ${countText}`,
    findings,
    checks,
  }
}
