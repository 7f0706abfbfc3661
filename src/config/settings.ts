/**
 * @module Settings: every environment variable the platform reads, validated once with valibot.
 *
 * `loadSettings(env)` takes a plain record (process.env, Deno.env.toObject() or Worker bindings), so
 * runtime entries are the only places that touch runtime globals. Invalid settings and, in production,
 * unsafe ones are reported all together — setting name and reason, never the value.
 */
import * as v from 'valibot'
import { EXCHANGE_IDS, isExchangeId, type ExchangeId } from '../exchanges/types.ts'
import { base64ToBytes } from '../lib/crypto.ts'
import { secretWeakness } from './secret-strength.ts'

const bool = (fallback: boolean) =>
  v.pipe(
    v.optional(v.picklist(['true', 'false', '1', '0', 'yes', 'no', '']), ''),
    v.transform((s) => (s === '' ? fallback : s === 'true' || s === '1' || s === 'yes'))
  )

const int = (fallback: number, min: number, max: number) =>
  v.pipe(
    v.optional(v.string(), ''),
    v.transform((s) => (s.trim() === '' ? String(fallback) : s.trim())),
    v.regex(/^\d+$/, 'must be a whole number'),
    v.transform(Number),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`)
  )

const ratio = (fallback: number) =>
  v.pipe(
    v.optional(v.string(), ''),
    v.transform((s) => (s.trim() === '' ? String(fallback) : s.trim())),
    v.regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a number between 0 and 1'),
    v.transform(Number)
  )

const optionalString = v.pipe(
  v.optional(v.string(), ''),
  v.transform((s) => (s.trim() === '' ? undefined : s.trim()))
)

const EnvSchema = v.object({
  NODE_ENV: v.optional(v.picklist(['development', 'test', 'production']), 'development'),
  PRODUCTION_MODE: bool(false),
  ENABLE_MOCK_DATA: v.optional(v.picklist(['true', 'false', '1', '0', '']), ''),
  PORT: int(3000, 0, 65535),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '127.0.0.1'),
  DATABASE_URL: optionalString,
  JWT_SECRET: optionalString,
  JWT_PREVIOUS_SECRETS: optionalString,
  JWT_PRIVATE_KEY: optionalString,
  JWT_ISSUER: v.optional(v.string(), 'tradeworks'),
  JWT_AUDIENCE: v.optional(v.string(), 'tradeworks-api'),
  EXCHANGE_KEY_ENCRYPTION_KEY: optionalString,
  EXCHANGE_KEY_PREVIOUS_KEYS: optionalString,
  CORS_ORIGINS: optionalString,
  TRADING_MODE: v.optional(v.picklist(['paper', 'live']), 'paper'),
  LOG_LEVEL: v.optional(v.picklist(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString,
  OTEL_SERVICE_NAME: v.optional(v.string(), 'tradeworks-api'),
  REDIS_URL: optionalString,
  TRUST_PROXY: bool(false),
  BODY_LIMIT_BYTES: int(1_048_576, 1024, 50 * 1_048_576),
  AUTO_MIGRATE: v.optional(v.picklist(['true', 'false', '1', '0', '']), ''),
  SCHEDULER_ENABLED: bool(true),
  RECONCILE_INTERVAL_SECONDS: int(30, 1, 86_400),
  RECONCILE_MAX_AGE_SECONDS: int(300, 10, 86_400 * 7),
  BOT_TICK_SECONDS: int(60, 1, 86_400),
  SANCTIONS_MATCH_THRESHOLD: ratio(0.8),
  SANCTIONS_LIST_MAX_AGE_HOURS: int(24 * 7, 1, 24 * 365),
  USD_MARK_VENUE: v.optional(v.picklist(['', 'sim', 'binance', 'coinbase', 'kraken', 'kucoin']), ''),
  USD_MARK_SYMBOLS: v.pipe(
    v.optional(v.string(), ''),
    v.transform((s) => (s.trim() === '' ? 'USDT/USD,USDC/USD,BTC/USDT,ETH/USDT' : s)),
    v.transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== '')),
    v.check(
      (list) => list.every((x) => /^[A-Z0-9]{2,10}\/[A-Z0-9]{2,10}$/.test(x)),
      'must be a comma-separated list of BASE/QUOTE symbols'
    )
  ),
  USD_MARK_MAX_AGE_SECONDS: int(900, 10, 86_400),
  USD_MARK_INTERVAL_SECONDS: int(60, 5, 86_400),
  METRICS_TOKEN: optionalString,
  EXCHANGE_PROBE_EXCHANGES: optionalString,
  EXCHANGE_PROBE_INTERVAL_SECONDS: int(60, 5, 86_400),
  EXCHANGE_PROBE_RETENTION_HOURS: int(24 * 7, 1, 24 * 90),
})

export type Env = Record<string, string | undefined>

export interface Settings {
  nodeEnv: 'development' | 'test' | 'production'
  production: boolean
  enableMockData: boolean
  port: number
  host: string
  /** `undefined` → embedded PGlite in `./.data`; `memory://` → in-memory PGlite; else postgres URL. */
  databaseUrl: string | undefined
  jwt: {
    secret: string | undefined
    previousSecrets: string[]
    privateKey: string | undefined
    issuer: string
    audience: string
  }
  /** Key-encryption keys: the active one first, then previous ones still accepted for decryption. */
  exchangeKeyEncryptionKeys: Uint8Array[]
  corsOrigins: string[]
  tradingMode: 'paper' | 'live'
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
  otel: { endpoint: string | undefined; serviceName: string }
  redisUrl: string | undefined
  trustProxy: boolean
  bodyLimitBytes: number
  autoMigrate: boolean
  scheduler: {
    enabled: boolean
    reconcileIntervalSeconds: number
    reconcileMaxAgeSeconds: number
    botTickSeconds: number
  }
  sanctions: { matchThreshold: number; listMaxAgeHours: number }
  /**
   * USD marks for valuing orders in compliance checks: read from `venue`'s tickers every
   * `intervalSeconds`; a mark older than `maxAgeSeconds` is not used (the order is blocked).
   */
  usdMarks: {
    venue: 'sim' | 'binance' | 'coinbase' | 'kraken' | 'kucoin'
    symbols: string[]
    maxAgeSeconds: number
    intervalSeconds: number
  }
  metricsToken: string | undefined
  /** Exchange health probes (monitoring); no targets → no probe job. */
  exchangeProbes: {
    targets: ProbeTargetSetting[]
    intervalSeconds: number
    retentionHours: number
  }
}

