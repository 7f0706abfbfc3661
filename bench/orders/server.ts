/**
 * Child process of bench/orders: a fresh database, the real app serving on a port, one signed-in
 * user per client connection; and, on request over stdin, the baseline loop of raw single-row
 * INSERT transactions on the same pool. Keeping the load generator out of this process means the
 * app and the baseline each get this process's event loop to themselves.
 */
import { serve } from '@hono/node-server'
import { sql } from 'drizzle-orm'
import type { Server } from 'node:http'
import { createApp } from '../../src/app.ts'
import { uuidv7 } from '../../src/lib/ids.ts'
import { createServices } from '../../src/services.ts'
import { benchCore, benchDatabase, option } from '../lib/setup.ts'
import { benchAuth } from './auth.ts'

const SECONDS = Number(option('seconds', '5'))
const ROUNDS = Number(option('rounds', '3'))
const CONNECTIONS = Number(option('connections', '16'))
const POOL = Number(option('pool', '10'))

const { database, drop } = await benchDatabase('orders', { pool: POOL })

try {
  await database.db.execute(
    sql`create table bench_rows (id uuid primary key, user_id uuid not null, amount numeric(36,18) not null, created_at timestamptz not null default now())`
  )

  const core = benchCore(database)
  const auth = await benchAuth(core)
  const services = createServices(core, {
    ...auth.options,
    compliance: { check: async () => ({ decision: 'approved', reasons: [] }) },
  })
  const app = createApp({ ...core, services })
  // Counted, so the pool is closed only after the last order the load generator gave up on is done.
  let inFlight = 0
  const fetch = async (req: Request) => {
    inFlight++
    try {
      return await app.fetch(req)
    } finally {
      inFlight--
    }
  }
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }) as Server
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
    else if (line === 'cpu') {
      const { user, system } = process.cpuUsage()
      process.stdout.write(`${JSON.stringify({ cpuMs: (user + system) / 1000 })}\n`)
    }
    else if (line === 'fills') {
      const [{ count }] = (await database.db.execute(
        sql`select count(*)::int as count from fills`
      )) as unknown as [{ count: number }]
      process.stdout.write(`${JSON.stringify({ fills: count })}\n`)
    } else break
  }
  server.close()
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 20))
} finally {
  await drop()
}
