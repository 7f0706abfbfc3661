/**
 * @module Structured logging: one JSON object per line, secrets redacted before anything is written.
 *
 * Every runtime has `console.log`, so the default sink writes there; tests pass their own sink to
 * capture lines. Redaction works on key names (password, token, secret…) and on values that look like
 * credentials (JWTs, bearer tokens, our API keys), at any depth.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
  /** A logger that adds `fields` to every line (e.g. the request id). */
  child(fields: LogFields): Logger
}

const ORDER: Record<LogLevel | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

export const REDACTED = '[REDACTED]'

/** Key names whose values are never logged. */
const SECRET_KEY_RE =
  /pass(word|phrase)?|secret|token|authori[sz]ation|cookie|api[-_]?key|private|credential|signature|otp|totp|recovery|mfa[-_]?code|refresh|session|encryption[-_]?key|kek|dek|iv$|salt|hash$|document[-_]?number|date[-_]?of[-_]?birth|dob$/i

/** Values that are credentials whatever their key: JWTs, bearer headers, our API keys, PEM blocks. */
const SECRET_VALUE_RE =
  /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*|bearer\s+[\w\-.~+/]+=*|\btw_[a-z]+_[\w-]{16,}|-----BEGIN [A-Z ]*PRIVATE KEY-----/gi

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[…]'
  if (typeof value === 'string') return value.replace(SECRET_VALUE_RE, REDACTED)
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1))
  if (value instanceof Error) return describeError(value)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY_RE.test(k) ? REDACTED : redact(v, depth + 1)
    }
    return out
  }
  return value
}

/**
 * What we log of an error: its class, driver code and where it was thrown — never the message or
 * the stack, which can carry SQL, parameter values or secrets.
 */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { name: typeof err }
  const e = err as Error & { code?: unknown; constraint_name?: unknown; constraint?: unknown }
  const where = /\n\s+at (?:.*?\()?(.*?:\d+:\d+)\)?/.exec(err.stack ?? '')?.[1]
  return {
    name: err.name,
    ...(typeof e.code === 'string' && { code: e.code }),
    ...(typeof (e.constraint_name ?? e.constraint) === 'string' && { constraint: e.constraint_name ?? e.constraint }),
    ...(where && { where: where.replace(/^.*?\/(src|node_modules)\//, '$1/') }),
    ...(err.cause !== undefined && { cause: describeError(err.cause) }),
  }
}

export interface LoggerOptions {
  level?: LogLevel | 'silent'
  /** Receives each finished line; defaults to `console.log`. */
  sink?: (line: string) => void
  /** Fields on every line. */
  base?: LogFields
  now?: () => Date
}

/** One instance per logger; a child (one per request) is one object, no closures to build. */
class JsonLogger implements Logger {
  constructor(
    private readonly min: number,
    private readonly sink: (line: string) => void,
    private readonly base: LogFields,
    private readonly now: () => Date
  ) {}

  private write(lvl: LogLevel, msg: string, fields?: LogFields) {
    if (ORDER[lvl] < this.min) return
    const record = redact({ ...this.base, ...fields }) as LogFields
    this.sink(JSON.stringify({ level: lvl, time: this.now().toISOString(), msg: redact(msg), ...record }))
  }

  debug(msg: string, fields?: LogFields) {
    this.write('debug', msg, fields)
  }
  info(msg: string, fields?: LogFields) {
    this.write('info', msg, fields)
  }
  warn(msg: string, fields?: LogFields) {
    this.write('warn', msg, fields)
  }
  error(msg: string, fields?: LogFields) {
    this.write('error', msg, fields)
  }
  child(fields: LogFields): Logger {
    return new JsonLogger(this.min, this.sink, { ...this.base, ...fields }, this.now)
  }
}

export function createLogger({
  level = 'info',
  sink = (line) => console.log(line),
  base = {},
  now = () => new Date(),
}: LoggerOptions = {}): Logger {
  return new JsonLogger(ORDER[level], sink, base, now)
}
