/**
 * @module Risk: per-user limits, the kill switch (per user and global), risk events, and the
 * server-side checks the order path runs inside its transaction.
 *
 * Limits are in the quote currency of each order's market (USDT for BTC/USDT, BTC for ETH/BTC);
 * the daily realized loss sums realized PnL of the UTC day's fills across markets as they are.
 * A user without a row gets DEFAULT_RISK_LIMITS; `null` means no limit.
 */
import { and, eq, inArray } from 'drizzle-orm'
import type { Db, Queryable, Tx } from '../db/types.ts'
import type { Clock } from '../lib/clock.ts'
import { dec, fromDb, toDb, toStr } from '../lib/money.ts'
import { ProblemError } from '../lib/problem.ts'
import type { OrdersRepository } from './orders.repository.ts'
import {
  assertNoKillSwitch,
  assertWithinLimits,
  DEFAULT_RISK_LIMITS,
  type OrderRiskInput,
  type RiskLimits,
} from './risk-checks.ts'

export { DEFAULT_RISK_LIMITS, type OrderRiskInput, type RiskLimits }
import { killSwitches, riskEvents, riskLimits } from './trading.schema.ts'

/** The audit log as the accounts feature provides it (`Services.auditLog`). */
export interface AuditSink {
  append(
    event: {
      actor: string | null
      action: string
      subject?: string | null
      requestId?: string | null
      ip?: string | null
      details?: Record<string, unknown>
    },
    tx?: Tx
  ): Promise<unknown>
}

export interface RiskActor {
  userId: string
  role: string
  requestId?: string
  ip?: string
}

export interface KillSwitchState {
  active: boolean
  reason: string | null
  cancelOpenOrders: boolean
  changedAt: string | null
}

const startOfUtcDay = (d: Date) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))

export function createRiskService(deps: {
  db: Db
  clock: Clock
  orders: OrdersRepository
  audit?: AuditSink
}) {
  const { db, clock, orders, audit } = deps

  async function limitsOf(q: Queryable, userId: string): Promise<RiskLimits> {
    const [row] = await q.select().from(riskLimits).where(eq(riskLimits.userId, userId))
    if (!row) return { ...DEFAULT_RISK_LIMITS }
    const m = (s: string | null) => (s === null ? null : toStr(fromDb(s)!))
    return {
      maxOrderNotional: m(row.maxOrderNotional),
      maxPositionNotional: m(row.maxPositionNotional),
      maxDailyLoss: m(row.maxDailyLoss),
      maxOpenOrders: row.maxOpenOrders,
    }
  }

  async function switches(q: Queryable, userId: string) {
    const rows = await q
      .select()
      .from(killSwitches)
      .where(inArray(killSwitches.id, ['global', `user:${userId}`]))
    const view = (id: string): KillSwitchState => {
      const r = rows.find((x) => x.id === id)
      return {
        active: r?.active ?? false,
        reason: r?.reason ?? null,
        cancelOpenOrders: r?.cancelOpenOrders ?? false,
        changedAt: r?.changedAt.toISOString() ?? null,
      }
    }
    return { user: view(`user:${userId}`), global: view('global') }
  }

  async function record(
    tx: Tx,
    actor: RiskActor,
    userId: string | null,
    type: string,
    details: Record<string, unknown>
  ) {
    await tx.insert(riskEvents).values({ userId, type, actor: actor.userId, details })
    await audit?.append(
      {
        actor: actor.userId,
        action: `risk.${type}`,
        subject: userId ? `user:${userId}` : 'platform',
        requestId: actor.requestId ?? null,
        ip: actor.ip ?? null,
        details,
      },
      tx
    )
  }

  return {
    limits: (userId: string) => limitsOf(db, userId),

    async putLimits(actor: RiskActor, limits: RiskLimits): Promise<RiskLimits> {
      const values = {
        maxOrderNotional:
          limits.maxOrderNotional === null ? null : toDb(dec(limits.maxOrderNotional)),
        maxPositionNotional:
          limits.maxPositionNotional === null ? null : toDb(dec(limits.maxPositionNotional)),
        maxDailyLoss: limits.maxDailyLoss === null ? null : toDb(dec(limits.maxDailyLoss)),
        maxOpenOrders: limits.maxOpenOrders,
        updatedBy: actor.userId,
      }
      return db.transaction(async (tx) => {
        const before = await limitsOf(tx, actor.userId)
        await tx
          .insert(riskLimits)
          .values({ userId: actor.userId, ...values })
          .onConflictDoUpdate({ target: riskLimits.userId, set: values })
        const after = await limitsOf(tx, actor.userId)
        await record(tx, actor, actor.userId, 'limits.updated', {
          before: { ...before },
          after: { ...after },
        })
        return after
      })
    },

    killSwitches: (userId: string) => switches(db, userId),

    /** Turns a switch on or off; `global` needs the admin role. Returns the new state. */
    async setKillSwitch(
      actor: RiskActor,
      input: {
        scope: 'user' | 'global'
        active: boolean
        reason?: string
        cancelOpenOrders?: boolean
      }
    ): Promise<KillSwitchState> {
      if (input.scope === 'global' && actor.role !== 'admin') {
        throw new ProblemError({
          status: 403,
          type: 'insufficient-role',
          detail: 'Only an admin can use the global kill switch.',
        })
      }
      const id = input.scope === 'global' ? 'global' : `user:${actor.userId}`
      const values = {
        active: input.active,
        reason: input.reason ?? null,
        cancelOpenOrders: input.active && (input.cancelOpenOrders ?? false),
        changedBy: actor.userId,
        changedAt: clock.now(),
      }
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(killSwitches)
          .values({ id, userId: input.scope === 'global' ? null : actor.userId, ...values })
          .onConflictDoUpdate({ target: killSwitches.id, set: values })
          .returning()
        await record(
          tx,
          actor,
          input.scope === 'global' ? null : actor.userId,
          input.active ? 'kill_switch.activated' : 'kill_switch.released',
          {
            scope: input.scope,
            reason: values.reason,
            cancelOpenOrders: values.cancelOpenOrders,
          }
        )
        return {
          active: row!.active,
          reason: row!.reason,
          cancelOpenOrders: row!.cancelOpenOrders,
          changedAt: row!.changedAt.toISOString(),
        }
      })
    },

    /** Takes the user lock and reads what the checks below need (one round trip). */
    lockAndReadPreTradeState: (tx: Tx, o: OrderRiskInput & { idempotencyKey: string }) =>
      orders.lockAndReadPreTradeState(tx, { ...o, since: o.now }),

    assertNoKillSwitch,
    assertWithinLimits,

    /** `GET /v1/risk/state`: switches, limits and today's usage per mode. */
    async state(userId: string) {
      const now = clock.now()
      const since = startOfUtcDay(now)
      const [limits, ks, paper, live] = await Promise.all([
        limitsOf(db, userId),
        switches(db, userId),
        orders.exposure(db, { userId, mode: 'paper', venue: '', symbol: '', since }),
        orders.exposure(db, { userId, mode: 'live', venue: '', symbol: '', since }),
      ])
      const usage = (x: typeof paper) => ({
        openOrders: x.openOrders,
        realizedPnlToday: toStr(x.realizedSince),
      })
      return {
        killSwitch: ks,
        tradingAllowed: !ks.user.active && !ks.global.active,
        limits,
        usage: { paper: usage(paper), live: usage(live) },
        asOf: now.toISOString(),
      }
    },
  }
}

export type RiskService = ReturnType<typeof createRiskService>
