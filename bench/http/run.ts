/**
 * GET /health/live on the Hono app served by @hono/node-server vs a bare node:http server answering
 * the same JSON, same load generator (autocannon), same process, alternating rounds. Prints req/s of
 * each and the ratio (goal ≥ 0.95).
 */
import { serve } from '@hono/node-server'
import autocannon from 'autocannon'
import { createServer, type Server } from 'node:http'
import { createApp } from '../../src/app.ts'
import { loadSettings } from '../../src/config/settings.ts'
import { createLogger } from '../../src/lib/logger.ts'

const DURATION = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CONNECTIONS = 50

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return (server.address() as { port: number }).port
}

async function load(port: number): Promise<number> {
  const result = await autocannon({ url: `http://127.0.0.1:${port}/health/live`, connections: CONNECTIONS, duration: DURATION })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`errors during load: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return result.requests.average
}

const body = JSON.stringify({ status: 'ok' })
const bare = createServer((req, res) => {
  if (req.url === '/health/live') res.writeHead(200, { 'content-type': 'application/json' }).end(body)
  else res.writeHead(404).end()
})

// The full production middleware stack (request id, spans, access log, security headers, body
// limit); only the log sink is silenced so the terminal isn't the bottleneck.
const app = createApp({
  settings: loadSettings({ JWT_SECRET: 'bench-only-secret-value-2f8e4a1c9b7d6e5f', LOG_LEVEL: 'silent' }),
  database: { db: undefined as never, kind: 'pglite', ping: async () => {}, close: async () => {} },
  logger: createLogger({ level: 'silent' }),
})
const hono = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server
await new Promise((r) => hono.once('listening', r))
const honoPort = (hono.address() as { port: number }).port
const barePort = await listen(bare)

await load(barePort) // warm-up both, discarded
await load(honoPort)
const rates = { hono: [] as number[], bare: [] as number[] }
for (let i = 0; i < ROUNDS; i++) {
  rates.bare.push(await load(barePort))
  rates.hono.push(await load(honoPort))
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const h = median(rates.hono)
const b = median(rates.bare)
console.log(`connections ${CONNECTIONS}, ${ROUNDS} rounds × ${DURATION}s each, medians:`)
console.log(`  bare node:http        ${b.toFixed(0)} req/s   (rounds: ${rates.bare.map((x) => x.toFixed(0)).join(', ')})`)
console.log(`  hono + middleware     ${h.toFixed(0)} req/s   (rounds: ${rates.hono.map((x) => x.toFixed(0)).join(', ')})`)
console.log(`  ratio hono/bare       ${(h / b).toFixed(3)}   (goal ≥ 0.95)`)
bare.close()
hono.close()
