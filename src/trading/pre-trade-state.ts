/**
 * @module What the pre-trade checks read, in one statement after the user lock: an earlier order
 * with the key, active kill switches, the user's limits, the market's position, open orders and
 * the day's realized PnL.
 */
import { sql, type Placeholder } from 'drizzle-orm'
import { compile } from '../db/compiled.ts'
import type { Queryable } from '../db/types.ts'
import { utcDay } from '../lib/clock.ts'
import { D, ZERO, type Dec } from '../lib/money.ts'
import type { TradingMode } from './trading.schema.ts'

/** Everything the pre-trade checks read, from one statement (after the user lock). */
export interface PreTradeState {
  /** An order already holding this idempotency key. */
  earlierId: string | null
  /** Active kill switch ids (`global`, `user:<id>`). */
  activeSwitches: string[]
  /** The user's limits row, or null when there is none (defaults apply). */
  limits: {
    maxOrderNotional: string | null
    maxPositionNotional: string | null
    maxDailyLoss: string | null
    maxOpenOrders: number | null
  } | null
  exposure: ExposureNumbers
  /** The position row of the order's market (null when none), read under the user lock. */
  position: Record<string, string | null> | null
}

export interface ExposureNumbers {
  openOrders: number
  /** Unfilled base amount of open buy / sell orders on the symbol. */
  openBuy: Dec
  openSell: Dec
  position: Dec
  /** Σ realized PnL of the user's fills in this mode on the UTC day of `since` (mixed quotes summed). */
  realizedSince: Dec
}

/** Values, or placeholders of a compiled statement. */
type Bindable<T> = T | Placeholder

export function exposureColumns(o: {
  userId: Bindable<string>
  mode: Bindable<TradingMode>
  venue: Bindable<string>
  symbol: Bindable<string>
  /** The UTC day (YYYY-MM-DD) whose realized PnL counts. */
  day: Bindable<string>
}) {
  return sql`(select count(*) from orders where user_id = ${o.userId} and mode = ${o.mode}
       and status in ('pending_submit', 'unknown', 'open', 'partially_filled')) as open_orders,
    (select sum(amount - filled) from orders where user_id = ${o.userId} and mode = ${o.mode}
       and venue = ${o.venue} and symbol = ${o.symbol} and side = 'buy'
       and status in ('pending_submit', 'unknown', 'open', 'partially_filled')) as open_buy,
    (select sum(amount - filled) from orders where user_id = ${o.userId} and mode = ${o.mode}
       and venue = ${o.venue} and symbol = ${o.symbol} and side = 'sell'
       and status in ('pending_submit', 'unknown', 'open', 'partially_filled')) as open_sell,
    (select amount from positions where user_id = ${o.userId} and mode = ${o.mode}
       and venue = ${o.venue} and symbol = ${o.symbol}) as position,
    (select sum(realized_day_pnl) from positions where user_id = ${o.userId} and mode = ${o.mode}
       and realized_day = ${o.day}) as realized`
}

export function exposureOf(r: Record<string, string | number | null | undefined>): ExposureNumbers {
  const n = (s: string | number | null | undefined) => (s == null ? ZERO : new D(s))
  return {
    openOrders: Number(r.open_orders ?? 0),
    openBuy: n(r.open_buy),
    openSell: n(r.open_sell),
    position: n(r.position),
    realizedSince: n(r.realized),
  }
}

/** Built once (db/compiled.ts): this is the widest statement of every order. */
const preTradeRead = compile(
  ['userId', 'idempotencyKey', 'userSwitch', 'mode', 'venue', 'symbol', 'day'],
  (_db, p) => sql`select
      (select id::text from orders where user_id = ${p.userId} and idempotency_key = ${p.idempotencyKey}) as earlier_id,
      (select string_agg(id, ',') from kill_switches where id in ('global', ${p.userSwitch}) and active) as switches,
      (select count(*) from risk_limits where user_id = ${p.userId}) as has_limits,
      (select max_order_notional::text from risk_limits where user_id = ${p.userId}) as max_order_notional,
      (select max_position_notional::text from risk_limits where user_id = ${p.userId}) as max_position_notional,
      (select max_daily_loss::text from risk_limits where user_id = ${p.userId}) as max_daily_loss,
      (select max_open_orders from risk_limits where user_id = ${p.userId}) as max_open_orders,
      (select json_build_object('amount', amount::text, 'averagePrice', average_price::text,
              'realizedPnl', realized_pnl::text, 'realizedDay', realized_day, 'realizedDayPnl', realized_day_pnl::text)
         from positions where user_id = ${p.userId} and mode = ${p.mode} and venue = ${p.venue} and symbol = ${p.symbol}) as pos,
      ${exposureColumns(p)}`
)

/** Whose order, which key, which market; `since` picks the UTC day of the realized-PnL limit. */
export interface PreTradeQuery {
  userId: string
  idempotencyKey: string
  mode: TradingMode
  venue: string
  symbol: string
  since: Date
}

export async function readPreTrade(q: Queryable, o: PreTradeQuery): Promise<PreTradeState> {
  const [r] = await preTradeRead.rows<Record<string, string | number | null>>(q, {
    userId: o.userId,
    idempotencyKey: o.idempotencyKey,
    userSwitch: `user:${o.userId}`,
    mode: o.mode,
    venue: o.venue,
    symbol: o.symbol,
    day: utcDay(o.since),
  })
  const row = r ?? {}
  const str = (k: string) => (row[k] == null ? null : String(row[k]))
  const state: PreTradeState = {
    earlierId: str('earlier_id'),
    activeSwitches: str('switches')?.split(',') ?? [],
    limits:
      Number(row.has_limits ?? 0) > 0
        ? {
            maxOrderNotional: str('max_order_notional'),
            maxPositionNotional: str('max_position_notional'),
            maxDailyLoss: str('max_daily_loss'),
            maxOpenOrders: row.max_open_orders == null ? null : Number(row.max_open_orders),
          }
        : null,
    exposure: exposureOf(row),
    position: (typeof row.pos === 'string'
      ? JSON.parse(row.pos)
      : (row.pos as unknown)) as PreTradeState['position'],
  }
  return state
}
