/**
 * Paper orders per second through the full HTTP path (auth, validation, kill switch, compliance
 * gate, risk limits, idempotent insert, paper fill, fills, position, stored response) vs raw
 * single-row INSERT transactions per second into the same PostgreSQL with the same pool and
 * concurrency, alternating rounds. The app and the baseline run in a child process (server.ts,
 * bundled as `npm start` bundles the app);
 * the HTTP load generator (autocannon) runs here. Prints both medians and the ratio (goal ≥ 0.5).
 *
 *   npx tsx bench/orders/run.ts [--seconds 5] [--rounds 3] [--connections 16] [--db postgres://…]
 *
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the app process there (open it in Chrome DevTools);
 * with `--rounds 0` only the order load runs, so the profile holds the order path alone.
 */
import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { uuidv7 } from '../../src/lib/ids.ts'
import { bundleBench } from '../lib/bundle.ts'
import { localPostgresCpuMs } from '../lib/cpu.ts'
import { adminUrl, option } from '../lib/setup.ts'

const args = process.argv.slice(2)
const SECONDS = Number(option('seconds', '5'))
const ROUNDS = Number(option('rounds', '3'))
const CONNECTIONS = Number(option('connections', '16'))
const POOL = option('pool', '10')

// Bundled as `npm start` bundles the server, so the app runs as it does in production.
const server = await bundleBench('orders-server', new URL('./server.ts', import.meta.url))
const child = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    server,
    ...args,
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] }
)
const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
const next = async <T>(): Promise<T> => JSON.parse((await lines.next()).value as string) as T
const ask = async <T>(command: string): Promise<T> => {
  child.stdin!.write(`${command}\n`)
  return next<T>()
}

const { port, users } = await next<{ port: number; users: Record<string, string>[] }>()
const body = JSON.stringify({ exchange: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.001' })

async function orders(): Promise<number> {
  let n = 0
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/v1/orders`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body,
          headers: {
            ...req.headers,
            ...users[n++ % CONNECTIONS],
            'content-type': 'application/json',
            'idempotency-key': uuidv7(),
          },
        }),
      },
    ],
  })
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`orders: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return result.requests.average
}
const inserts = async () => (await ask<{ inserts: number }>('inserts')).inserts

try {
  const warmup = await orders() // warm-up both, discarded
  if (ROUNDS === 0) {
    // Only the order load (a profile of the order path alone): nothing to compare.
    console.log(`paper orders via POST /v1/orders (warm-up only): ${warmup.toFixed(0)} orders/s`)
  } else {
    await inserts()
    await measure()
  }
} finally {
  child.stdin!.end('quit\n')
  await new Promise((r) => child.once('exit', r))
}

/** Runs a phase and adds the CPU the app process and the local PostgreSQL spent on it. */
async function metered(into: { app: number; pg: number | null; ops: number }, phase: () => Promise<number>) {
  const cpu = async () => ({ app: (await ask<{ cpuMs: number }>('cpu')).cpuMs, pg: localPostgresCpuMs(adminUrl()) })
  const before = await cpu()
  const rate = await phase()
  const after = await cpu()
  into.app += after.app - before.app
  into.pg = into.pg === null || before.pg === null || after.pg === null ? null : into.pg + after.pg - before.pg
  into.ops += rate * SECONDS
  return rate
}

async function measure() {
  const rates = { orders: [] as number[], inserts: [] as number[] }
  const spent = { orders: { app: 0, pg: 0 as number | null, ops: 0 }, inserts: { app: 0, pg: 0 as number | null, ops: 0 } }
  for (let i = 0; i < ROUNDS; i++) {
    rates.inserts.push(await metered(spent.inserts, inserts))
    rates.orders.push(await metered(spent.orders, orders))
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const o = median(rates.orders)
  const n = median(rates.inserts)
  const { fills } = await ask<{ fills: number }>('fills')
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ')
  console.log(`PostgreSQL, pool ${POOL}, ${CONNECTIONS} concurrent clients, ${ROUNDS} rounds × ${SECONDS}s each, medians:`)
  console.log(`  raw single-row INSERT transactions  ${n.toFixed(0)} tx/s      (rounds: ${fmt(rates.inserts)})`)
  console.log(`  paper orders via POST /v1/orders    ${o.toFixed(0)} orders/s  (rounds: ${fmt(rates.orders)})`)
  console.log(`  ratio orders/inserts                ${(o / n).toFixed(3)}   (goal ≥ 0.5; ${fills} fills stored)`)
  // Where the time goes: CPU per operation in the app process and in the PostgreSQL server.
  const per = (x: { app: number; pg: number | null; ops: number }) =>
    `app ${(x.app / x.ops).toFixed(3)} ms + PostgreSQL ${x.pg === null ? 'n/a' : `${(x.pg / x.ops).toFixed(3)} ms`}`
  console.log('CPU per operation, all rounds (app process; every postgres process on this machine):')
  console.log(`  one insert transaction              ${per(spent.inserts)}`)
  console.log(`  one paper order                     ${per(spent.orders)}`)
}
