/**
 * GET /health/live on the Hono app served by @hono/node-server vs a bare node:http server answering
 * the same JSON with the same response headers; and, as the floor, a Hono app with no middleware
 * sending the same bytes. The servers run in one child process, bundled as `npm start` bundles the
 * app (bench/lib/bundle.ts); the load generator (autocannon) runs here, so it never competes with
 * them for an event loop. Alternating rounds, medians, ratio (goal ≥ 0.95).
 */
import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { bundleBench } from '../lib/bundle.ts'

const DURATION = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CONNECTIONS = 50

// Bundled as `npm start` bundles the server, so the app runs as it does in production.
const servers = await bundleBench('http-servers', new URL('./servers.ts', import.meta.url))
const child = spawn(process.execPath, [servers], { stdio: ['ignore', 'pipe', 'inherit'] })
const ports = await new Promise<{ hono: number; floor: number; bare: number }>((resolve) =>
  createInterface({ input: child.stdout! }).once('line', (l) => resolve(JSON.parse(l)))
)

async function load(port: number): Promise<number> {
  const result = await autocannon({ url: `http://127.0.0.1:${port}/health/live`, connections: CONNECTIONS, duration: DURATION })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`errors during load: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return result.requests.average
}

try {
  await load(ports.bare) // warm-up both, discarded
  await load(ports.hono)
  await load(ports.floor)
  const rates = { hono: [] as number[], floor: [] as number[], bare: [] as number[] }
  for (let i = 0; i < ROUNDS; i++) {
    rates.bare.push(await load(ports.bare))
    rates.hono.push(await load(ports.hono))
    rates.floor.push(await load(ports.floor))
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const h = median(rates.hono)
  const b = median(rates.bare)
  console.log(`connections ${CONNECTIONS}, ${ROUNDS} rounds × ${DURATION}s each, medians:`)
  console.log(`  bare node:http        ${b.toFixed(0)} req/s   (rounds: ${rates.bare.map((x) => x.toFixed(0)).join(', ')})`)
  console.log(`  hono + middleware     ${h.toFixed(0)} req/s   (rounds: ${rates.hono.map((x) => x.toFixed(0)).join(', ')})`)
  const f = median(rates.floor)
  console.log(`  hono, no middleware   ${f.toFixed(0)} req/s   (rounds: ${rates.floor.map((x) => x.toFixed(0)).join(', ')})`)
  console.log(`  ratio hono/bare       ${(h / b).toFixed(3)}   (goal ≥ 0.95)`)
  console.log(`  ratio floor/bare      ${(f / b).toFixed(3)}   (Hono + @hono/node-server alone, same bytes)`)
} finally {
  child.kill()
}
