/**
 * @module Market table of the synthetic `sim` venue. These are demo settings for a made-up
 * market, not data about any real one: anchor prices only set the scale the synthetic walk moves
 * around.
 */

export interface SimMarketSpec {
  symbol: string
  base: string
  quote: string
  /** Level the synthetic walk moves around (quote per base). */
  anchorPrice: string
  amountStep: string
  priceStep: string
  minAmount: string
  maxAmount: string
  minNotional: string
  makerFee: string
  takerFee: string
  /** Half the bid-ask spread, in basis points of the mid price. */
  halfSpreadBps: number
  /** Distance between book levels, in basis points. */
  levelGapBps: number
  /** Typical base amount per book level. */
  levelAmount: string
  /**
   * Scale of the synthetic walk (1 = about ±6 % one sigma). Stablecoin pairs use a small one so a
   * USD mark recorded from `sim` stays near 1, as the real pairs do.
   */
  volatility?: number
}

/** A dollar stablecoin against USD: the same tight, deep book for each. */
const stableUsd = (coin: 'USDT' | 'USDC'): SimMarketSpec => ({
  symbol: `${coin}/USD`,
  base: coin,
  quote: 'USD',
  anchorPrice: '1',
  amountStep: '0.01',
  priceStep: '0.0001',
  minAmount: '1',
  maxAmount: '10000000',
  minNotional: '1',
  makerFee: '0.001',
  takerFee: '0.001',
  halfSpreadBps: 1,
  levelGapBps: 1,
  levelAmount: '50000',
  volatility: 0.01,
})

export const SIM_MARKETS: readonly SimMarketSpec[] = [
  {
    symbol: 'BTC/USDT',
    base: 'BTC',
    quote: 'USDT',
    anchorPrice: '60000',
    amountStep: '0.00001',
    priceStep: '0.01',
    minAmount: '0.00001',
    maxAmount: '100',
    minNotional: '5',
    makerFee: '0.001',
    takerFee: '0.001',
    halfSpreadBps: 1,
    levelGapBps: 2,
    levelAmount: '0.5',
  },
  {
    symbol: 'ETH/USDT',
    base: 'ETH',
    quote: 'USDT',
    anchorPrice: '3000',
    amountStep: '0.0001',
    priceStep: '0.01',
    minAmount: '0.0001',
    maxAmount: '5000',
    minNotional: '5',
    makerFee: '0.001',
    takerFee: '0.001',
    halfSpreadBps: 1.5,
    levelGapBps: 2,
    levelAmount: '8',
  },
  {
    symbol: 'SOL/USDT',
    base: 'SOL',
    quote: 'USDT',
    anchorPrice: '150',
    amountStep: '0.001',
    priceStep: '0.01',
    minAmount: '0.001',
    maxAmount: '100000',
    minNotional: '5',
    makerFee: '0.001',
    takerFee: '0.001',
    halfSpreadBps: 3,
    levelGapBps: 4,
    levelAmount: '150',
  },
  {
    symbol: 'ETH/BTC',
    base: 'ETH',
    quote: 'BTC',
    anchorPrice: '0.05',
    amountStep: '0.0001',
    priceStep: '0.00001',
    minAmount: '0.0001',
    maxAmount: '5000',
    minNotional: '0.0001',
    makerFee: '0.001',
    takerFee: '0.001',
    halfSpreadBps: 2,
    levelGapBps: 3,
    levelAmount: '8',
  },
  // Stablecoin/USD pairs exist so compliance can record USD marks for USDT- and USDC-quoted
  // orders in development (src/compliance/usd-marks.ts); the walk is scaled to ±0.06 % one sigma.
  stableUsd('USDT'),
  stableUsd('USDC'),
]
