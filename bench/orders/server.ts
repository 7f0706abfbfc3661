/**
 * Child process of bench/orders: a fresh database, the real app serving on a port, one signed-in
 * user per client connection; and, on request over stdin, the baseline loop of raw single-row
 * INSERT transactions on the same pool. Keeping the load generator out of this process means the
 * app and the baseline each get this process's event loop to themselves.
 */
import { serve } from '@hono/node-server'
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

  process.stdout.write(`${JSON.stringify({ port, users })}\n`)
  const { createInterface } = await import('node:readline')
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'inserts') process.stdout.write(`${JSON.stringify({ inserts: await inserts() })}\n`)
    else if (line === 'fills') {
      const [{ count }] = (await database.db.execute(
        sql`select count(*)::int as count from fills`
      )) as unknown as [{ count: number }]
      process.stdout.write(`${JSON.stringify({ fills: count })}\n`)
    } else break
  }
  server.close()
} finally {
  await database.close()
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`)
  await admin.end()
}
