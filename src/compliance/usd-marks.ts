/**
 * @module USD marks: the USD price of a quote currency, recorded from a venue's ticker, so the
 * compliance check can value an order quoted in USDT, USDC or BTC. A mark is used only while it is
 * fresher than `maxAgeSeconds`; without one the order's value is unknown and the order is blocked,
 * never valued at 0. USD itself is 1 by definition.
 */
import { and, desc, eq, gte, lte } from 'drizzle-orm'
import type { Queryable } from '../db/types.ts'
import type { MarketDataSource } from '../exchanges/types.ts'
import type { Clock } from '../lib/clock.ts'
import { D, fromDb, toDb, type Dec } from '../lib/money.ts'
import { describeError, type Logger } from '../lib/logger.ts'
import type { Job } from '../scheduler/scheduler.ts'
import { usdPriceMarks } from './pre-trade.schema.ts'

export interface UsdRate {
  currency: string
  /** USD per unit of `currency`. */
  rate: Dec
  /** Null for USD itself. */
  mark: { venue: string; symbol: string; observedAt: Date; synthetic: boolean } | null
}

/** Clock skew allowed between the venue's time and ours before a mark counts as from the future. */
const FUTURE_SKEW_MS = 60_000

export function createUsdMarks({ db, maxAgeSeconds }: { db: Queryable; maxAgeSeconds: number }) {
  /** The freshest mark of `currency` observed within `maxAgeSeconds` before `now`, or null. */
  async function rate(currency: string, now: Date, q: Queryable = db): Promise<UsdRate | null> {
    if (currency === 'USD') return { currency, rate: new D(1), mark: null }
    const [row] = await q
      .select()
      .from(usdPriceMarks)
      .where(
        and(
          eq(usdPriceMarks.currency, currency),
          gte(usdPriceMarks.observedAt, new Date(now.getTime() - maxAgeSeconds * 1000)),
          lte(usdPriceMarks.observedAt, new Date(now.getTime() + FUTURE_SKEW_MS))
        )
      )
      .orderBy(desc(usdPriceMarks.observedAt))
      .limit(1)
    if (!row) return null
    return {
      currency,
      rate: fromDb(row.usdPrice)!,
      mark: {
        venue: row.venue,
        symbol: row.symbol,
        observedAt: row.observedAt,
        synthetic: row.synthetic,
      },
    }
  }

  async function record(
    mark: {
      currency: string
      usdPrice: Dec
      venue: string
      symbol: string
      synthetic: boolean
      observedAt: Date
      recordedAt: Date
    },
    q: Queryable = db
  ): Promise<void> {
    await q.insert(usdPriceMarks).values({ ...mark, usdPrice: toDb(mark.usdPrice) })
  }

  return { rate, record, maxAgeSeconds }
}

export type UsdMarks = ReturnType<typeof createUsdMarks>

export interface MarkRunReport {
  recorded: { currency: string; usdPrice: string; symbol: string }[]
  failed: { symbol: string; reason: string }[]
}

/**
 * Reads `symbols` (`BASE/QUOTE`) from `source` and records a USD mark for each base: the ticker's
 * mid (or last) price, times the quote's own USD mark when the quote is not USD (so `BTC/USDT`
 * gives BTC in USD through the USDT mark). List USD-quoted symbols first.
 *
 * @example
 * const recorder = createUsdMarkRecorder({ marks, source: sim, symbols: ['USDT/USD'], clock, logger })
 * await recorder.recordOnce()
 */
export function createUsdMarkRecorder(deps: {
  marks: UsdMarks
  source: MarketDataSource
  symbols: readonly string[]
  clock: Clock
  logger: Logger
}) {
  const { marks, source, symbols, clock, logger } = deps

  async function recordOnce(): Promise<MarkRunReport> {
    const report: MarkRunReport = { recorded: [], failed: [] }
    const thisRun = new Map<string, Dec>()
    for (const symbol of symbols) {
      const [base, quote] = symbol.split('/') as [string, string]
      try {
        const t = await source.ticker(symbol)
        const price =
          t.bid && t.ask && t.bid.gt(0) && t.ask.gt(0) ? t.bid.plus(t.ask).div(2) : t.last
        if (!price || !price.isFinite() || !price.gt(0)) {
          report.failed.push({ symbol, reason: 'the ticker has no usable price' })
          continue
        }
        const now = clock.now()
        const quoteUsd =
          quote === 'USD'
            ? new D(1)
            : (thisRun.get(quote) ?? (await marks.rate(quote, now))?.rate ?? null)
        if (!quoteUsd) {
          report.failed.push({ symbol, reason: `no USD mark for ${quote}` })
          continue
        }
        const usdPrice = price.times(quoteUsd)
        await marks.record({
          currency: base,
          usdPrice,
          venue: source.venue,
          symbol,
          synthetic: source.synthetic,
          observedAt: t.timestamp ?? now,
          recordedAt: now,
        })
        thisRun.set(base, usdPrice)
        report.recorded.push({ currency: base, usdPrice: usdPrice.toFixed(), symbol })
      } catch (err) {
        report.failed.push({ symbol, reason: err instanceof Error ? err.name : 'error' })
        logger.warn('usd mark not recorded', { symbol, error: describeError(err) })
      }
    }
    return report
  }

  function job(intervalSeconds: number): Job {
    return {
      name: 'usd-marks',
      intervalSeconds,
      async run() {
        const report = await recordOnce()
        if (report.recorded.length === 0 && report.failed.length > 0) {
          throw new Error(`no USD mark recorded (${report.failed.length} symbols failed)`)
        }
        if (report.failed.length > 0)
          logger.warn('some usd marks failed', { failed: report.failed })
      },
    }
  }

  return { recordOnce, job }
}
