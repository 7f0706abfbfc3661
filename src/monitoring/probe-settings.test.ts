import { describe, expect, it } from 'vitest'
import { loadSettings, SettingsError } from '../config/settings.ts'

describe('exchange probe settings', () => {
  it('should probe nothing by default, every 60 s, keeping 7 days', () => {
    expect(loadSettings({}).exchangeProbes).toEqual({
      targets: [],
      intervalSeconds: 60,
      retentionHours: 168,
    })
  })

  it('should read exchanges with optional symbols, once each', () => {
    const s = loadSettings({
      EXCHANGE_PROBE_EXCHANGES: 'binance, kraken:ETH/USD,binance:ETH/USDT',
      EXCHANGE_PROBE_INTERVAL_SECONDS: '30',
      EXCHANGE_PROBE_RETENTION_HOURS: '48',
    })
    expect(s.exchangeProbes).toEqual({
      targets: [
        { exchange: 'binance', symbol: null },
        { exchange: 'kraken', symbol: 'ETH/USD' },
      ],
      intervalSeconds: 30,
      retentionHours: 48,
    })
  })

  it('should refuse unknown exchanges, bad symbols and out-of-range numbers, naming the setting', () => {
    for (const env of [
      { EXCHANGE_PROBE_EXCHANGES: 'bitmex' },
      { EXCHANGE_PROBE_EXCHANGES: 'binance:btcusdt' },
      { EXCHANGE_PROBE_EXCHANGES: 'sim' },
      { EXCHANGE_PROBE_INTERVAL_SECONDS: '1' },
      { EXCHANGE_PROBE_RETENTION_HOURS: '0' },
    ]) {
      let error: unknown
      try {
        loadSettings(env)
      } catch (e) {
        error = e
      }
      expect(error, JSON.stringify(env)).toBeInstanceOf(SettingsError)
      expect((error as SettingsError).violations.map((v) => v.setting)).toEqual(Object.keys(env))
    }
  })
})
