import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startExchangeSimulator, type ExchangeSimulator } from '../../test/exchange-sim/index.ts'
import { createPostgresTestDatabase, type TestDatabase } from '../../test/support/db.ts'
import { createExchangeGuards } from '../exchanges/exchange-guards.ts'
import { fixedClock } from '../lib/clock.ts'
import { createProbesRepository, type ProbesRepository } from './probes.repository.ts'
import { createExchangeProbeJob, probeExchanges, type ExchangeProbeDeps } from './probes.ts'
import { createExchangeGateway } from '../exchanges/gateway.ts'

const TICKER = 'GET /api/v3/ticker/24hr'
let sim: ExchangeSimulator
let database: TestDatabase
let repo: ProbesRepository
const clock = fixedClock('2026-06-01T12:00:00Z')

beforeAll(async () => {
  sim = await startExchangeSimulator({
    books: { 'BTC/USDT': { bids: [['29990', '1']], asks: [['30010', '0.5']] } },
  })
  database = await createPostgresTestDatabase()
  repo = createProbesRepository(database.db)
})
afterAll(async () => {
  await sim?.close()
  await database?.close()
})
beforeEach(() => {
  sim.clearFaults()
  sim.calls.reset()
})

/** A fresh process: its own guards (breaker opens after 2 failures) and one public gateway. */
function probeDeps(): ExchangeProbeDeps {
  const guards = createExchangeGuards({ clock, breaker: { failureThreshold: 2, openMs: 60_000 } })
  const gateway = createExchangeGateway({
    exchange: 'binance',
    guards,
    clock,
    baseUrlOverride: sim.url,
    ccxtRateLimit: false,
    timeoutMs: 300,
  })
  return {
    repo,
    targets: [{ exchange: 'binance', symbol: 'BTC/USDT' }],
    source: () => gateway,
    guards,
    clock,
    intervalSeconds: 60,
    retentionHours: 24,
  }
}

describe('exchange probes', () => {
  it('should record a healthy probe: one public ticker call, circuit closed', async () => {
    const [row] = await probeExchanges(probeDeps())
    expect(row).toMatchObject({
      exchange: 'binance',
      symbol: 'BTC/USDT',
      ok: true,
      errorKind: null,
      circuitState: 'closed',
      consecutiveFailures: 0,
    })
    expect(row!.latencyMs).toBeGreaterThanOrEqual(0)
    expect(sim.calls.count(TICKER)).toBe(1)
    expect(
      sim.calls.log.every((c) => !c.params.signature && c.endpoint !== 'GET /api/v3/account')
    ).toBe(true)
  })

  it('should record 5xx and timeouts as unknown outcomes, then the open circuit without a call', async () => {
    const deps = probeDeps()
    await probeExchanges(deps) // markets loaded, healthy
    sim.setFault(TICKER, { type: 'server-error', status: 503 })
    const [fiveXx] = await probeExchanges(deps)
    expect(fiveXx).toMatchObject({
      ok: false,
      errorKind: 'unknown',
      errorName: 'ExchangeOutcomeUnknownError',
      circuitState: 'closed',
      consecutiveFailures: 1,
    })
    sim.setFault(TICKER, { type: 'latency', ms: 1500 })
    const [timeout] = await probeExchanges(deps)
    expect(timeout).toMatchObject({
      ok: false,
      errorKind: 'unknown',
      circuitState: 'open',
      consecutiveFailures: 2,
    })

    const before = sim.calls.count(TICKER)
    const [refused] = await probeExchanges(deps)
    expect(refused).toMatchObject({
      ok: false,
      errorKind: 'unavailable',
      errorName: 'ExchangeUnavailableError',
      circuitState: 'open',
    })
    expect(sim.calls.count(TICKER)).toBe(before)
  })

  it('should name a misconfigured symbol as a rejection reason', async () => {
    const deps = {
      ...probeDeps(),
      targets: [{ exchange: 'binance' as const, symbol: 'NOPE/USDT' }],
    }
    const [row] = await probeExchanges(deps)
    expect(row).toMatchObject({ ok: false, errorKind: 'rejected', errorReason: 'bad-symbol' })
  })

  it('should prune probes older than the retention period when the job runs', async () => {
    const old = new Date(clock.now().getTime() - 25 * 3_600_000)
    await repo.insert([
      {
        exchange: 'kraken',
        symbol: 'BTC/USD',
        ok: true,
        latencyMs: 5,
        errorKind: null,
        errorName: null,
        errorReason: null,
        circuitState: 'closed',
        consecutiveFailures: 0,
        probedAt: old,
      },
    ])
    expect(await repo.recent('kraken', 10)).toHaveLength(1)
    await createExchangeProbeJob(probeDeps()).run({ now: clock.now() })
    expect(await repo.recent('kraken', 10)).toHaveLength(0)
    expect((await repo.recent('binance', 1))[0]!.probedAt).toEqual(clock.now())
  })
})
