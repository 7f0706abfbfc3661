import { describe, expect, it } from 'vitest'
import { computePerformance, tradeStats, type FillLike, type TradeLike } from './performance.ts'

const day = (d: number, h = 12) => new Date(Date.UTC(2024, 0, d, h))
const trade = (d: number, pnl: string): TradeLike => ({ ts: day(d), symbol: 'BTC/USDT', pnl })
const fillOn = (d: number): FillLike => ({ ts: day(d, 1), amount: '1', price: '1' })

function noNonFinite(value: unknown): void {
  const text = JSON.stringify(value)
  expect(text).not.toMatch(/NaN|Infinity/)
  for (const v of Object.values(value as Record<string, unknown>)) {
    if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true)
  }
}

describe('computePerformance', () => {
  it('should refuse a starting capital that is not positive', () => {
    expect(() => computePerformance({ trades: [], fills: [], startingCapital: '0' })).toThrow(
      RangeError
    )
  })

  it('should need daily PnL when given trade aggregates', () => {
    expect(() => computePerformance({ trades: tradeStats([]), fills: [] })).toThrow(TypeError)
  })

  it('should return null returns-based ratios once equity is no longer positive', () => {
    const p = computePerformance({
      trades: [trade(2, '-100'), trade(3, '-20'), trade(4, '30')],
      fills: [fillOn(1), fillOn(4)],
      startingCapital: '100',
    })
    expect(p.endingEquity).toBe('10')
    expect(p.sharpe).toBeNull()
    expect(p.sortino).toBeNull()
    expect(p.cagr).toBeCloseTo(0.1 ** (365 / 3) - 1, 12)
    expect(p.maxDrawdownAbs).toBe('120')
    expect(p.maxDrawdownRel).toBe(1.2)
    expect([p.drawdownStart, p.drawdownEnd]).toEqual(['2024-01-01', '2024-01-03'])
    noNonFinite(p)
  })

  it('should give cagr -1 on exact ruin and null below zero', () => {
    const ruin = computePerformance({
      trades: [trade(2, '-100')],
      fills: [fillOn(1), fillOn(2)],
      startingCapital: '100',
    })
    expect(ruin.cagr).toBe(-1)
    const below = computePerformance({
      trades: [trade(2, '-150')],
      fills: [fillOn(1), fillOn(2)],
      startingCapital: '100',
    })
    expect(below.cagr).toBeNull()
    expect(below.calmar).toBeNull()
    noNonFinite(below)
  })

  it('should return null instead of Infinity when cagr overflows a double', () => {
    const p = computePerformance({
      trades: [trade(2, '900')],
      fills: [fillOn(1), fillOn(2)],
      startingCapital: '100',
    })
    expect(p.cagr).toBeNull()
    expect(p.sortino).toBeNull()
    noNonFinite(p)
  })

  it('should widen the equity range to a trade day outside the fill range', () => {
    const p = computePerformance({ trades: [trade(5, '1')], fills: [fillOn(1)] })
    expect([p.firstDay, p.lastDay, p.days]).toEqual(['2024-01-01', '2024-01-05', 5])
  })

  it('should not count a loss on the first day as a drawdown (the series starts at its close)', () => {
    const p = computePerformance({ trades: [trade(1, '-50')], fills: [fillOn(1)] })
    expect([p.maxDrawdownAbs, p.drawdownStart, p.endingEquity]).toEqual(['0', null, '9950'])
  })

  it('should count break-even trades in expectancy but not in win rate', () => {
    const p = computePerformance({ trades: [trade(1, '0'), trade(1, '0')], fills: [fillOn(1)] })
    expect([p.tradeCount, p.breakEven, p.winRate, p.expectancy, p.sqn]).toEqual([
      2,
      2,
      null,
      '0',
      null,
    ])
  })
})
