import { describe, expect, it } from 'vitest'
import { D, dec, ZERO } from '../../lib/money.ts'
import { dca } from './dca.ts'
import { grid, gridCell } from './grid.ts'
import { maCrossover } from './ma-crossover.ts'
import { InvalidStrategyConfig, type Strategy, type TickMarket } from './types.ts'

const market = (price: string): TickMarket => ({
  bid: dec(price),
  ask: dec(price),
  price: dec(price),
  at: new Date(0),
})

function drive<C, S>(s: Strategy<C, S>, raw: unknown, prices: string[], position = () => ZERO) {
  const config = s.parseConfig(raw)
  let state = s.initialState(config)
  return prices.map((p, i) => {
    const out = s.step({ config, state, market: market(p), position: position(), tick: i + 1 })
    state = out.state
    return out.intents.map((x) => `${x.side} ${x.amount.toFixed()}`)
  })
}

describe('strategies', () => {
  it('should make DCA buy the quote amount every N ticks up to maxBuys', () => {
    expect(
      drive(dca, { quoteAmount: '100', everyTicks: 2, maxBuys: 2 }, [
        '50',
        '50',
        '40',
        '40',
        '20',
        '20',
      ])
    ).toEqual([['buy 2'], [], ['buy 2.5'], [], [], []])
  })

  it('should make DCA round the amount down to 18 decimals', () => {
    const intent = drive(dca, { quoteAmount: '1' }, ['3'])[0]![0]
    expect(intent).toBe(`buy ${new D(1).div(3).toDecimalPlaces(18, D.ROUND_DOWN).toFixed()}`)
  })

  it('should make the grid buy per line crossed down and sell per line crossed up, never beyond the position', () => {
    const cfg = { lower: '100', upper: '200', levels: 10, amountPerLevel: '0.5' }
    expect(gridCell(grid.parseConfig(cfg), dec('155'))).toBe(5)
    expect(gridCell(grid.parseConfig(cfg), dec('999'))).toBe(10)
    let held = ZERO
    const got = drive(grid, cfg, ['155', '135', '136', '165', '250'], () => held)
    expect(got[0]).toEqual([])
    expect(got[1]).toEqual(['buy 1'])
    expect(got[2]).toEqual([])
    expect(got[3]).toEqual([]) // nothing held yet in this pure run: no sell
    held = dec('0.7')
    expect(drive(grid, cfg, ['135', '165'], () => held)[1]).toEqual(['sell 0.7'])
  })

  it('should make the MA crossover buy on an upward cross and sell the position on a downward one', () => {
    const prices = ['10', '10', '10', '9', '8', '12', '14', '9', '5']
    const got = drive(maCrossover, { fast: 1, slow: 3, amount: '2' }, prices, () => dec('2'))
    expect(got.findIndex((x) => x.length > 0)).toBe(5)
    expect(got[5]).toEqual(['buy 2'])
    expect(got[7]).toEqual(['sell 2'])
    expect(got.flat()).toHaveLength(2)
  })

  it('should reject invalid configs with paths under config.', () => {
    const err = (s: Strategy<unknown, unknown>, raw: unknown) => {
      try {
        s.parseConfig(raw)
      } catch (e) {
        return (e as InvalidStrategyConfig).errors.map((x) => x.path)
      }
      return []
    }
    expect(err(dca as never, { quoteAmount: '-5' })).toEqual(['config.quoteAmount'])
    expect(
      err(grid as never, { lower: '200', upper: '100', levels: 5, amountPerLevel: '1' })
    ).toEqual(['config.upper'])
    expect(err(maCrossover as never, { fast: 5, slow: 3, amount: '1' })).toEqual(['config.slow'])
    expect(err(dca as never, { quoteAmount: '5', extra: 1 })).toEqual(['config.extra'])
  })
})
