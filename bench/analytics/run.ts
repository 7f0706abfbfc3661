/**
 * `GET /v1/analytics/performance` over 1,000,000 fills of one user in PostgreSQL, next to a bare
 * SQL aggregate (`count(*), sum(amount*price)`) over the same fills, alternating in one process.
 * Goal: the route within 2× the bare aggregate. The request goes through the whole app in-process
 * (`app.request`: middleware, real access-token auth, validation, SQL over the daily rollups, the
 * metric computation, JSON); the analytics tables are filled by the real rebuild path
 * (`rebuildAnalytics`, also timed and printed). The starting capital is 1,000,000 so that every
 * equity-based ratio is defined (from 10,000 this series falls below zero and they are null).
 *
 *   npx tsx bench/analytics/run.ts [--fills 1000000] [--rounds 7] [--db postgres://…] [--keep]
 *
 * The fills are deterministic (generate_series): three symbols, a slow price wave, two buys then a
 * sell per symbol, one fill a minute (≈ 694 days at 1M). Creates and drops its own database.
 */
import { sql } from 'drizzle-orm'
import { performance as perf } from 'node:perf_hooks'
import { createApp } from '../../src/app.ts'
import { rebuildAnalytics } from '../../src/analytics/store/rebuild.ts'
import { createServices } from '../../src/services.ts'
import { benchCore, benchDatabase, flag, option } from '../lib/setup.ts'
import { benchAuth } from '../orders/auth.ts'

const N = Number(option('fills', '1000000'))
const ROUNDS = Number(option('rounds', '7'))

const { database, drop } = await benchDatabase('analytics', { pool: 4, keep: flag('keep') })
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

try {
  const core = benchCore(database)
  const auth = await benchAuth(core)
  const services = createServices(core, auth.options)
  const app = createApp({ ...core, services })
  const headers = await auth.user(app, 0)
  const [{ id: userId }] = (await database.db.execute(
    sql`select id from users order by created_at desc limit 1`
  )) as unknown as [{ id: string }]

  let t = perf.now()
  await database.db.execute(sql`
    insert into fills (id, user_id, order_id, mode, venue, symbol, side, trade_id, price, amount,
                       cost, fee, fee_currency, fee_quote, realized_pnl, ts)
    select gen_random_uuid(), ${userId}::uuid, null, 'live', 'imported', g.symbol, g.side,
           'bench-' || g.i, g.price, g.amount, g.price * g.amount, round(g.price * g.amount * 0.001, 8),
           'USDT', round(g.price * g.amount * 0.001, 8), 0,
           timestamptz '2024-01-01T00:00:00Z' + g.i * interval '1 minute'
    from (
      select i,
             (array['BTC/USDT','ETH/USDT','SOL/USDT'])[(i / 3) % 3 + 1] as symbol,
             case when i % 3 = 2 then 'sell' else 'buy' end as side,
             round(((array[60000, 3000, 150])[(i / 3) % 3 + 1] * (1 + 0.2 * sin(i / 5000.0)
                    + 0.01 * sin(i * 1.7)))::numeric, 2) as price,
             case when i % 3 = 2 then 0.002 else 0.001 + (i % 7) * 0.0001 end::numeric as amount
      from generate_series(0, ${N - 1}) as i
    ) g`)
  console.log(`inserted ${N} fills in ${seconds(perf.now() - t)}`)
  await database.db.execute(sql`analyze fills`)

  t = perf.now()
  const rebuilt = await rebuildAnalytics(database.db, services.analytics.store, { userId })
  await database.db.execute(sql`analyze`)
  console.log(
    `analytics rebuild: ${rebuilt.fills} fills → ${rebuilt.trades} trades, ${rebuilt.books} books in ${seconds(perf.now() - t)}`
  )

  const route = async () => {
    const res = await app.request('/v1/analytics/performance?startingCapital=1000000', { headers })
    if (res.status !== 200) throw new Error(`performance: ${res.status} ${await res.text()}`)
    return res.json() as Promise<Record<string, unknown>>
  }
  const bare = () =>
    database.db.execute(
      sql`select count(*), sum(amount * price) from fills where user_id = ${userId}`
    )

  const body = await route()
  await bare()
  console.log(
    `performance (startingCapital 1000000): tradeCount=${body.tradeCount} realizedPnl=${body.realizedPnl} volume=${body.volume} maxDrawdownRel=${body.maxDrawdownRel} sharpe=${body.sharpe} sqn=${body.sqn}`
  )
  const routeMs: number[] = []
  const bareMs: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    t = perf.now()
    await bare()
    bareMs.push(perf.now() - t)
    t = perf.now()
    await route()
    routeMs.push(perf.now() - t)
  }
  const ratio = median(routeMs) / median(bareMs)
  console.log(
    `GET /v1/analytics/performance median ${median(routeMs).toFixed(1)} ms; bare count/sum over the fills median ${median(bareMs).toFixed(1)} ms (${ROUNDS} alternating rounds)`
  )
  console.log(`ratio route/bare = ${ratio.toFixed(3)} (goal ≤ 2)`)
} finally {
  await drop()
}
