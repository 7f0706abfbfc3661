import { describe, expect, it } from 'vitest'
import { withDedupKeys } from './content-hash.ts'
import { parseFillsJson } from './fill-json.ts'

const row = {
  ts: '2024-05-01T10:00:00Z',
  symbol: 'BTC/USDT',
  side: 'buy',
  amount: '0.5',
  price: '60000',
  fee: '0.1',
  feeCurrency: 'USDT',
}

describe('withDedupKeys', () => {
  it('should give equal content the same key however its decimals and timestamp are written', async () => {
    const [a] = await withDedupKeys(parseFillsJson([row]))
    const [b] = await withDedupKeys(
      parseFillsJson([
        { ...row, amount: '0.50', price: '60000.000', ts: '2024-05-01T12:00:00.000+02:00' },
      ])
    )
    expect(a!.dedupKey).toMatch(/^hash:[0-9a-f]{64}$/)
    expect(b!.dedupKey).toBe(a!.dedupKey)
  })

  it('should keep identical rows of one import apart and stable across re-imports', async () => {
    const first = await withDedupKeys(parseFillsJson([row, row, { ...row, side: 'sell' }]))
    expect(new Set(first.map((f) => f.dedupKey)).size).toBe(3)
    const again = await withDedupKeys(parseFillsJson([row, row, { ...row, side: 'sell' }]))
    expect(again.map((f) => f.dedupKey)).toEqual(first.map((f) => f.dedupKey))
  })

  it('should key fills with a trade id by that id', async () => {
    const [f] = await withDedupKeys(parseFillsJson([{ ...row, tradeId: 'T-1' }]))
    expect(f!.dedupKey).toBe('trade:T-1')
  })
})