/** One `EXCHANGE_PROBE_EXCHANGES` entry: `binance` or `binance:ETH/USDT` (null → the default symbol). */
export interface ProbeTargetSetting {
  exchange: ExchangeId
  symbol: string | null
}

export interface Violation {
  setting: string
  reason: string
}

export class SettingsError extends Error {
  override name = 'SettingsError'
  constructor(readonly violations: Violation[]) {
    super(
      `Refusing to start: ${violations.length} setting problem(s):\n` +
        violations.map((x) => `  - ${x.setting}: ${x.reason}`).join('\n')
    )
  }
}

/** Parses and checks settings; throws `SettingsError` listing every problem at once. */
export function loadSettings(env: Env): Settings {
  const parsed = v.safeParse(EnvSchema, pickKnown(env))
  if (!parsed.success) {
    throw new SettingsError(
      parsed.issues.map((i) => ({ setting: v.getDotPath(i) ?? '(unknown)', reason: i.message }))
    )
  }
  const e = parsed.output
  const production = e.PRODUCTION_MODE || e.NODE_ENV === 'production'
  const violations: Violation[] = []

  // Both default to on outside production and off in it; an explicit value always wins.
  const flag = (value: string) => (value === '' ? !production : value === 'true' || value === '1')
  const enableMockData = flag(e.ENABLE_MOCK_DATA)
  const autoMigrate = flag(e.AUTO_MIGRATE)

  const kekList = [e.EXCHANGE_KEY_ENCRYPTION_KEY, ...splitList(e.EXCHANGE_KEY_PREVIOUS_KEYS)]
  const keks: Uint8Array[] = []
  kekList.forEach((k, i) => {
    if (k === undefined) return
    const name = i === 0 ? 'EXCHANGE_KEY_ENCRYPTION_KEY' : 'EXCHANGE_KEY_PREVIOUS_KEYS'
    const bytes = decodeKek(k)
    if (!bytes) violations.push({ setting: name, reason: 'must be exactly 32 bytes encoded as base64' })
    else keks.push(bytes)
  })

  const corsOrigins = splitList(e.CORS_ORIGINS)
  for (const origin of corsOrigins) {
    if (origin === '*' || origin === 'null') continue
    if (!isOrigin(origin)) {
      violations.push({ setting: 'CORS_ORIGINS', reason: 'each entry must be an origin like https://app.example.com' })
      break
    }
  }

  const databaseUrl = e.DATABASE_URL
  if (!production && databaseUrl && !/^(postgres|postgresql):\/\//.test(databaseUrl) && databaseUrl !== 'memory://') {
    violations.push({ setting: 'DATABASE_URL', reason: 'must be a postgres:// or postgresql:// URL (or memory:// in development)' })
  }

  if (e.USD_MARK_VENUE === 'sim' && !enableMockData) {
    violations.push({ setting: 'USD_MARK_VENUE', reason: 'sim is synthetic and needs ENABLE_MOCK_DATA' })
  }
  const probeTargets = parseProbeTargets(e.EXCHANGE_PROBE_EXCHANGES, violations)

  if (production) violations.push(...productionViolations(e, enableMockData, corsOrigins, keks))
  if (violations.length > 0) throw new SettingsError(violations)

  return {
    nodeEnv: e.NODE_ENV,
    production,
    enableMockData,
    port: e.PORT,
    host: e.HOST,
    databaseUrl,
    jwt: {
      secret: e.JWT_SECRET,
      previousSecrets: splitList(e.JWT_PREVIOUS_SECRETS),
      privateKey: e.JWT_PRIVATE_KEY,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
    },
    exchangeKeyEncryptionKeys: keks,
    corsOrigins,
    tradingMode: e.TRADING_MODE,
    logLevel: e.LOG_LEVEL,
    otel: { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME },
    redisUrl: e.REDIS_URL,
    trustProxy: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    autoMigrate,
    scheduler: {
      enabled: e.SCHEDULER_ENABLED,
      reconcileIntervalSeconds: e.RECONCILE_INTERVAL_SECONDS,
      reconcileMaxAgeSeconds: e.RECONCILE_MAX_AGE_SECONDS,
      botTickSeconds: e.BOT_TICK_SECONDS,
    },
    sanctions: {
      matchThreshold: e.SANCTIONS_MATCH_THRESHOLD,
      listMaxAgeHours: e.SANCTIONS_LIST_MAX_AGE_HOURS,
    },
    usdMarks: {
      // The synthetic sim venue only where mock data is on; a real venue's public tickers otherwise.
      venue: e.USD_MARK_VENUE || (enableMockData ? 'sim' : 'kraken'),
      symbols: e.USD_MARK_SYMBOLS,
      maxAgeSeconds: e.USD_MARK_MAX_AGE_SECONDS,
      intervalSeconds: e.USD_MARK_INTERVAL_SECONDS,
    },
    metricsToken: e.METRICS_TOKEN,
    exchangeProbes: {
      targets: probeTargets,
      intervalSeconds: e.EXCHANGE_PROBE_INTERVAL_SECONDS,
      retentionHours: e.EXCHANGE_PROBE_RETENTION_HOURS,
    },
  }
}

