/**
 * @module Recomputes the analytics tables from the fills table: after a migration that added them
 * to a database with fills, after a change to the definitions, or to check that the incremental
 * path and a replay agree. One transaction per user, under the user's advisory lock, so orders
 * placed meanwhile wait instead of interleaving.
 */
import { eq } from 'drizzle-orm'
import type { Db } from '../../db/types.ts'
import { lockUser } from '../../trading/fill-recorder.ts'
import { fills } from '../../trading/trading.schema.ts'
import { analyticsBooks } from '../analytics.schema.ts'
import type { AnalyticsStore, BookKey } from './fill-listener.ts'

export interface RebuildReport {
  users: number
  books: number
  fills: number
  trades: number
}

export async function rebuildAnalytics(
  db: Db,
  store: AnalyticsStore,
  opts: { userId?: string } = {}
): Promise<RebuildReport> {
  const userIds = opts.userId
    ? [opts.userId]
    : (await db.selectDistinct({ userId: fills.userId }).from(fills)).map((r) => r.userId)
  const report: RebuildReport = { users: 0, books: 0, fills: 0, trades: 0 }
  for (const userId of userIds) {
    await db.transaction(async (tx) => {
      await lockUser(tx, userId)
      // Books whose fills are gone go too (their trades and rollups cascade).
      await tx.delete(analyticsBooks).where(eq(analyticsBooks.userId, userId))
      const keys: BookKey[] = await tx
        .selectDistinct({
          userId: fills.userId,
          mode: fills.mode,
          venue: fills.venue,
          botId: fills.botId,
          symbol: fills.symbol,
        })
        .from(fills)
        .where(eq(fills.userId, userId))
      for (const key of keys) {
        const r = await store.rebuildBook(tx, key)
        report.books++
        report.fills += r.fills
        report.trades += r.trades
      }
    })
    report.users++
  }
  return report
}
