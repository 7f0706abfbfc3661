import { describe, expect, it } from 'vitest'
import { toStr } from '../lib/money.ts'
import {
  InvalidFillError,
  OutOfOrderFillError,
  applyFill,
  emptyState,
  replayFills,
  type FillInput,
} from './fifo.ts'
import { stateToJSON, tradeToJSON } from './fifo-json.ts'

let seq = 0
function fill(
  side: 'buy' | 'sell',
  amount: string,
  price: string,
  over: Partial<FillInput> = {}
): FillInput {
  seq++
  return {
    id: `f${seq}`,
    ts: new Date(Date.UTC(2024, 0, 1, 0, seq)),
    symbol: 'BTC/USDT',
    side,
    amount,
    price,
    fee: '0',
    feeCurrency: 'USDT',
    ...over,
  }
}

describe('fifo', () => {
  it('should close the oldest lots first and make one trade per sell', () => {
    const { trades, states } = replayFills([
      fill('buy', '1', '100'),
      fill('buy', '1', '200'),
      fill('sell', '1.5', '300', { fee: '3' }),
    ])
    expect(trades).toHaveLength(1)
    const t = tradeToJSON(trades[0]!)
    expect(t.matches.map((m) => [m.price, m.amount])).toEqual([
      ['100', '1'],
      ['200', '0.5'],
    ])
    expect(t.grossPnl).toBe('250')
    expect(t.pnl).toBe('247')
    expect(stateToJSON(states['BTC/USDT']!).lots.map((l) => l.remaining)).toEqual(['0.5'])
  })

  it('should report a sell with no open lots as unmatched and make no trade', () => {
    const r = applyFill(emptyState('BTC/USDT'), fill('sell', '2', '100', { fee: '0.2' }))
    expect(r.trades).toEqual([])
    expect(toStr(r.unmatched!.amount)).toBe('2')
    expect(toStr(r.unmatched!.fee)).toBe('0.2')
  })

  it('should not modify the state it is given', () => {
    const s1 = applyFill(emptyState('BTC/USDT'), fill('buy', '1', '100')).state
    const before = stateToJSON(s1)
    applyFill(s1, fill('sell', '0.4', '110'))
    expect(stateToJSON(s1)).toEqual(before)
  })

  it('should refuse a fill older than the last one applied but accept an equal timestamp', () => {
    const a = fill('buy', '1', '100')
    const s = applyFill(emptyState('BTC/USDT'), a).state
    expect(() =>
      applyFill(s, { ...fill('sell', '1', '100'), ts: new Date(a.ts.getTime() - 1) })
    ).toThrow(OutOfOrderFillError)
    expect(applyFill(s, { ...fill('sell', '1', '100'), ts: a.ts }).trades).toHaveLength(1)
  })

  it('should refuse malformed fills', () => {
    const s = emptyState('BTC/USDT')
    const bad: Partial<FillInput>[] = [
      { amount: '0' },
      { price: '-1' },
      { fee: '-0.1' },
      { symbol: 'BTCUSDT' },
      { side: 'short' as 'buy' },
      { ts: new Date('nope') },
      { fee: '1', feeCurrency: 'BTC' }, // a base fee as large as the amount
      { amount: '1e3' },
    ]
    for (const over of bad) {
      expect(() => applyFill(s, fill('buy', '1', '100', over)), JSON.stringify(over)).toThrow()
    }
    expect(() => applyFill(s, fill('buy', '1', '100', { amount: '0' }))).toThrow(InvalidFillError)
    expect(() => applyFill(s, fill('buy', '1', '1', { symbol: 'ETH/USDT' }))).toThrow(
      InvalidFillError
    )
  })

  it('should order fills by time and keep the given order for equal timestamps', () => {
    const ts = new Date('2024-01-01T00:00:00Z')
    const buy = fill('buy', '1', '100', { ts, id: 'b' })
    const sell = fill('sell', '1', '110', { ts, id: 's' })
    const late = fill('buy', '1', '90', { ts: new Date('2024-01-02T00:00:00Z'), id: 'late' })
    const r = replayFills([late, buy, sell])
    expect(r.trades.map((t) => [t.id, toStr(t.pnl)])).toEqual([['s', '10']])
    expect(r.unmatched).toEqual([])
    expect(replayFills([late, sell, buy]).unmatched.map((u) => u.fillId)).toEqual(['s'])
  })

  it('should resume from saved states with the same result as one replay', () => {
    const fills = [
      fill('buy', '1', '100', { fee: '0.1' }),
      fill('buy', '2', '90', { symbol: 'ETH/USDT', fee: '0.3' }),
      fill('sell', '0.5', '120', { fee: '0.06' }),
      fill('buy', '3', '80', { fee: '0.7' }),
      fill('sell', '1.5', '95', { symbol: 'ETH/USDT', fee: '0.1' }),
      fill('sell', '3', '85', { fee: '0.3' }),
    ]
    const whole = replayFills(fills)
    const first = replayFills(fills.slice(0, 3))
    const second = replayFills(fills.slice(3), first.states)
    expect([...first.trades, ...second.trades].map(tradeToJSON)).toEqual(
      whole.trades.map(tradeToJSON)
    )
    for (const sym of ['BTC/USDT', 'ETH/USDT']) {
      expect(stateToJSON(second.states[sym]!)).toEqual(stateToJSON(whole.states[sym]!))
    }
  })

  it('should ignore feeQuote when the fee is already in quote and use it for a third currency', () => {
    const s = applyFill(
      emptyState('BTC/USDT'),
      fill('buy', '1', '100', { fee: '1', feeQuote: '999' })
    ).state
    expect(toStr(s.lots[0]!.fee)).toBe('1')
    const b = applyFill(
      emptyState('BTC/USDT'),
      fill('buy', '1', '100', { fee: '0.01', feeCurrency: 'bnb', feeQuote: '5' })
    )
    expect(toStr(b.state.lots[0]!.fee)).toBe('5')
    expect(b.state.lots[0]!.unpricedFee).toBeNull()
  })

  it('should stay linear with many open lots', () => {
    const fills: FillInput[] = []
    const t0 = Date.UTC(2024, 0, 1)
    for (let i = 0; i < 5000; i++) {
      fills.push({ ...fill('buy', '1', '100'), ts: new Date(t0 + i) })
    }
    for (let i = 0; i < 5000; i++) {
      fills.push({ ...fill('sell', '1', '101'), ts: new Date(t0 + 5000 + i) })
    }
    const r = replayFills(fills)
    expect(r.trades).toHaveLength(5000)
    expect(r.states['BTC/USDT']!.lots).toHaveLength(0)
  })
})
