/**
 * @module Name lexicons shared by rules: what counts as a secret, money, critical data or an
 * auth check when judged from identifiers. Words are matched on identifier word boundaries
 * (`jwtSecret` → jwt, secret), never as substrings, so `secretary` or `priceless` don't match.
 */
import { words } from './ast.ts'

const SECRET_WORDS = new Set([
  'secret',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'token',
  'apikey',
  'credential',
  'credentials',
  'salt',
  'pepper',
])
const SECRET_PAIRS = [
  ['api', 'key'],
  ['private', 'key'],
  ['secret', 'key'],
  ['encryption', 'key'],
  ['signing', 'key'],
  ['access', 'key'],
  ['master', 'key'],
  ['client', 'secret'],
]
/** Suffixes that make a secret-ish name describe something else (a header name, a length, a type). */
const NOT_SECRET_TAIL = new Set([
  'name',
  'names',
  'header',
  'field',
  'type',
  'types',
  'url',
  'uri',
  'path',
  'file',
  'env',
  'var',
  'length',
  'len',
  'size',
  'count',
  'expires',
  'expiry',
  'ttl',
  'id',
  'ids',
  'prefix',
  'regex',
  're',
  'pattern',
  'policy',
  'min',
  'max',
  'hash',
  'hashed',
  'digest',
  'endpoint',
  'kind',
  'label',
  'format',
  'version',
  'lifetime',
  'seconds',
  'ms',
  'at',
  'schema',
  'error',
  'errors',
  'message',
  'index',
  'key',
])

/** Identifier names that hold a secret (`JWT_SECRET`, `apiKey`, `db_password`), not a secret's metadata. */
export function isSecretName(name: string): boolean {
  const w = words(name)
  if (w.length === 0) return false
  const last = w[w.length - 1] ?? ''
  const pairHit = SECRET_PAIRS.some(([a, b]) => w.some((x, i) => x === a && w[i + 1] === b))
  if (pairHit && (last === 'key' || last === 'secret')) return true
  if (NOT_SECRET_TAIL.has(last)) return false
  return w.some((x) => SECRET_WORDS.has(x)) || pairHit
}

/** Defaults shipped in tutorials and templates; any of these in a secret position is a defect. */
export const KNOWN_DEFAULT_SECRETS = new Set([
  'changeme',
  'change-me',
  'change_me',
  'changeit',
  'secret',
  'secretkey',
  'secret-key',
  'secret_key',
  'your-secret-key',
  'your_secret_key',
  'your-secret-key-here',
  'yoursecretkey',
  'mysecret',
  'my-secret',
  'supersecret',
  'super-secret',
  'super_secret',
  'password',
  'passw0rd',
  'password123',
  'admin',
  'admin123',
  'root',
  'toor',
  'default',
  'dev',
  'development',
  'dev-secret',
  'dev_secret',
  'test',
  'testing',
  'letmein',
  'qwerty',
  '123456',
  '12345678',
  'jwt-secret',
  'jwt_secret',
  'jwtsecret',
  'insecure',
  'notsecret',
  'not-a-secret',
  'please-change',
  'replace-me',
  'replaceme',
  'xxx',
  'xxxx',
  'key',
  'encryption-key',
  'default-encryption-key',
  'default-secret',
  'default_secret',
  'postgres',
  'guest',
])

export function isKnownDefaultSecret(value: string): boolean {
  const v = value.trim().toLowerCase()
  if (KNOWN_DEFAULT_SECRETS.has(v)) return true
  // Templates' "CHANGE_ME_IN_PRODUCTION", "your-jwt-secret-change-in-production", "dev-only-secret"
  return /change[-_ ]?(?:me|this|it|in[-_ ]production)|your[-_ ].*(?:secret|key|password)|(?:dev|test|dummy|default|sample|example|demo)[-_](?:.*[-_])?(?:secret|key|password)/.test(
    v
  )
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>()
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  let h = 0
  for (const c of counts.values()) {
    const p = c / s.length
    h -= p * Math.log2(p)
  }
  return h
}

/** A literal that looks like generated key material rather than prose, a path or a name. */
export function looksLikeKeyMaterial(value: string): boolean {
  if (value.length < 16 || /\s/.test(value)) return false
  if (/^[A-Z][A-Z0-9_]*$/.test(value)) return false // an env var name
  if (/^(?:https?|postgres(?:ql)?|mysql|sqlite|redis|file):/i.test(value) || value.includes('/'))
    return false
  return entropy(value) >= 3.5
}

const MONEY_WORDS = new Set([
  'amount',
  'amounts',
  'price',
  'prices',
  'balance',
  'balances',
  'pnl',
  'fee',
  'fees',
  'cost',
  'notional',
  'qty',
  'quantity',
  'equity',
  'profit',
  'loss',
  'proceeds',
  'commission',
  'margin',
  'usd',
  'collateral',
])
/** A money word followed by one of these describes metadata, not the money itself. */
const NOT_MONEY_TAIL = new Set([
  'precision',
  'decimals',
  'digits',
  'currency',
  'currencies',
  'asset',
  'symbol',
  'type',
  'id',
  'ids',
  'index',
  'idx',
  'count',
  'len',
  'length',
  'str',
  'string',
  'text',
  'label',
  'key',
  'keys',
  'field',
  'name',
  'at',
  'time',
  'ts',
  'timestamp',
  'ms',
  'rate',
  'ratio',
  'pct',
  'percent',
  'bps',
  'step',
  'tick',
  'places',
  'scale',
  'level',
  'levels',
  'mode',
  'source',
  'unit',
  'format',
  'dp',
  'filter',
  'min',
  'max',
  'limit',
  'factor',
])

/** Identifier names that carry money or quantities (`price`, `totalFee`, `unrealized_pnl`). */
export function isMoneyName(name: string): boolean {
  const w = words(name)
  const last = w[w.length - 1] ?? ''
  if (NOT_MONEY_TAIL.has(last)) return false
  return w.some((x) => MONEY_WORDS.has(x))
}

/** Words that name critical records (DESIGN §5): these never live in process memory. */
export const CRITICAL_DATA_WORDS = new Set([
  'user',
  'users',
  'account',
  'accounts',
  'apikey',
  'apikeys',
  'order',
  'orders',
  'trade',
  'trades',
  'fill',
  'fills',
  'kyc',
  'signal',
  'signals',
  'subscription',
  'subscriptions',
  'session',
  'sessions',
  'balance',
  'balances',
  'position',
  'positions',
  'bot',
  'bots',
  'wallet',
  'wallets',
  'alert',
  'alerts',
  'case',
  'cases',
  'listing',
  'listings',
  'credential',
  'credentials',
  'token',
  'tokens',
  'portfolio',
  'portfolios',
  'transaction',
  'transactions',
  'payment',
  'payments',
  'customer',
  'customers',
])
