/**
 * @module The pre-trade risk checks as pure functions of the state read under the user lock
 * (`PreTradeState`) and the order: the kill switch (423), then limits (422) — per-order notional,
 * open orders, position exposure on buys, the day's realized loss — and, in paper mode, sells
 * beyond the position.
 */
import { D, dec, fromDb, toStr, type Dec } from '../lib/money.ts'
import { ProblemError } from '../lib/problem.ts'
import type { PreTradeState } from './pre-trade-state.ts'
import type { TradingMode } from './trading.schema.ts'

export interface RiskLimits {
  maxOrderNotional: string | null
  maxPositionNotional: string | null
  maxDailyLoss: string | null
  maxOpenOrders: number | null
}

export const DEFAULT_RISK_LIMITS: RiskLimits = {
  maxOrderNotional: '100000',
  maxPositionNotional: '250000',
  maxDailyLoss: '10000',
  maxOpenOrders: 50,
}

export interface OrderRiskInput {
  userId: string
  mode: TradingMode
  venue: string
  symbol: string
  side: 'buy' | 'sell'
  amount: Dec
  /** Limit or reference price; null when unknown (then notional limits cannot pass). */
  price: Dec | null
  now: Date
}

const refuse = (limit: string, detail: string, extra: Record<string, unknown>) =>
  new ProblemError({ status: 422, type: 'risk-limit-exceeded', detail, extra: { limit, ...extra } })

/** numeric(36,18) text → canonical strings (`100.000…` → `100`). */
const decStrings = (l: NonNullable<PreTradeState['limits']>) => {
  const c = (x: string | null) => (x === null ? null : toStr(fromDb(x)!))
  return {
    maxOrderNotional: c(l.maxOrderNotional),
    maxPositionNotional: c(l.maxPositionNotional),
    maxDailyLoss: c(l.maxDailyLoss),
  }
}

/** 423 when the user's or the global kill switch is on. */
export function assertNoKillSwitch(state: PreTradeState): void {
  if (state.activeSwitches.length === 0) return
  const scope = state.activeSwitches.includes('global') ? 'global' : 'user'
  throw new ProblemError({
    status: 423,
    type: 'kill-switch-active',
    detail:
      scope === 'global'
        ? 'Trading is halted platform-wide by the global kill switch.'
        : 'Your kill switch is on: new orders are refused until you release it (POST /v1/risk/kill-switch).',
    extra: { scope },
  })
}

/**
 * Per-order notional, open orders, position exposure and daily realized loss; and, in paper
 * mode, sells beyond the held amount less open sells (paper has no shorting). Throws 422.
 */
export function assertWithinLimits(state: PreTradeState, o: OrderRiskInput): void {
  const limits = state.limits
    ? { ...state.limits, ...decStrings(state.limits) }
    : DEFAULT_RISK_LIMITS
  const x = state.exposure
  const notional = o.price ? o.amount.times(o.price) : null
  if (limits.maxOrderNotional !== null) {
    if (!notional)
      throw refuse(
        'maxOrderNotional',
        'The order has no known price, so its notional cannot be checked.',
        {}
      )
    if (notional.gt(limits.maxOrderNotional)) {
      throw refuse(
        'maxOrderNotional',
        `Order notional ${toStr(notional)} exceeds your limit of ${limits.maxOrderNotional}.`,
        { value: toStr(notional), max: limits.maxOrderNotional }
      )
    }
  }
  if (limits.maxOpenOrders !== null && x.openOrders >= limits.maxOpenOrders) {
    throw refuse(
      'maxOpenOrders',
      `You have ${x.openOrders} open orders; your limit is ${limits.maxOpenOrders}.`,
      { value: x.openOrders, max: limits.maxOpenOrders }
    )
  }
  if (limits.maxPositionNotional !== null && o.side === 'buy') {
    if (!o.price)
      throw refuse(
        'maxPositionNotional',
        'The order has no known price, so the position exposure cannot be checked.',
        {}
      )
    const exposure = D.max(x.position, 0).plus(x.openBuy).plus(o.amount).times(o.price)
    if (exposure.gt(limits.maxPositionNotional)) {
      throw refuse(
        'maxPositionNotional',
        `The position in ${o.symbol} would reach ${toStr(exposure)}, above your limit of ${limits.maxPositionNotional}.`,
        {
          value: toStr(exposure),
          max: limits.maxPositionNotional,
        }
      )
    }
  }
  if (limits.maxDailyLoss !== null && x.realizedSince.lt(dec(limits.maxDailyLoss).neg())) {
    throw refuse(
      'maxDailyLoss',
      `Today's realized loss ${toStr(x.realizedSince.neg())} exceeds your limit of ${limits.maxDailyLoss}.`,
      {
        value: toStr(x.realizedSince),
        max: limits.maxDailyLoss,
      }
    )
  }
  if (o.side === 'sell' && o.mode === 'paper') {
    const available = D.max(x.position.minus(x.openSell), 0)
    if (o.amount.gt(available)) {
      throw new ProblemError({
        status: 422,
        type: 'insufficient-position',
        detail: `You hold ${toStr(available)} ${o.symbol.split('/')[0]} available to sell in paper trading on ${o.venue}.`,
        extra: { available: toStr(available), requested: toStr(o.amount) },
      })
    }
  }
}
