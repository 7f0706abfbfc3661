/**
 * @module Benchmark of the analytics core: FIFO replay cost, and `/performance` answered from
 * per-trade rows in PostgreSQL next to a bare `count/sum` over the same fills.
 *
 *   npx tsx bench/analytics-core/run.ts [--fills 1000000] [--rounds 7] [--no-db] [--db URL] [--keep]
 *
 * Prints ratios measured side by side in one run (absolute times on this shared machine are noisy).
 * The database part creates and drops its own schema `bench_analytics_core`.
 */
import { performance as perf } from 'node:perf_hooks'
import postgres from 'postgres'
import { replayFills, type FillInput, type Trade } from '../../src/analytics/fifo.ts'
import {
  computePerformance,
  fillActivity,
  type TradeStats,
} from '../../src/analytics/performance.ts'
import { fromRollups } from '../../src/analytics/rollup.ts'
import { D, toDb } from '../../src/lib/money.ts'

const args = process.argv.slice(2)
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt
}
const N = Number(opt('fills', '1000000'))
const ROUNDS = Number(opt('rounds', '7'))
const DB_URL = opt('db', process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')

/** Deterministic synthetic fills: a random walk per symbol, buys and sells around a position. */
function generate(n: number): FillInput[] {
  let seed = 42
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const symbols = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']
  const price = [60000, 3000, 150]
  const pos = [0, 0, 0]
  const out: FillInput[] = []
  const t0 = Date.UTC(2021, 0, 1)
  for (let i = 0; i < n; i++) {
    const s = i % 3
    price[s] = price[s]! * (1 + (rnd() - 0.5) * 0.004)
    const amount = Math.round((0.001 + rnd() * 0.05) * 1e6) / 1e6
    const sell = pos[s]! > amount && rnd() < 0.5
    pos[s] = pos[s]! + (sell ? -amount : amount)
    const p = price[s]!.toFixed(2)
    out.push({
      id: String(i + 1),
      ts: new Date(t0 + i * 60_000),
      symbol: symbols[s]!,
      side: sell ? 'sell' : 'buy',
      amount: amount.toFixed(6),
      price: p,
      fee: new D(amount.toFixed(6)).times(p).times('0.001').toDecimalPlaces(8).toFixed(),
      feeCurrency: 'USDT',
    })
  }
  return out
}

function time<T>(fn: () => T): [T, number] {
  const t = perf.now()
  const r = fn()
  return [r, perf.now() - t]
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

console.log(`generating ${N} fills …`)
const fills = generate(N)

const [, baseMs] = time(() => fillActivity(fills))
const [replay, replayMs] = time(() => replayFills(fills))
console.log(
  `in memory: replayFills ${replayMs.toFixed(0)} ms for ${N} fills → ${replay.trades.length} trades`
)
console.log(`in memory: baseline Σ amount·price over the same fills ${baseMs.toFixed(0)} ms`)
console.log(
  `ratio replay / baseline = ${(replayMs / baseMs).toFixed(2)}×  (per fill ${((replayMs * 1000) / N).toFixed(1)} µs)`
)

if (!args.includes('--no-db')) await dbBench(fills, replay.trades)

async function copyRows(sql: postgres.Sql, table: string, cols: string, rows: Iterable<string>) {
  const stream = await sql.unsafe(`copy ${table} (${cols}) from stdin`).writable()
  let buf = ''
  for (const r of rows) {
    buf += r
    if (buf.length > 1 << 20) {
      if (!stream.write(buf)) await new Promise((ok) => stream.once('drain', ok))
      buf = ''
    }
  }
  stream.end(buf)
  await new Promise((ok, fail) => stream.on('finish', ok).on('error', fail))
}

async function dbBench(fills: FillInput[], trades: Trade[]) {
  const admin = postgres(DB_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(
    'drop schema if exists bench_analytics_core cascade; create schema bench_analytics_core'
  )
  const sql = postgres(DB_URL, {
    max: 3,
    onnotice: () => {},
    connection: { search_path: 'bench_analytics_core' },
  })
  try {
    await sql.unsafe(`
      create table fills (id bigint primary key, user_id int not null, ts timestamptz not null, symbol text not null,
        side text not null, amount numeric(36,18) not null, price numeric(36,18) not null, fee numeric(36,18) not null);
      create table trades (id bigint primary key, user_id int not null, ts timestamptz not null, symbol text not null,
        pnl numeric(36,18) not null, gross_pnl numeric(36,18) not null, fees numeric(36,18) not null)`)
    const t = perf.now()
    await copyRows(
      sql,
      'fills',
      'id,user_id,ts,symbol,side,amount,price,fee',
      (function* () {
        for (const f of fills)
          yield `${f.id}\t1\t${f.ts.toISOString()}\t${f.symbol}\t${f.side}\t${f.amount}\t${f.price}\t${f.fee}\n`
      })()
    )
    await copyRows(
      sql,
      'trades',
      'id,user_id,ts,symbol,pnl,gross_pnl,fees',
      (function* () {
        for (const tr of trades) {
          yield `${tr.id}\t1\t${tr.ts.toISOString()}\t${tr.symbol}\t${toDb(tr.pnl)}\t${toDb(tr.grossPnl)}\t${toDb(tr.fees)}\n`
        }
      })()
    )
    await sql.unsafe('create index on fills (user_id, ts); create index on trades (user_id, ts)')
    for (const table of ['fills', 'trades']) await sql.unsafe(`vacuum analyze ${table}`)
    console.log(
      `db: loaded ${fills.length} fills and ${trades.length} trades in ${((perf.now() - t) / 1000).toFixed(1)} s`
    )
    // What per-fill upserts of rollupDelta() would have built: one row per (user, symbol, UTC day).
    await sql.unsafe(`
      create table daily_rollup as
      select f.user_id, f.symbol, (f.ts at time zone 'UTC')::date as day, count(*)::int as fill_count,
        sum(f.amount * f.price) as volume, min(f.ts) as first_ts, max(f.ts) as last_ts,
        count(t.id)::int as trade_count, (count(*) filter (where t.pnl > 0))::int as wins,
        (count(*) filter (where t.pnl < 0))::int as losses, coalesce(sum(t.pnl), 0) as sum_pnl,
        coalesce(sum(t.pnl) filter (where t.pnl > 0), 0) as sum_wins,
        coalesce(sum(t.pnl) filter (where t.pnl < 0), 0) as sum_losses,
        coalesce(sum(t.pnl * t.pnl), 0) as sum_sq, max(t.pnl) as best, min(t.pnl) as worst
      from fills f left join trades t on t.id = f.id group by 1, 2, 3`)
    await sql.unsafe('create unique index on daily_rollup (user_id, symbol, day)')
    await sql.unsafe('vacuum analyze daily_rollup')

    const bare = () =>
      sql`select count(*)::int as n, sum(amount * price) as volume from fills where user_id = 1`
    const full = async () => {
      const [[a], [s], days] = await Promise.all([
        sql`select count(*)::int as n, sum(amount * price) as volume, min(ts) as first, max(ts) as last
            from fills where user_id = 1`,
        sql`select count(*)::int as count, (count(*) filter (where pnl > 0))::int as wins,
              (count(*) filter (where pnl < 0))::int as losses, coalesce(sum(pnl), 0) as sum_pnl,
              coalesce(sum(pnl) filter (where pnl > 0), 0) as sum_wins,
              coalesce(sum(pnl) filter (where pnl < 0), 0) as sum_losses,
              coalesce(sum(pnl * pnl), 0) as sum_sq, max(pnl) as best, min(pnl) as worst
            from trades where user_id = 1`,
        sql`select (ts at time zone 'UTC')::date::text as day, sum(pnl) as pnl, count(*)::int as trades
            from trades where user_id = 1 group by 1 order by 1`,
      ])
      const stats: TradeStats = {
        count: s!.count,
        wins: s!.wins,
        losses: s!.losses,
        sumPnl: new D(s!.sum_pnl),
        sumWins: new D(s!.sum_wins),
        sumLosses: new D(s!.sum_losses),
        sumPnlSq: new D(s!.sum_sq),
        best: s!.best === null ? null : new D(s!.best),
        worst: s!.worst === null ? null : new D(s!.worst),
      }
      return computePerformance({
        trades: stats,
        fills: { count: a!.n, volume: new D(a!.volume ?? 0), firstTs: a!.first, lastTs: a!.last },
        dailyRealized: days.map((d) => ({
          day: d.day as string,
          pnl: new D(d.pnl as string),
          trades: d.trades as number,
        })),
      })
    }
    const rollup = async () => {
      const rows =
        await sql`select day::text as day, sum(fill_count)::int as fill_count, sum(volume) as volume,
          min(first_ts) as first_ts, max(last_ts) as last_ts, sum(trade_count)::int as trade_count,
          sum(wins)::int as wins, sum(losses)::int as losses, sum(sum_pnl) as sum_pnl, sum(sum_wins) as sum_wins,
          sum(sum_losses) as sum_losses, sum(sum_sq) as sum_sq, max(best) as best, min(worst) as worst
        from daily_rollup where user_id = 1 group by day`
      const dec = (x: string | null) => (x === null ? null : new D(x))
      return computePerformance(
        fromRollups(
          rows.map((r) => ({
            day: r.day,
            fillCount: r.fill_count,
            volume: new D(r.volume),
            firstTs: r.first_ts,
            lastTs: r.last_ts,
            tradeCount: r.trade_count,
            wins: r.wins,
            losses: r.losses,
            sumPnl: new D(r.sum_pnl),
            sumWins: new D(r.sum_wins),
            sumLosses: new D(r.sum_losses),
            sumPnlSq: new D(r.sum_sq),
            best: dec(r.best),
            worst: dec(r.worst),
          }))
        )
      )
    }
    // warm both, then alternate so drift on this shared machine hits both alike
    await bare()
    const check = await full()
    const inMemory = computePerformance({ trades: replay.trades, fills })
    if (JSON.stringify(check) !== JSON.stringify(inMemory))
      throw new Error('trade-row path and in-memory path disagree')
    if (JSON.stringify(await rollup()) !== JSON.stringify(inMemory))
      throw new Error('rollup path and in-memory path disagree')
    const ms: Record<'bare' | 'full' | 'rollup', number[]> = { bare: [], full: [], rollup: [] }
    for (let r = 0; r < ROUNDS; r++) {
      for (const [k, fn] of [
        ['bare', bare],
        ['full', full],
        ['rollup', rollup],
      ] as const) {
        const t0 = perf.now()
        await fn()
        ms[k].push(perf.now() - t0)
      }
    }
    const [b, f, ro] = [median(ms.bare), median(ms.full), median(ms.rollup)]
    console.log(
      `db: bare count/sum over fills            median ${b.toFixed(1)} ms (${ROUNDS} rounds)`
    )
    console.log(
      `db: /performance from trade rows         median ${f.toFixed(1)} ms (3 parallel queries + computePerformance)`
    )
    console.log(
      `db: /performance from daily rollup rows  median ${ro.toFixed(1)} ms (1 query + computePerformance)`
    )
    console.log(
      `db: ratio trade rows / bare = ${(f / b).toFixed(2)}×, rollup / bare = ${(ro / b).toFixed(3)}×  (goal ≤ 2×)`
    )
    console.log(
      'db: all three paths (in memory, trade rows, rollups) gave identical /performance bodies'
    )
  } finally {
    await sql.end()
    if (!args.includes('--keep'))
      await admin.unsafe('drop schema if exists bench_analytics_core cascade')
    await admin.end()
  }
}
