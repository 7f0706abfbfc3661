import { build } from 'esbuild'
import { builtinModules } from 'node:module'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startExchangeSimulator, type ExchangeSimulator } from '../index.ts'

const here = fileURLToPath(new URL('.', import.meta.url))
let sim: ExchangeSimulator
let dir: string

beforeAll(async () => {
  sim = await startExchangeSimulator({
    books: { 'BTC/USDT': { bids: [['29990', '1']], asks: [['30010', '0.5']] } },
  })
  dir = await mkdtemp(join(tmpdir(), 'workerd-gw-'))
})
afterAll(async () => {
  await sim.close()
  await rm(dir, { recursive: true, force: true })
})

// Bundles ccxt (about 5 s) and boots workerd: the slowest test of the exchange layer, kept because
// the workerd fetch behaviour cannot be checked anywhere else.
describe('exchange gateway on workerd', () => {
  it('should place an order through ccxt and our fetch implementation inside workerd', async () => {
    const out = join(dir, 'worker.js')
    const stub = join(here, 'stub.js')
    await build({
      entryPoints: [join(here, 'worker.ts')],
      outfile: out,
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      conditions: ['workerd', 'worker', 'browser', 'import'],
      mainFields: ['module', 'main'],
      // nodejs_compat provides Node built-ins, with or without the node: prefix.
      external: ['node:*', ...builtinModules],
      alias: { 'protobufjs/minimal.js': stub, 'protobufjs/minimal': stub, undici: stub },
      logLevel: 'silent',
    })
    const mf = new Miniflare({
      modules: [{ type: 'ESModule', path: out }],
      modulesRoot: dir,
      compatibilityDate: '2026-04-01',
      compatibilityFlags: ['nodejs_compat'],
      bindings: { SIM_URL: sim.url, API_KEY: sim.apiKey, SECRET: sim.secret },
      cf: false,
    })
    try {
      const res = await mf.dispatchFetch('http://worker.test/')
      const body = (await res.json()) as Record<string, unknown>
      expect(body).toEqual({
        ask: '30010',
        status: 'filled',
        clientOrderId: 'workerd-1',
        cost: '3001',
        tradeIds: ['1'],
        refused: { name: 'ExchangeRejectedError', reason: 'insufficient-funds' },
      })
      // Control: ccxt's own fetch path (redirect: 'error') is refused by workerd before sending.
      const plain = await (await mf.dispatchFetch('http://worker.test/plain')).json()
      expect(plain).toMatchObject({ ok: false, error: 'NetworkError' })
      expect(sim.calls.count('GET /api/v3/exchangeInfo')).toBe(1)
    } finally {
      await mf.dispose()
    }
  }, 120_000)
})
