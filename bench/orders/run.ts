/**
 * Paper orders per second through the full HTTP path (auth, validation, kill switch, compliance
 * gate, risk limits, idempotent insert, paper fill, fills, position, stored response) vs raw
 * single-row INSERT transactions per second into the same PostgreSQL, same process, same
 * concurrency, alternating rounds. Prints both medians and the ratio (goal ≥ 0.5).
 *
 *   npx tsx bench/orders/run.ts [--seconds 5] [--rounds 3] [--connections 16] [--db postgres://…]
 */
import { serve } from '@hono/node-server'
import autocannon from 'autocannon'
import { sql } from 'drizzle-orm'
import type { Server } from 'node:http'
import postgres from 'postgres'
import { createApp } from '../../src/app.ts'
import { loadSettings } from '../../src/config/settings.ts'
import { applyMigrations } from '../../src/db/migrate.ts'
import { openPostgres } from '../../src/db/postgres.ts'
import { systemClock } from '../../src/lib/clock.ts'
import { uuidv7 } from '../../src/lib/ids.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { createServices } from '../../src/services.ts'
import { benchAuth } from './auth.ts'

const args = process.argv.slice(2)
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt
}
const SECONDS = Number(opt('seconds', '5'))
const ROUNDS = Number(opt('rounds', '3'))
const CONNECTIONS = Number(opt('connections', '16'))
const POOL = Number(opt('pool', '10'))
const ADMIN_URL = opt(
  'db',
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
)

const dbName = `tw_bench_orders_${Date.now()}`
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
await admin.unsafe(`create database "${dbName}"`)
const url = new URL(ADMIN_URL)
url.pathname = `/${dbName}`
const database = openPostgres(url.toString(), { max: POOL })

try {
  await applyMigrations({ database, url: url.toString() })
  await database.db.execute(
    sql`create table bench_rows (id uuid primary key, user_id uuid not null, amount numeric(36,18) not null, created_at timestamptz not null default now())`
  )

  const logger = createLogger({ level: 'silent' })
  const settings = loadSettings({
    NODE_ENV: 'development',
    JWT_SECRET: 'bench-only-secret-value-2f8e4a1c9b7d6e5f',
    LOG_LEVEL: 'silent',
    SCHEDULER_ENABLED: 'false',
  })
  const core = { settings, database, logger, clock: systemClock }
  const auth = await benchAuth(core)
  const services = createServices(core, {
    ...auth.options,
    compliance: { check: async () => ({ decision: 'approved', reasons: [] }) },
  })
  const app = createApp({ ...core, services })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server
  await new Promise((r) => server.once('listening', r))
  const port = (server.address() as { port: number }).port

  // One user per connection (orders of one user are serialised by design), no order limits.
  const users = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => auth.user(app, i)))
  for (const headers of users) {
    const res = await app.request('/v1/risk/limits', {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        maxOrderNotional: null,
        maxPositionNotional: null,
        maxDailyLoss: null,
        maxOpenOrders: null,
      }),
    })
    if (res.status !== 200) throw new Error(`risk limits: ${res.status} ${await res.text()}`)
  }
  const body = JSON.stringify({
    exchange: 'sim',
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'market',
    amount: '0.001',
  })

  async function orders(): Promise<number> {
    let next = 0
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/v1/orders`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          setupRequest: (req) => {
            const i = next++ % CONNECTIONS
            return {
              ...req,
              body,
              headers: {
                ...req.headers,
                ...users[i],
                'content-type': 'application/json',
                'idempotency-key': uuidv7(),
              },
            }
          },
        },
      ],
    })
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`orders: ${result.non2xx} non-2xx, ${result.errors} errors`)
    return result.requests.average
  }

  async function inserts(): Promise<number> {
    const db = database.db
    const userId = uuidv7()
    let done = 0
    const end = performance.now() + SECONDS * 1000
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < end) {
          await db.transaction(async (tx) => {
            await tx.execute(
              sql`insert into bench_rows (id, user_id, amount) values (${uuidv7()}, ${userId}, ${'0.001'})`
            )
          })
          done++
        }
      })
    )
    return done / SECONDS
  }

  await orders() // warm-up both, discarded
  await inserts()
  const rates = { orders: [] as number[], inserts: [] as number[] }
  for (let i = 0; i < ROUNDS; i++) {
    rates.inserts.push(await inserts())
    rates.orders.push(await orders())
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const o = median(rates.orders)
  const n = median(rates.inserts)
  const [{ count }] = (await database.db.execute(
    sql`select count(*)::int as count from fills`
  )) as unknown as [{ count: number }]
  console.log(
    `PostgreSQL, pool ${POOL}, ${CONNECTIONS} concurrent clients, ${ROUNDS} rounds × ${SECONDS}s each, medians (auth: ${auth.name}):`
  )
  console.log(
    `  raw single-row INSERT transactions  ${n.toFixed(0)} tx/s      (rounds: ${rates.inserts.map((x) => x.toFixed(0)).join(', ')})`
  )
  console.log(
    `  paper orders via POST /v1/orders    ${o.toFixed(0)} orders/s  (rounds: ${rates.orders.map((x) => x.toFixed(0)).join(', ')})`
  )
  console.log(
    `  ratio orders/inserts                ${(o / n).toFixed(3)}   (goal ≥ 0.5; ${count} fills stored)`
  )
  server.close()
} finally {
  await database.close()
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`)
  await admin.end()
}