function parseProbeTargets(value: string | undefined, violations: Violation[]): ProbeTargetSetting[] {
  const targets: ProbeTargetSetting[] = []
  for (const entry of splitList(value)) {
    const [exchange, symbol, ...rest] = entry.split(':')
    const symbolOk = symbol === undefined || /^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}$/.test(symbol)
    if (!isExchangeId(exchange) || !symbolOk || rest.length > 0) {
      violations.push({
        setting: 'EXCHANGE_PROBE_EXCHANGES',
        reason: `each entry must be an exchange (${EXCHANGE_IDS.join(', ')}), optionally with :BASE/QUOTE`,
      })
      return []
    }
    if (!targets.some((t) => t.exchange === exchange)) targets.push({ exchange, symbol: symbol ?? null })
  }
  return targets
}

type Parsed = v.InferOutput<typeof EnvSchema>

function productionViolations(
  e: Parsed,
  enableMockData: boolean,
  corsOrigins: string[],
  keks: Uint8Array[]
): Violation[] {
  const out: Violation[] = []
  if (enableMockData) {
    out.push({ setting: 'ENABLE_MOCK_DATA', reason: 'must be false in production (it enables the synthetic sim venue and demo seed)' })
  }
  if (!e.JWT_SECRET && !e.JWT_PRIVATE_KEY) {
    out.push({ setting: 'JWT_SECRET', reason: 'is required in production (or set JWT_PRIVATE_KEY)' })
  }
  const secrets: Array<[string, string | undefined]> = [
    ['JWT_SECRET', e.JWT_SECRET],
    ...splitList(e.JWT_PREVIOUS_SECRETS).map((s): [string, string] => ['JWT_PREVIOUS_SECRETS', s]),
    ['METRICS_TOKEN', e.METRICS_TOKEN],
  ]
  for (const [name, value] of secrets) {
    if (value === undefined) continue
    const weakness = secretWeakness(value)
    if (weakness) out.push({ setting: name, reason: weakness })
  }
  if (keks.length === 0 && !e.EXCHANGE_KEY_ENCRYPTION_KEY) {
    out.push({ setting: 'EXCHANGE_KEY_ENCRYPTION_KEY', reason: 'is required in production: 32 random bytes, base64-encoded' })
  }
  if (!e.DATABASE_URL || !/^(postgres|postgresql):\/\//.test(e.DATABASE_URL)) {
    out.push({ setting: 'DATABASE_URL', reason: 'is required in production and must be a postgres:// or postgresql:// URL' })
  }
  if (corsOrigins.length === 0) {
    out.push({ setting: 'CORS_ORIGINS', reason: 'must list the allowed origins in production' })
  } else if (corsOrigins.includes('*')) {
    out.push({ setting: 'CORS_ORIGINS', reason: 'must not be * in production' })
  } else if (corsOrigins.includes('null')) {
    out.push({ setting: 'CORS_ORIGINS', reason: 'must not contain null in production' })
  }
  return out
}

function decodeKek(value: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) && !/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return undefined
  try {
    const bytes = base64ToBytes(value.replace(/-/g, '+').replace(/_/g, '/'))
    return bytes.length === 32 ? bytes : undefined
  } catch {
    return undefined
  }
}

function isOrigin(s: string): boolean {
  try {
    const u = new URL(s)
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s.replace(/\/$/, '')
  } catch {
    return false
  }
}

function splitList(s: string | undefined): string[] {
  return (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0)
}

/** Only the names we own go to the schema, so unrelated env (PATH, HOME…) never shows up in errors. */
function pickKnown(env: Env): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key of Object.keys(EnvSchema.entries)) {
    const value = env[key]
    if (typeof value === 'string') out[key] = value
  }
  return out
}
