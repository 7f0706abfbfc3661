/**
 * @module Bots: create (strategy config validated, market checked), read, update while stopped,
 * delete, start/stop, and performance and diagnosis from the analytics tables (the bot's own FIFO
 * book: `analytics_daily` rollups and `analytics_trades`). Another user's bot is 404.
 */
import type { TimeRange } from '../analytics/analytics.params.ts'
import type { AnalyticsService } from '../analytics/analytics.service.ts'
import type { Db } from '../db/types.ts'
import type { Clock } from '../lib/clock.ts'
import { ProblemError } from '../lib/problem.ts'
import { venueProblem, resolveMode } from '../trading/order-prepare.ts'
import type { TradingMode } from '../trading/trading.types.ts'
import type { Venues } from '../trading/venues.ts'
import { botDiagnosis } from './bot-metrics.ts'
import type { BotRow, BotsRepository } from './bots.repository.ts'
import type { StrategyName } from './bots.schema.ts'
import { InvalidStrategyConfig, STRATEGY_REGISTRY } from './strategies/index.ts'

export interface CreateBotInput {
  name: string
  strategy: StrategyName
  exchange: string
  symbol: string
  config: unknown
  mode?: TradingMode
}

export function botView(r: BotRow) {
  return {
    id: r.id,
    name: r.name,
    strategy: r.strategy,
    exchange: r.venue,
    symbol: r.symbol,
    mode: r.mode,
    config: r.config,
    status: r.status,
    state: r.state,
    lastTick: r.lastTick,
    nextTickAt: r.nextTickAt?.toISOString() ?? null,
    lastError: r.lastError,
    startedAt: r.startedAt?.toISOString() ?? null,
    stoppedAt: r.stoppedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }
}

const notFound = () => new ProblemError({ status: 404, type: 'not-found', detail: 'No such bot.' })

function parseConfig(strategy: StrategyName, raw: unknown) {
  try {
    return STRATEGY_REGISTRY[strategy].parseConfig(raw)
  } catch (e) {
    if (e instanceof InvalidStrategyConfig) {
      throw new ProblemError({
        status: 422,
        type: 'validation-error',
        title: 'Validation failed',
        detail: 'The strategy configuration is invalid.',
        errors: e.errors,
      })
    }
    throw e
  }
}

export function createBotsService(deps: {
  db: Db
  clock: Clock
  venues: Venues
  repo: BotsRepository
  tradingMode: TradingMode
  /** The owner's risk limits (the daily loss limit feeds the analysis). */
  limitsOf: (userId: string) => Promise<{ maxDailyLoss: string | null }>
  /** The analytics read side: performance and trades filtered by the bot. */
  analytics: Pick<AnalyticsService, 'performance' | 'trades'>
}) {
  const { db, clock, venues, repo, tradingMode, limitsOf, analytics } = deps

  async function owned(userId: string, id: string): Promise<BotRow> {
    const row = await repo.find(db, id, userId)
    if (!row) throw notFound()
    return row
  }

  return {
    async create(userId: string, input: CreateBotInput) {
      const config = parseConfig(input.strategy, input.config)
      const mode = resolveMode(
        {
          exchange: input.exchange as never,
          symbol: input.symbol,
          side: 'buy',
          type: 'market',
          amount: '1',
          mode: input.mode,
        },
        tradingMode
      )
      await venues
        .marketData(input.exchange)
        .market(input.symbol)
        .catch((e) => venueProblem(e, input.exchange))
      const now = clock.now()
      const row = await repo.insert({
        userId,
        name: input.name,
        strategy: input.strategy,
        venue: input.exchange,
        symbol: input.symbol,
        mode,
        config: input.config as Record<string, unknown>,
        state: STRATEGY_REGISTRY[input.strategy].initialState(config),
        createdAt: now,
        updatedAt: now,
      })
      return botView(row)
    },

    async get(userId: string, id: string) {
      return botView(await owned(userId, id))
    },

    async patch(userId: string, id: string, input: { name?: string; config?: unknown }) {
      const bot = await owned(userId, id)
      const set: Partial<BotRow> = { updatedAt: clock.now() }
      if (input.name !== undefined) set.name = input.name
      if (input.config !== undefined) {
        if (bot.status === 'running')
          throw new ProblemError({
            status: 409,
            type: 'bot-running',
            detail: 'Stop the bot before changing its configuration.',
          })
        const config = parseConfig(bot.strategy, input.config)
        // A new configuration starts from a fresh strategy state.
        Object.assign(set, {
          config: input.config,
          state: STRATEGY_REGISTRY[bot.strategy].initialState(config),
        })
      }
      return botView((await repo.update(db, id, userId, set))!)
    },

    async remove(userId: string, id: string) {
      if (!(await repo.remove(id, userId))) throw notFound()
    },

    async start(userId: string, id: string, opts: { stepUp: boolean }) {
      const bot = await owned(userId, id)
      if (bot.mode === 'live' && !opts.stepUp) {
        throw new ProblemError({
          status: 403,
          type: 'step-up-required',
          detail: 'Starting a live bot needs a fresh two-factor confirmation (X-Step-Up-Token).',
        })
      }
      if (bot.status === 'running') return botView(bot)
      const now = clock.now()
      return botView(
        (await repo.update(db, id, userId, {
          status: 'running',
          nextTickAt: now,
          startedAt: now,
          stoppedAt: null,
          lastError: null,
          updatedAt: now,
        }))!
      )
    },

    async stop(userId: string, id: string) {
      const bot = await owned(userId, id)
      if (bot.status === 'stopped') return botView(bot)
      const now = clock.now()
      return botView(
        (await repo.update(db, id, userId, {
          status: 'stopped',
          nextTickAt: null,
          stoppedAt: now,
          updatedAt: now,
        }))!
      )
    },

    isLive: async (userId: string, id: string) => (await owned(userId, id)).mode === 'live',

    /**
     * `/v1/analytics/performance?botId=` for this bot (definitions: src/analytics/DEFINITIONS.md);
     * optionally over a time range and from another starting capital.
     */
    async performance(
      userId: string,
      id: string,
      opts: { range?: TimeRange; startingCapital?: string } = {}
    ) {
      const bot = await owned(userId, id)
      const performance = await analytics.performance({
        filters: { userId, botId: bot.id },
        range: opts.range ?? { fromMs: null, toMs: null },
        ...(opts.startingCapital !== undefined && { startingCapital: opts.startingCapital }),
      })
      return {
        botId: bot.id,
        mode: bot.mode,
        exchange: bot.venue,
        symbol: bot.symbol,
        fills: performance.fillCount,
        performance,
      }
    },

    /** Findings (drawdown, daily loss, fee drag, slippage, rejected/unknown orders, idling…). */
    async analysis(userId: string, id: string) {
      const bot = await owned(userId, id)
      const [trades, fills, orders, limits] = await Promise.all([
        analytics.trades({ userId, botId: bot.id }),
        repo.fillsOf(bot.id),
        repo.ordersOf(bot.id),
        limitsOf(userId),
      ])
      const diagnosis = botDiagnosis({
        trades,
        fills,
        orders,
        dailyLossLimit: limits.maxDailyLoss,
        now: clock.now(),
        running: bot.status === 'running',
        runningSince: bot.startedAt,
      })
      return { botId: bot.id, ...diagnosis }
    },
  }
}

export type BotsService = ReturnType<typeof createBotsService>
