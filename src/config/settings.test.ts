import { describe, expect, it } from 'vitest'
import { loadSettings, SettingsError, type Env } from './settings.ts'
import { secretWeakness } from './secret-strength.ts'

const STRONG = 'q3J9vX2mT8kLp4Wz7Rb1Yc6Nd0Hf5Gs8Aa2Ee9Uu3Ii'
const KEK = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)))

const prodOk: Env = {
  PRODUCTION_MODE: 'true',
  ENABLE_MOCK_DATA: 'false',
  JWT_SECRET: STRONG,
  EXCHANGE_KEY_ENCRYPTION_KEY: KEK,
  DATABASE_URL: 'postgres://app@db.internal:5432/app',
  CORS_ORIGINS: 'https://app.example.com',
}

function violations(env: Env): Array<{ setting: string; reason: string }> {
  try {
    loadSettings(env)
    return []
  } catch (err) {
    if (err instanceof SettingsError) return err.violations
    throw err
  }
}

describe('settings', () => {
  it('should start in development with no env at all, PGlite and the sim venue on', () => {
    const s = loadSettings({})
    expect(s.production).toBe(false)
    expect(s.databaseUrl).toBeUndefined()
    expect(s.enableMockData).toBe(true)
    expect(s.autoMigrate).toBe(true)
    expect(s.port).toBe(3000)
    expect(s.host).toBe('127.0.0.1')
    expect(s.tradingMode).toBe('paper')
  })

  it('should accept a safe production configuration', () => {
    const s = loadSettings(prodOk)
    expect(s.production).toBe(true)
    expect(s.enableMockData).toBe(false)
    expect(s.autoMigrate).toBe(false)
    expect(s.exchangeKeyEncryptionKeys).toHaveLength(1)
    expect(s.corsOrigins).toEqual(['https://app.example.com'])
  })

  it('should treat NODE_ENV=production as production mode', () => {
    expect(violations({ ...prodOk, PRODUCTION_MODE: undefined, NODE_ENV: 'production', ENABLE_MOCK_DATA: 'true' }))
      .toEqual([expect.objectContaining({ setting: 'ENABLE_MOCK_DATA' })])
  })

  it('should report every production violation at once, naming the setting and never the value', () => {
    const env: Env = {
      PRODUCTION_MODE: 'true',
      ENABLE_MOCK_DATA: 'true',
      JWT_SECRET: 'changeme',
      EXCHANGE_KEY_ENCRYPTION_KEY: 'c2hvcnQ=',
      DATABASE_URL: 'sqlite:///app.db',
      CORS_ORIGINS: '*',
    }
    const found = violations(env)
    expect(found.map((x) => x.setting).sort()).toEqual([
      'CORS_ORIGINS',
      'DATABASE_URL',
      'ENABLE_MOCK_DATA',
      'EXCHANGE_KEY_ENCRYPTION_KEY',
      'JWT_SECRET',
    ])
    const text = JSON.stringify(found)
    for (const value of ['changeme', 'c2hvcnQ=', 'sqlite:///app.db']) expect(text).not.toContain(value)
  })

  describe('production rules, one at a time', () => {
    const cases: Array<[string, Env, string]> = [
      ['mock data on', { ENABLE_MOCK_DATA: 'true' }, 'ENABLE_MOCK_DATA'],
      ['JWT secret missing', { JWT_SECRET: undefined }, 'JWT_SECRET'],
      ['JWT secret short', { JWT_SECRET: 'Zx8!kQ2@pL9#' }, 'JWT_SECRET'],
      ['JWT secret low entropy', { JWT_SECRET: 'abababababababababababababababababab' }, 'JWT_SECRET'],
      ['JWT secret default', { JWT_SECRET: 'SuperSecret1!' }, 'JWT_SECRET'],
      ['JWT secret placeholder', { JWT_SECRET: 'please-change-me-in-production-0123456789' }, 'JWT_SECRET'],
      ['JWT secret template', { JWT_SECRET: 'your-secret-key-goes-here-and-is-long-enough' }, 'JWT_SECRET'],
      ['previous JWT secret weak', { JWT_PREVIOUS_SECRETS: 'dev-secret' }, 'JWT_PREVIOUS_SECRETS'],
      ['KEK missing', { EXCHANGE_KEY_ENCRYPTION_KEY: undefined }, 'EXCHANGE_KEY_ENCRYPTION_KEY'],
      ['KEK 16 bytes', { EXCHANGE_KEY_ENCRYPTION_KEY: btoa('0123456789abcdef') }, 'EXCHANGE_KEY_ENCRYPTION_KEY'],
      ['KEK not base64', { EXCHANGE_KEY_ENCRYPTION_KEY: 'not base64 at all!' }, 'EXCHANGE_KEY_ENCRYPTION_KEY'],
      ['DB missing', { DATABASE_URL: undefined }, 'DATABASE_URL'],
      ['DB sqlite', { DATABASE_URL: 'sqlite:///tmp/x.db' }, 'DATABASE_URL'],
      ['DB in-memory', { DATABASE_URL: 'memory://' }, 'DATABASE_URL'],
      ['CORS unset', { CORS_ORIGINS: undefined }, 'CORS_ORIGINS'],
      ['CORS star', { CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
      ['CORS null', { CORS_ORIGINS: 'https://app.example.com,null' }, 'CORS_ORIGINS'],
    ]
    for (const [name, patch, setting] of cases) {
      it(`should refuse: ${name}`, () => {
        const found = violations({ ...prodOk, ...patch })
        expect(found.map((x) => x.setting)).toContain(setting)
      })
    }

    it('should pass each rule when the value is fixed', () => {
      expect(violations(prodOk)).toEqual([])
      expect(violations({ ...prodOk, DATABASE_URL: 'postgresql://u@h/db' })).toEqual([])
      expect(violations({ ...prodOk, CORS_ORIGINS: 'https://a.example.com, https://b.example.com' })).toEqual([])
      expect(violations({ ...prodOk, JWT_SECRET: undefined, JWT_PRIVATE_KEY: '{"kty":"OKP"}' })).toEqual([])
    })
  })

  it('should allow weak values outside production', () => {
    expect(violations({ JWT_SECRET: 'dev', CORS_ORIGINS: '*' })).toEqual([])
  })

  it('should report malformed values in any mode', () => {
    const found = violations({ PORT: 'eighty', LOG_LEVEL: 'loud', TRADING_MODE: 'yolo' })
    expect(found.map((x) => x.setting).sort()).toEqual(['LOG_LEVEL', 'PORT', 'TRADING_MODE'])
  })

  it('should not flag strong random secrets, even when they contain a denylisted word', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
    for (let i = 0; i < 500; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(48))
      const secret = [...bytes].map((b) => alphabet[b % 64]).join('')
      expect(secretWeakness(secret)).toBeUndefined()
      const hex = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('')
      expect(secretWeakness(hex)).toBeUndefined()
    }
    expect(secretWeakness('Qm9secretX7vLp2Rz8Kd4Wc1Nf6Yb3Ht5Gj0Ms9Ae2Uo7')).toBeUndefined()
    expect(secretWeakness('x9adminQ2vLp7Rz8Kd4Wc1Nf6Yb3Ht5Gj0Ms9Ae2Uo7P')).toBeUndefined()
  })

  it('should value orders from sim marks in development and a real venue in production', () => {
    const dev = loadSettings({})
    expect(dev.usdMarks).toEqual({
      venue: 'sim',
      symbols: ['USDT/USD', 'USDC/USD', 'BTC/USDT', 'ETH/USDT'],
      maxAgeSeconds: 900,
      intervalSeconds: 60,
    })
    expect(loadSettings(prodOk).usdMarks.venue).toBe('kraken')
    expect(loadSettings({ USD_MARK_SYMBOLS: 'USDT/USD, DAI/USD' }).usdMarks.symbols).toEqual([
      'USDT/USD',
      'DAI/USD',
    ])
    expect(violations({ ...prodOk, USD_MARK_VENUE: 'sim' }).map((x) => x.setting)).toContain(
      'USD_MARK_VENUE'
    )
    expect(violations({ USD_MARK_SYMBOLS: 'usdt-usd' }).map((x) => x.setting)).toEqual([
      'USD_MARK_SYMBOLS',
    ])
  })
})
