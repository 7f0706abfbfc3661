/**
 * Test helper for the analytics read side: stores fills in the `fills` table (venue `imported`,
 * no order) and brings the analytics tables up to date with the real store (`applyFills`, as the
 * fills import does), plus the golden datasets and their tolerant comparison.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { FillInput } from '../../src/analytics/fifo.ts'
import { createAnalyticsStore } from '../../src/analytics/store/fill-listener.ts'
import type { Database } from '../../src/db/types.ts'
import { uuidv7 } from '../../src/lib/ids.ts'
import { toDb, dec } from '../../src/lib/money.ts'
import { lockUser } from '../../src/trading/fill-recorder.ts'
import { fills } from '../../src/trading/trading.schema.ts'
import { afterAll, beforeAll, expect } from 'vitest'
import { createPostgresTestDatabase, type TestDatabase } from './db.ts'
import { tradingApp } from './trading.ts'

const store = createAnalyticsStore()

export interface SeedFill {
  id?: string
  ts: string | Date
  symbol: string
  side: 'buy' | 'sell'
  amount: string
  price: string
  fee: string
  feeCurrency: string
  feeQuote?: string | null
}

export interface SeedOptions {
  mode?: 'paper' | 'live'
  venue?: string
  botId?: string | null
}

/** Stores the fills and their analytics rows; returns the fill uuid of every input id (or index). */
export async function seedFills(
  database: Database,
  userId: string,
  input: readonly SeedFill[],
  opts: SeedOptions = {}
): Promise<Map<string, string>> {
  const mode = opts.mode ?? 'live'
  const venue = opts.venue ?? 'imported'
  const botId = opts.botId ?? null
  const ids = new Map<string, string>()
  const rows = input
    .map((f, i) => ({ f, ts: new Date(f.ts), key: f.id ?? String(i) }))
    .sort((a, b) => a.ts.getTime() - b.ts.getTime())
  // Time-ordered uuids, so `order by ts, id` keeps the input order for equal times.
  const uuids = rows.map((r) => uuidv7(r.ts.getTime())).sort()
  const fifo: FillInput[] = rows.map((r, i) => {
    ids.set(r.key, uuids[i]!)
    return {
      id: uuids[i]!,
      ts: r.ts,
      symbol: r.f.symbol,
      side: r.f.side,
      amount: r.f.amount,
      price: r.f.price,
      fee: r.f.fee,
      feeCurrency: r.f.feeCurrency,
      feeQuote: r.f.feeQuote ?? null,
    }
  })
  if (fifo.length === 0) return ids
  const stored = fifo.map((f, i) => ({
    id: f.id,
    userId,
    orderId: null,
    botId,
    mode,
    venue,
    symbol: f.symbol,
    side: f.side,
    tradeId: `seed-${rows[i]!.key}-${f.id}`,
    price: String(f.price),
    amount: String(f.amount),
    cost: toDb(dec(String(f.price)).times(dec(String(f.amount)))),
    fee: String(f.fee),
    feeCurrency: f.feeCurrency,
    feeQuote: f.feeQuote == null ? null : String(f.feeQuote),
    realizedPnl: '0',
    ts: f.ts,
  }))
  // As the import route does: under the user's lock, fills and their analytics in one transaction.
  await database.db.transaction(async (tx) => {
    await lockUser(tx, userId)
    await tx.insert(fills).values(stored)
    await store.applyFills(tx, stored)
  })
  return ids
}

export interface GoldenDataset {
  name: string
  startingCapital?: string
  window?: number
  prices?: Record<string, string>
  fills: Array<SeedFill & { id: string; ts: string }>
}

const GOLDEN = join(import.meta.dirname, '../../src/analytics/golden')

/** Every golden dataset with its expected values (src/analytics/golden, derived by derive.py). */
export function goldenDatasets(): Array<{ file: string; dataset: GoldenDataset; expected: Record<string, unknown> }> {
  return readdirSync(join(GOLDEN, 'datasets'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      dataset: JSON.parse(readFileSync(join(GOLDEN, 'datasets', file), 'utf8')),
      expected: JSON.parse(readFileSync(join(GOLDEN, 'expected', file), 'utf8')),
    }))
}

/** Money strings and counts exactly; ratios (JSON numbers) within 1e-9 relative; same keys. */
export function closeMismatches(actual: unknown, expected: unknown, path = ''): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tol = 1e-9 * Math.max(Math.abs(expected), Math.abs(actual))
    return Math.abs(actual - expected) <= tol ? [] : [`${path}: ${actual} vs ${expected}`]
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: not an array`]
    if (actual.length !== expected.length) return [`${path}.length: ${actual.length} vs ${expected.length}`]
    return expected.flatMap((e, i) => closeMismatches(actual[i], e, `${path}[${i}]`))
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return [`${path}: not an object`]
    const a = actual as Record<string, unknown>
    const keys = [...new Set([...Object.keys(a), ...Object.keys(expected)])]
    return keys.flatMap((k) =>
      k in expected
        ? k in a
          ? closeMismatches(a[k], (expected as Record<string, unknown>)[k], `${path}.${k}`)
          : [`${path}.${k}: missing`]
        : [`${path}.${k}: unexpected`]
    )
  }
  return Object.is(actual, expected) ? [] : [`${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`]
}

/**
 * Call inside a `describe`: a per-file PostgreSQL database with the trading app on it, and `get`,
 * which asserts 200 and returns the JSON body.
 */
export function analyticsHarness() {
  const h = {} as { database: TestDatabase; t: ReturnType<typeof tradingApp> }
  beforeAll(async () => {
    h.database = await createPostgresTestDatabase()
    h.t = tradingApp({ database: h.database })
  })
  afterAll(() => h.database.close())
  const get = async (user: string, path: string) => {
    const res = await h.t.call(user, 'GET', path)
    const body = await res.json()
    expect(res.status, `${path}: ${JSON.stringify(body)}`).toBe(200)
    return body
  }
  return Object.assign(h, { get })
}
