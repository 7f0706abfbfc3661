/**
 * @module Reconciliation: the scheduled job that brings every non-terminal order (and every order
 * whose fills are incomplete) in line with its venue. Safe with many instances: orders are
 * claimed with a lease under `FOR UPDATE SKIP LOCKED`, and every write is idempotent (fills by
 * trade id, status only forward).
 *
 * Live orders are looked up by exchange id when known, else by OUR client order id; fills are
 * imported with `orderTrades` while the exchange reports more filled than is stored; positions
 * change in the same transaction (fill recorder). An order the exchange still does not know after
 * `maxNotFound` looks (and at least `pendingGraceSeconds` after it was written) is `rejected` with
 * its evidence. Paper orders that rest are matched against the current book as makers. Pending
 * cancels are re-sent. The job's last success feeds `/health/ready`.
 */
import { eq } from 'drizzle-orm'
import type { Db } from '../db/types.ts'
import { ExchangeNotFoundError } from '../exchanges/errors.ts'
import type { ExchangeId, ExchangeOrder, ExchangeTrade } from '../exchanges/types.ts'
import type { ReadinessCheck } from '../health/health.checks.ts'
import type { Clock } from '../lib/clock.ts'
import { describeError, type Logger } from '../lib/logger.ts'
import { fromDb, sum, ZERO } from '../lib/money.ts'
import type { Job } from '../scheduler/scheduler.ts'
import { jobLeases } from '../scheduler/scheduler.schema.ts'
import type { FillRecorder } from './fill-recorder.ts'
import {
  applyExchangeOrder,
  isTerminal,
  NOT_FOUND_REJECTION,
  storeResponseIfMissing,
} from './order-apply.ts'
import { applyPaperResult, paperFill } from './order-paper.ts'
import { PAPER_BOOK_DEPTH } from './order-prepare.ts'
import type { OrderRow } from './order-view.ts'
import type { OrdersRepository } from './orders.repository.ts'
import type { Venues } from './venues.ts'

export const RECONCILE_JOB = 'orders.reconcile'

export interface ReconcileOptions {
  /** Not-found answers before a never-confirmed order is rejected. */
  maxNotFound?: number
  /** A `pending_submit` order younger than this may still be in its own request. */
  pendingGraceSeconds?: number
  /** How often open orders are polled. */
  openPollSeconds?: number
  batchSize?: number
  leaseSeconds?: number
  intervalSeconds?: number
  /** Readiness fails when active orders exist and no run succeeded for this long. */
  maxAgeSeconds?: number
}

export interface ReconcileDeps {
  db: Db
  clock: Clock
  logger: Logger
  venues: Venues
  repo: OrdersRepository
  recorder: FillRecorder
  cancelNow(row: OrderRow): Promise<OrderRow>
}

export type ReconcileOutcome = 'resolved' | 'open' | 'retry' | 'rejected-not-found'

/**
 * @param [opts.maxNotFound=3]
 * @param [opts.pendingGraceSeconds=30]
 * @param [opts.openPollSeconds=30]
 * @example
 * const rec = createReconciler(deps, { intervalSeconds: settings.scheduler.reconcileIntervalSeconds })
 * services.jobs.push(rec.job); services.readinessChecks.push(rec.readiness)
 */
