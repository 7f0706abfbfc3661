import { describe, expect, it } from 'vitest'
import { diagnoseBot, type DiagFill, type DiagOrder, type DiagTrade } from './bot-analysis.ts'

const H = 3_600_000
const t0 = Date.UTC(2024, 4, 1)
const at = (h: number) => new Date(t0 + h * H)
const trade = (h: number, pnl: string, gross = pnl, fees = '0'): DiagTrade => ({
  ts: at(h),
  symbol: 'BTC/USDT',
  pnl,
  grossPnl: gross,
  fees,
})
const fill = (h: number, over: Partial<DiagFill> = {}): DiagFill => ({
  ts: at(h),
  symbol: 'BTC/USDT',
  side: 'buy',
  amount: '1',
  price: '100',
  ...over,
})
const order = (i: number, status: string, over: Partial<DiagOrder> = {}): DiagOrder => ({
  id: `o${i}`,
  ts: at(i),
  status,
  ...over,
})

const find = (d: ReturnType<typeof diagnoseBot>, id: string) => d.findings.find((f) => f.id === id)
const check = (d: ReturnType<typeof diagnoseBot>, id: string) => d.checks.find((c) => c.id === id)!

describe('diagnoseBot', () => {
  it('should report insufficient data with counts and no findings when there is no data', () => {
    const d = diagnoseBot({
      trades: [],
      fills: [],
      orders: [],
      riskLimits: { maxDrawdownAbs: '100', dailyLossLimit: '50' },
      now: at(100),
      running: true,
      runningSince: at(0),
    })
    expect(d.findings).toEqual([])
    expect(d.insufficientData).toBe(true)
    expect(d.summary).toBe('insufficient data: 0 trades, 0 fills, 0 orders')
    expect(
      d.checks.every((c) => c.status === 'insufficient-data' || c.status === 'not-applicable')
    ).toBe(true)
  })

  it('should flag a current drawdown near its limit with the numbers behind it', () => {
    const d = diagnoseBot({
      trades: [trade(1, '200'), trade(30, '-170')],
      fills: [fill(0)],
      orders: [],
      riskLimits: { maxDrawdownAbs: '200' },
      startingCapital: '1000',
      now: at(31),
    })
    const f = find(d, 'drawdown-near-limit')!
    expect(f.severity).toBe('warning')
    expect(f.values).toMatchObject({
      peakEquity: '1200',
      equity: '1030',
      currentDrawdown: '170',
      limitUtilisation: 0.85,
    })
    const under = diagnoseBot({
      trades: [trade(1, '200'), trade(30, '-150')],
      fills: [fill(0)],
      orders: [],
      riskLimits: { maxDrawdownAbs: '200' },
      now: at(31),
    })
    expect(check(under, 'drawdown-near-limit').status).toBe('ok')
    const relative = diagnoseBot({
      trades: [trade(30, '-2100')],
      fills: [fill(0)],
      orders: [],
      riskLimits: { maxDrawdownRel: 0.2 },
      now: at(31),
    })
    expect(find(relative, 'drawdown-near-limit')!.severity).toBe('critical')
  })

  it('should flag a falling win rate only with two full windows', () => {
    const trades = [
      ...Array.from({ length: 4 }, (_, i) => trade(i, i < 3 ? '1' : '-1')),
      ...Array.from({ length: 4 }, (_, i) => trade(10 + i, i < 1 ? '1' : '-1')),
    ]
    const d = diagnoseBot({
      trades,
      fills: [],
      orders: [],
      now: at(20),
      thresholds: { winRateWindow: 4 },
    })
    expect(find(d, 'win-rate-falling')!.values).toMatchObject({
      previousWinRate: 0.75,
      recentWinRate: 0.25,
      drop: 0.5,
    })
    const short = diagnoseBot({
      trades: trades.slice(1),
      fills: [],
      orders: [],
      now: at(20),
      thresholds: { winRateWindow: 4 },
    })
    expect(check(short, 'win-rate-falling')).toMatchObject({
      status: 'insufficient-data',
      values: { trades: 7 },
    })
  })

  it('should measure fee drag against gross PnL', () => {
    const trades = Array.from({ length: 5 }, (_, i) => trade(i, '6', '10', '4'))
    const f = find(diagnoseBot({ trades, fills: [], orders: [], now: at(9) }), 'fee-drag')!
    expect(f.values).toMatchObject({ grossPnl: '50', fees: '20', feeShareOfGross: 0.4 })
    expect(f.severity).toBe('warning')
    const losing = Array.from({ length: 5 }, (_, i) => trade(i, '-3', '-1', '2'))
    expect(
      find(diagnoseBot({ trades: losing, fills: [], orders: [], now: at(9) }), 'fee-drag')
    ).toMatchObject({
      severity: 'info',
      values: { feeShareOfGross: null },
    })
  })

  it('should measure adverse slippage against the reference price of the fill or its order', () => {
    const fills = [
      ...Array.from({ length: 3 }, (_, i) => fill(i, { price: '100.2', referencePrice: '100' })),
      ...Array.from({ length: 2 }, (_, i) =>
        fill(5 + i, { side: 'sell', price: '99.8', orderId: `o${i}` })
      ),
    ]
    const orders = [
      order(0, 'filled', { referencePrice: '100' }),
      order(1, 'filled', { referencePrice: '100' }),
    ]
    const f = find(diagnoseBot({ trades: [], fills, orders, now: at(9) }), 'slippage')!
    expect(f.values.fillsWithReference).toBe(5)
    expect(f.values.meanAdverseSlippageBps).toBeCloseTo(20, 9)
  })

  it('should flag rejected orders and stale unknown orders', () => {
    const orders = Array.from({ length: 10 }, (_, i) =>
      order(i, i < 3 ? 'rejected' : i === 9 ? 'unknown' : 'filled')
    )
    const d = diagnoseBot({ trades: [], fills: [], orders, now: at(9.1) })
    expect(find(d, 'rejected-orders')!.values).toMatchObject({
      orders: 10,
      rejected: 3,
      rejectedRate: 0.3,
    })
    expect(find(d, 'unknown-orders')!.values).toMatchObject({ unknownOlderThanThreshold: 1 })
    expect(
      find(diagnoseBot({ trades: [], fills: [], orders, now: at(9.05) }), 'unknown-orders')
    ).toBeUndefined()
  })

  it('should report volume and profit concentration', () => {
    const fills = [fill(0, { amount: '9' }), fill(1, { symbol: 'ETH/USDT' })]
    expect(
      find(diagnoseBot({ trades: [], fills, orders: [], now: at(2) }), 'symbol-concentration')!
        .values
    ).toMatchObject({
      topSymbol: 'BTC/USDT',
      topSymbolVolumeShare: 0.9,
    })
    const mixed = [fill(0), fill(1, { symbol: 'ETH/BTC' })]
    expect(
      check(
        diagnoseBot({ trades: [], fills: mixed, orders: [], now: at(2) }),
        'symbol-concentration'
      ).status
    ).toBe('not-applicable')
    const trades = ['60', '10', '10', '10', '10'].map((p, i) => trade(i, p))
    expect(
      find(diagnoseBot({ trades, fills: [], orders: [], now: at(9) }), 'profit-concentration')!
        .values
    ).toMatchObject({
      largestWin: '60',
      largestWinShare: 0.6,
    })
  })

  it('should flag a running bot idle far beyond its usual gap between fills', () => {
    const fills = [0, 1, 2, 3].map((h) => fill(h))
    const idle = diagnoseBot({ trades: [], fills, orders: [], now: at(30), running: true })
    expect(find(idle, 'idle')!.values).toMatchObject({
      idleHours: 27,
      medianGapHours: 1,
      idleLimitHours: 24,
    })
    expect(
      find(diagnoseBot({ trades: [], fills, orders: [], now: at(30), running: false }), 'idle')
    ).toBeUndefined()
    const restarted = diagnoseBot({
      trades: [],
      fills,
      orders: [],
      now: at(30),
      running: true,
      runningSince: at(20),
    })
    expect(check(restarted, 'idle').status).toBe('ok')
  })

  it('should be deterministic', () => {
    const input = {
      trades: [trade(1, '5')],
      fills: [fill(0)],
      orders: [order(1, 'filled')],
      now: at(3),
    }
    expect(diagnoseBot(input)).toEqual(diagnoseBot(input))
  })
})
