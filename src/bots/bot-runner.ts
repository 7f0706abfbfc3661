/**
 * @module The bot tick: a scheduled job that runs every running bot once per interval.
 *
 * Per bot and tick number n = lastTick + 1:
 * 1. If `bot_runs(bot, n)` does not exist, read the ticker and the bot's position, run the
 *    strategy (pure) and store the intents and the next state in `bot_runs` — before any order.
 * 2. Send each intent through the SAME order path as a user's order, with the idempotency key
 *    `bot:<bot id>:<n>:<i>`. Refusals (kill switch, risk, compliance) are recorded, not retried.
 * 3. Save the next state, `lastTick = n`, and mark the run done.
 * A crash anywhere leaves lastTick at n − 1; the next run finds the stored intents and replays
 * them under the same keys, so no order is placed twice and none is lost.
 */
import { eq } from 'drizzle-orm'
import type { Db } from '../db/types.ts'
import type { Clock } from '../lib/clock.ts'
import { describeError, type Logger } from '../lib/logger.ts'
import { D, type Dec } from '../lib/money.ts'
import { ProblemError } from '../lib/problem.ts'
import type { Job } from '../scheduler/scheduler.ts'
import type { OrderService } from '../trading/order.service.ts'
import { splitSymbol } from '../trading/fill-recorder.ts'
import type { Venues } from '../trading/venues.ts'
import type { BotRow, BotRunRow, BotsRepository } from './bots.repository.ts'
import { botRuns } from './bots.schema.ts'
import { STRATEGY_REGISTRY, type OrderIntent } from './strategies/index.ts'

export const BOT_TICK_JOB = 'bots.tick'

interface StoredIntent {
  side: 'buy' | 'sell'
  type: 'market' | 'limit'
  amount: string
  price?: string
  reason: string
}

/** Intents as JSON: amounts rounded down to 18 decimals (the order schema's scale). */
const toStored = (i: OrderIntent): StoredIntent => ({
  side: i.side,
  type: i.type,
  amount: i.amount.toDecimalPlaces(18, D.ROUND_DOWN).toFixed(),
  ...(i.price && { price: i.price.toDecimalPlaces(18, D.ROUND_HALF_UP).toFixed() }),
  reason: i.reason,
})

export function createBotRunner(deps: {
  db: Db
  clock: Clock
  logger: Logger
  venues: Venues
  orders: OrderService
  repo: BotsRepository
  tickSeconds: number
  batchSize?: number
}) {
  const { db, clock, logger, venues, orders, repo, tickSeconds, batchSize = 50 } = deps

  async function plan(bot: BotRow, tick: number): Promise<BotRunRow> {
    const strategy = STRATEGY_REGISTRY[bot.strategy]
    const t = await venues.marketData(bot.venue).ticker(bot.symbol)
    const price: Dec | null = t.bid && t.ask ? t.bid.plus(t.ask).div(2) : t.last
    if (!price) throw new Error('the venue shows no price')
    const position = await repo.position(bot.id, splitSymbol(bot.symbol).base)
    const out = strategy.step({
      config: strategy.parseConfig(bot.config),
      state: bot.state,
      market: { bid: t.bid, ask: t.ask, price, at: t.timestamp ?? clock.now() },
      position,
      tick,
    })
    return repo.insertRun({
      botId: bot.id,
      tick,
      status: 'placing',
      market: {
        bid: t.bid?.toFixed() ?? null,
        ask: t.ask?.toFixed() ?? null,
        price: price.toFixed(),
        position: position.toFixed(),
      },
      intents: out.intents.map(toStored),
      nextState: out.state,
      startedAt: clock.now(),
    })
  }

  async function place(bot: BotRow, run: BotRunRow) {
    const results = []
    for (const [i, intent] of (run.intents as StoredIntent[]).entries()) {
      try {
        const r = await orders.placeOrder({
          userId: bot.userId,
          idempotencyKey: `bot:${bot.id}:${run.tick}:${i}`,
          request: {
            exchange: bot.venue as never,
            symbol: bot.symbol,
            side: intent.side,
            type: intent.type,
            amount: intent.amount,
            price: intent.price,
            mode: bot.mode,
          },
          // A live bot was confirmed with a step-up when it was started.
          stepUp: true,
          botId: bot.id,
        })
        results.push({ intent: i, orderId: r.body.id, status: r.body.status })
      } catch (err) {
        if (!(err instanceof ProblemError)) throw err
        results.push({ intent: i, refused: err.type, detail: err.detail ?? null })
      }
    }
    return results
  }

  /** One tick of one bot (also used by tests to drive a bot step by step). */
  async function tickBot(bot: BotRow): Promise<BotRunRow> {
    const tick = bot.lastTick + 1
    const run = (await repo.run(db, bot.id, tick)) ?? (await plan(bot, tick))
    const results = run.status === 'done' ? run.results : await place(bot, run)
    const now = clock.now()
    return db.transaction(async (tx) => {
      const [done] = await tx
        .update(botRuns)
        .set({ status: 'done', results, finishedAt: now })
        .where(eq(botRuns.id, run.id))
        .returning()
      const refused = (results as Array<{ refused?: string }>).find((r) => r.refused)
      await repo.update(tx, bot.id, null, {
        state: run.nextState,
        lastTick: tick,
        nextTickAt: new Date(now.getTime() + tickSeconds * 1000),
        tickLeaseUntil: null,
        lastError: refused ? `order refused: ${refused.refused}` : null,
      })
      return done!
    })
  }

  async function runOnce(): Promise<number> {
    const due = await repo.claimDue(clock.now(), batchSize, Math.max(60, tickSeconds))
    for (const bot of due) {
      try {
        await tickBot(bot)
      } catch (err) {
        logger.warn('bot tick failed; retried next interval', {
          botId: bot.id,
          error: describeError(err),
        })
        const now = clock.now()
        await repo.update(db, bot.id, null, {
          tickLeaseUntil: null,
          nextTickAt: new Date(now.getTime() + tickSeconds * 1000),
          lastError: err instanceof Error ? err.name : 'error',
        })
      }
    }
    return due.length
  }

  const job: Job = {
    name: BOT_TICK_JOB,
    intervalSeconds: tickSeconds,
    run: async () => void (await runOnce()),
  }
  return { tickBot, runOnce, job }
}

export type BotRunner = ReturnType<typeof createBotRunner>