export function createReconciler(deps: ReconcileDeps, opts: ReconcileOptions = {}) {
  const { db, clock, logger, venues, repo, recorder } = deps
  const {
    maxNotFound = 3,
    pendingGraceSeconds = 30,
    openPollSeconds = 30,
    batchSize = 50,
    leaseSeconds = 120,
    intervalSeconds = 30,
    maxAgeSeconds = 300,
  } = opts
  const applyDeps = { repo, recorder }
  const backoff = (attempts: number) => Math.min(2 ** Math.min(attempts, 8), 300) * 1000

  async function later(
    row: OrderRow,
    evidence: Record<string, unknown>,
    extra: Partial<OrderRow> = {}
  ): Promise<ReconcileOutcome> {
    const now = clock.now()
    await repo.update(db, row.id, {
      reconcileAttempts: row.reconcileAttempts + 1,
      reconcileAfter: new Date(now.getTime() + backoff(row.reconcileAttempts)),
      reconcileLeaseUntil: null,
      evidence: {
        ...(row.evidence as object | null),
        last: { ...evidence, at: now.toISOString() },
      },
      ...extra,
    })
    return 'retry'
  }

  async function notFound(row: OrderRow): Promise<ReconcileOutcome> {
    const now = clock.now()
    const count = row.notFoundCount + 1
    const neverConfirmed = row.status === 'pending_submit' || row.status === 'unknown'
    const oldEnough = now.getTime() - row.createdAt.getTime() >= pendingGraceSeconds * 1000
    if (!neverConfirmed || count < maxNotFound || !oldEnough) {
      return later(row, { lookup: 'not-found', notFoundCount: count }, { notFoundCount: count })
    }
    await db.transaction(async (tx) => {
      const cur = (await repo.findById(tx, row.id, { forUpdate: true }))!
      if (cur.status !== row.status) return
      const evidence = {
        ...(cur.evidence as object | null),
        rejection: {
          reason: NOT_FOUND_REJECTION,
          notFoundCount: count,
          clientOrderId: cur.clientOrderId,
          lastLookupAt: now.toISOString(),
        },
      }
      const updated = await repo.update(tx, cur.id, {
        status: 'rejected',
        rejectReason: NOT_FOUND_REJECTION,
        notFoundCount: count,
        evidence,
        reconcileLeaseUntil: null,
        lastReconciledAt: now,
        updatedAt: now,
      })
      await storeResponseIfMissing(tx, repo, updated)
    })
    return 'rejected-not-found'
  }

  async function reconcilePaper(row: OrderRow): Promise<ReconcileOutcome> {
    const md = venues.marketData(row.venue)
    const book = await md.orderBook(row.symbol, PAPER_BOOK_DEPTH)
    const market = await md.market(row.symbol)
    const now = clock.now()
    const after = await db.transaction(async (tx) => {
      const cur = (await repo.findById(tx, row.id, { forUpdate: true }))!
      if (isTerminal(cur) || cur.cancelRequestedAt) return cur
      const remaining = fromDb(cur.amount)!.minus(fromDb(cur.filled)!)
      const result = paperFill(
        { side: cur.side, type: cur.type, amount: remaining, price: fromDb(cur.price) },
        book,
        market.makerFee
      )
      const updated =
        result.fills.length > 0
          ? await applyPaperResult(tx, applyDeps, cur, result, now, 'maker')
          : cur
      return repo.update(tx, cur.id, {
        reconcileLeaseUntil: null,
        lastReconciledAt: now,
        reconcileAfter: new Date(now.getTime() + openPollSeconds * 1000),
        updatedAt: updated.updatedAt,
      })
    })
    if (after.cancelRequestedAt && !isTerminal(after)) await deps.cancelNow(after)
    return isTerminal(after) ? 'resolved' : 'open'
  }

  async function reconcileLive(row: OrderRow): Promise<ReconcileOutcome> {
    const gw = await venues.liveGateway(row.userId, row.venue as ExchangeId)
    if (!gw) return later(row, { lookup: 'no-exchange-key' })
    const since = new Date(row.createdAt.getTime() - 5 * 60_000)
    let ex: ExchangeOrder
    try {
      ex = row.exchangeOrderId
        ? await gw.fetchOrder(row.symbol, row.exchangeOrderId)
        : await gw.fetchOrderByClientId(row.symbol, row.clientOrderId, { since })
    } catch (err) {
      if (err instanceof ExchangeNotFoundError) return notFound(row)
      return later(row, { lookup: 'error', error: err instanceof Error ? err.name : 'error' })
    }
    let trades: readonly ExchangeTrade[] = ex.trades
    const stored = sum((await repo.fillsOfOrder(db, row.id)).map((f) => fromDb(f.amount)!))
    if ((ex.filled ?? ZERO).gt(stored)) {
      try {
        trades = [...trades, ...(await gw.orderTrades(row.symbol, ex.exchangeOrderId, { since }))]
      } catch (err) {
        logger.warn('fill import failed; will retry', {
          orderId: row.id,
          error: describeError(err),
        })
      }
    }
    const now = clock.now()
    const after = await db.transaction(async (tx) => {
      const cur = (await repo.findById(tx, row.id, { forUpdate: true }))!
      const applied = await applyExchangeOrder(tx, applyDeps, cur, ex, trades, now)
      const done = isTerminal(applied) && !applied.fillsPending
      const updated = await repo.update(tx, cur.id, {
        notFoundCount: 0,
        reconcileAttempts: cur.reconcileAttempts + 1,
        reconcileLeaseUntil: null,
        lastReconciledAt: now,
        reconcileAfter: done
          ? null
          : new Date(
              now.getTime() +
                (applied.fillsPending ? backoff(cur.reconcileAttempts) : openPollSeconds * 1000)
            ),
        cancelRequestedAt: isTerminal(applied) ? null : applied.cancelRequestedAt,
        evidence: {
          ...(cur.evidence as object | null),
          exchange: {
            status: ex.rawStatus,
            filled: ex.filled?.toFixed() ?? null,
            at: now.toISOString(),
          },
        },
      })
      return storeResponseIfMissing(tx, repo, updated)
    })
    if (after.cancelRequestedAt && !isTerminal(after)) await deps.cancelNow(after)
    return isTerminal(after) ? 'resolved' : 'open'
  }

  async function reconcileOne(row: OrderRow): Promise<ReconcileOutcome> {
    try {
      return row.mode === 'paper' ? await reconcilePaper(row) : await reconcileLive(row)
    } catch (err) {
      logger.error('reconciliation of an order failed', {
        orderId: row.id,
        error: describeError(err),
      })
      return later(row, { lookup: 'failed', error: err instanceof Error ? err.name : 'error' })
    }
  }

  /** Claims and reconciles batches until nothing is due; returns the outcomes by order id. */
  async function runOnce(maxBatches = 20): Promise<Map<string, ReconcileOutcome>> {
    const outcomes = new Map<string, ReconcileOutcome>()
    for (let i = 0; i < maxBatches; i++) {
      const claimed = await repo.claimForReconcile(clock.now(), {
        limit: batchSize,
        leaseSeconds,
        pendingGraceSeconds,
      })
      if (claimed.length === 0) break
      for (const row of claimed) outcomes.set(row.id, await reconcileOne(row))
    }
    return outcomes
  }

  const job: Job = {
    name: RECONCILE_JOB,
    intervalSeconds,
    leaseSeconds: Math.max(leaseSeconds, 60),
    run: async () => void (await runOnce()),
  }

  const readiness: ReadinessCheck = {
    name: 'reconciliation',
    async run() {
      const now = clock.now()
      const [lease] = await db
        .select({ at: jobLeases.lastSuccessAt })
        .from(jobLeases)
        .where(eq(jobLeases.name, RECONCILE_JOB))
      const last = lease?.at ?? null
      const oldest = await repo.oldestActive()
      const ageSeconds = last ? Math.round((now.getTime() - last.getTime()) / 1000) : null
      const stale =
        oldest !== null &&
        now.getTime() - oldest.getTime() > maxAgeSeconds * 1000 &&
        (ageSeconds === null || ageSeconds > maxAgeSeconds)
      return {
        status: stale ? 'fail' : 'pass',
        lastSuccessAt: last?.toISOString() ?? null,
        ageSeconds,
        maxAgeSeconds,
        oldestActiveOrderAt: oldest?.toISOString() ?? null,
        ...(stale && {
          detail: 'orders await reconciliation and the job has not succeeded recently',
        }),
      }
    },
  }

  return { runOnce, reconcileOne, job, readiness }
}

export type Reconciler = ReturnType<typeof createReconciler>
