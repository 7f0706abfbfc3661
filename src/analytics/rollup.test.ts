import { describe, expect, it } from 'vitest'
import { toStr } from '../lib/money.ts'
import { fromRollups, mergeRollups, rollupDelta } from './rollup.ts'

const at = (iso: string) => new Date(iso)

describe('rollup', () => {
  it('should merge increments of one day into counts, sums and extremes', () => {
    const a = rollupDelta({ ts: at('2024-01-01T10:00:00Z'), amount: '1', price: '100' }, null)
    const b = rollupDelta(
      { ts: at('2024-01-01T12:00:00Z'), amount: '1', price: '110' },
      { pnl: '9.5' }
    )
    const c = rollupDelta(
      { ts: at('2024-01-01T08:00:00Z'), amount: '2', price: '90' },
      { pnl: '-3' }
    )
    const day = mergeRollups(mergeRollups(a, b), c)
    expect([day.fillCount, day.tradeCount, day.wins, day.losses]).toEqual([3, 2, 1, 1])
    expect([toStr(day.volume), toStr(day.sumPnl), toStr(day.sumPnlSq)]).toEqual([
      '390',
      '6.5',
      '99.25',
    ])
    expect([toStr(day.best!), toStr(day.worst!)]).toEqual(['9.5', '-3'])
    expect(day.firstTs!.toISOString()).toBe('2024-01-01T08:00:00.000Z')
    expect(day.lastTs!.toISOString()).toBe('2024-01-01T12:00:00.000Z')
  })

  it('should refuse to merge different days', () => {
    const a = rollupDelta({ ts: at('2024-01-01T23:59:59Z'), amount: '1', price: '1' }, null)
    const b = rollupDelta({ ts: at('2024-01-02T00:00:00Z'), amount: '1', price: '1' }, null)
    expect(() => mergeRollups(a, b)).toThrow(RangeError)
  })

  it('should list only days with trades as daily realized PnL', () => {
    const rows = [
      rollupDelta({ ts: at('2024-01-03T00:00:00Z'), amount: '1', price: '1' }, { pnl: '2' }),
      rollupDelta({ ts: at('2024-01-01T00:00:00Z'), amount: '1', price: '1' }, null),
    ]
    const r = fromRollups(rows)
    expect(r.dailyRealized.map((d) => [d.day, toStr(d.pnl)])).toEqual([['2024-01-03', '2']])
    expect(r.fills.firstTs!.toISOString().slice(0, 10)).toBe('2024-01-01')
  })
})
