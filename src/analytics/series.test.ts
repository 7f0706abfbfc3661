import { describe, expect, it } from 'vitest'
import type { TradeLike } from './performance.ts'
import { bestWorstPair, pnlBySymbol, rollingWinRate } from './series.ts'

const t = (i: number, pnl: string, symbol = 'BTC/USDT'): TradeLike & { id: string } => ({
  id: `t${i}`,
  ts: new Date(Date.UTC(2024, 0, 1, i)),
  symbol,
  pnl,
})

describe('series', () => {
  it('should compute the win rate over full windows only', () => {
    const points = rollingWinRate([t(1, '1'), t(2, '-1'), t(3, '0'), t(4, '2')], 2)
    expect(points.map((p) => [p.tradeId, p.winRate])).toEqual([
      ['t2', 0.5],
      ['t3', 0],
      ['t4', 1],
    ])
    expect(rollingWinRate([t(1, '0'), t(2, '0')], 2)[0]!.winRate).toBeNull()
    expect(rollingWinRate([t(1, '1')], 5)).toEqual([])
  })

  it('should refuse a window that is not a positive integer', () => {
    for (const w of [0, -1, 1.5, Number.NaN])
      expect(() => rollingWinRate([], w)).toThrow(RangeError)
  })

  it('should break best/worst pair ties alphabetically and skip symbols without trades', () => {
    const rows = pnlBySymbol(
      [t(1, '5', 'ETH/USDT'), t(2, '5', 'ADA/USDT'), t(3, '-1', 'SOL/USDT')],
      [{ ts: new Date(0), symbol: 'XRP/USDT', amount: '1', price: '1' }]
    )
    expect(rows.map((r) => r.symbol)).toEqual(['ADA/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT'])
    expect(bestWorstPair(rows)).toEqual({
      bestPair: { symbol: 'ADA/USDT', realizedPnl: '5' },
      worstPair: { symbol: 'SOL/USDT', realizedPnl: '-1' },
    })
    expect(bestWorstPair([])).toEqual({ bestPair: null, worstPair: null })
  })
})
