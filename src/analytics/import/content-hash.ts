/**
 * @module De-duplication keys for imported fills.
 *
 * A fill with an exchange trade id is keyed by it. Without one, the key is the SHA-256 of a
 * canonical form of its content (ISO timestamp in ms, symbol, side, canonical decimals, fee
 * currency) plus its occurrence number among identical rows of the same import: two genuinely
 * identical fills (same second, size and price — common for partial fills of one order) stay
 * two fills, while re-importing the same file, or an overlapping export, yields the same keys.
 */
import { sha256Hex } from '../../lib/crypto.ts'
import type { ImportedFill } from './types.ts'

export function canonicalForm(f: ImportedFill, occurrence: number): string {
  return JSON.stringify([
    'fill/v1',
    f.ts.toISOString(),
    f.symbol,
    f.side,
    f.amount,
    f.price,
    f.fee,
    f.feeCurrency,
    occurrence,
  ])
}

export type KeyedFill = ImportedFill & { dedupKey: string }

/**
 * Adds `dedupKey`: `trade:<tradeId>` or `hash:<sha256 hex>`.
 * @example const keyed = await withDedupKeys(parseFillsJson(body))
 */
export async function withDedupKeys(fills: readonly ImportedFill[]): Promise<KeyedFill[]> {
  const seen = new Map<string, number>()
  return Promise.all(
    fills.map(async (f) => {
      if (f.tradeId !== null) return { ...f, dedupKey: `trade:${f.tradeId}` }
      const base = canonicalForm(f, 0)
      const occurrence = seen.get(base) ?? 0
      seen.set(base, occurrence + 1)
      return { ...f, dedupKey: `hash:${await sha256Hex(canonicalForm(f, occurrence))}` }
    })
  )
}
