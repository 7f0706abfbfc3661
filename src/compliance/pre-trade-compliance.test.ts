import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../db/execute.ts'
import { createUsersRepository } from '../auth/users.repository.ts'
import { createLogger } from '../lib/logger.ts'
import { dec } from '../lib/money.ts'
import { uuidv7 } from '../lib/ids.ts'
import { createServices } from '../services.ts'
import { testSettings } from '../../test/support/app.ts'
import { kycBody, setupCompliance, type ComplianceHarness } from '../../test/support/compliance.ts'
import { createPostgresTestDatabase } from '../../test/support/db.ts'
import { fastTestHasher } from '../../test/support/hasher.ts'
import { createPreTradeCompliance, type PreTradeCheckInput } from './pre-trade-compliance.ts'
import { allowsOrder } from './pre-trade.ts'

let h: ComplianceHarness
let officerId: string
beforeAll(async () => {
  h = await setupCompliance()
  await h.importTestList()
  officerId = (await h.officer()).id
})
afterAll(() => h?.close())

const HOUR = 3_600_000
const users = () => createUsersRepository(h.database.db)

async function newUser(): Promise<string> {
  const row = await users().insert({
    email: `t-${crypto.randomUUID().slice(0, 12)}@example.com`,
    passwordHash: 'unused',
  })
  return row!.id
}

const actor = (userId: string, role: 'user' | 'compliance_officer' = 'user') =>
  h.actorOf({ id: userId } as never, role)

async function approve(userId: string): Promise<void> {
  await h.compliance.kyc.submit(actor(userId), kycBody())
  await h.compliance.kyc.decide(actor(officerId, 'compliance_officer'), userId, {
    decision: 'approved',
    reason: 'documents verified',
  })
}

/** An order in USD (rate 1), `usd` its value, placed `minutesFromNow` after the harness clock. */
function usdOrder(userId: string, usd: string, minutesFromNow = 0): PreTradeCheckInput {
  return {
    userId,
    orderId: uuidv7(),
    mode: 'paper',
    venue: 'sim',
    symbol: 'X/USD',
    side: 'buy',
    amount: dec('1'),
    price: dec(usd),
    quoteCurrency: 'USD',
    now: new Date(h.clock.now().getTime() + minutesFromNow * 60_000),
  }
}

/** Earlier orders, written through the order-history interface the check reads. */
async function history(userId: string, orders: [usd: string, minutesAgo: number][]) {
  const ids: string[] = []
  for (const [usd, minutesAgo] of orders) {
    const orderId = uuidv7()
    ids.push(orderId)
    await h.compliance.orderValues.record({
      orderId,
      userId,
      usd: dec(usd),
      venue: 'sim',
      symbol: 'X/USD',
      mode: 'paper',
      quoteCurrency: 'USD',
      usdRate: dec('1'),
      at: new Date(h.clock.now().getTime() - minutesAgo * 60_000),
    })
  }
  return ids
}

type StoredAlert = {
  id: string
  rule_id: string
  severity: string
  inputs: Record<string, unknown>
  thresholds: Record<string, { value: unknown; source: string }>
  score: number
  order_ids: string[]
  decision: string
  status: string
  case_id: string | null
}

const storedAlerts = (userId: string) =>
  rowsOf<StoredAlert>(
    h.database.db,
    sql`select a.id, a.rule_id, a.severity, a.inputs, a.thresholds, a.score, a.order_ids, a.decision,
               a.status, i.case_id
          from compliance_alerts a left join case_items i on i.alert_id = a.id
         where a.user_id = ${userId} order by a.created_at, a.rule_id`
  )

describe('PreTradeCompliance on PostgreSQL', () => {
  it('should block a $12,000 paper order before KYC approval and allow it after', async () => {
    const report = await h.compliance.markRecorder!.recordOnce()
    expect(report.failed).toEqual([])
    expect(report.recorded.map((r) => r.currency)).toEqual(['USDT', 'USDC', 'BTC', 'ETH'])
    const userId = await newUser()
    const order = (): PreTradeCheckInput => ({
      userId,
      orderId: uuidv7(),
      mode: 'paper',
      venue: 'sim',
      symbol: 'BTC/USDT',
      side: 'buy',
      amount: dec('0.2'),
      price: dec('60000'),
      quoteCurrency: 'USDT',
      now: h.clock.now(),
    })
    const before = await h.compliance.preTrade.check(order())
    expect(before.decision).toBe('requires_kyc')
    expect(before.reasons.map((r) => r.code)).toEqual(['kyc-required'])
    // Valued through the recorded USDT mark, not assumed to be 1.
    const usdt = (await h.compliance.marks.rate('USDT', h.clock.now()))!.rate
    expect(dec(before.orderUsd!).eq(dec('12000').times(usdt))).toBe(true)

    await h.compliance.kyc.submit(actor(userId), kycBody())
    const pending = await h.compliance.preTrade.check(order())
    expect(pending.decision).toBe('requires_kyc')

    await h.compliance.kyc.decide(actor(officerId, 'compliance_officer'), userId, {
      decision: 'approved',
      reason: 'documents verified',
    })
    const after = await h.compliance.preTrade.check(order())
    expect(allowsOrder(after.decision)).toBe(true)
    expect(after.reasons.map((r) => r.code)).not.toContain('kyc-required')
  })

  it('should raise a structuring alert from consecutive orders and file it in a case for officers', async () => {
    const userId = await newUser()
    const results = []
    for (const minutes of [0, 10, 20]) {
      results.push(await h.compliance.preTrade.check(usdOrder(userId, '4000', minutes)))
    }
    expect(results.map((r) => r.decision)).toEqual(['approved', 'approved', 'review'])
    const third = results[2]!
    expect(third.reasons).toEqual([
      expect.objectContaining({ code: 'monitoring-alert', ruleId: 'structuring' }),
    ])
    const [alert] = await storedAlerts(userId)
    expect(alert).toMatchObject({
      rule_id: 'structuring',
      severity: 'suspicious',
      decision: 'review',
      status: 'open',
      case_id: third.caseId,
    })
    expect(alert!.order_ids).toHaveLength(3)
    expect(alert!.inputs).toMatchObject({ windowUsd: '12000', orders: 3 })
    expect(alert!.thresholds.structuringTotalUsd).toMatchObject({ value: '10000' })
    expect(alert!.thresholds.structuringTotalUsd!.source).toContain('DESIGN.md')

    const kase = await h.compliance.cases.get(actor(officerId, 'compliance_officer'), third.caseId!)
    expect(kase).toMatchObject({ origin: 'monitoring', status: 'open', subjectUserId: userId })
    expect(kase.items.map((i) => i.alert?.ruleId)).toEqual(['structuring'])
  })

  describe('each monitoring rule stores its alert through the gate', () => {
    const cases: {
      rule: string
      order: string
      earlier: [string, number][]
      severity: string
    }[] = [
      { rule: 'large-transaction', order: '50000', earlier: [], severity: 'review' },
      {
        rule: 'rolling-hour-volume',
        order: '20000',
        earlier: [
          ['60000', 50],
          ['30000', 20],
        ],
        severity: 'suspicious',
      },
      {
        rule: 'structuring',
        order: '3000',
        earlier: [
          ['4000', 600],
          ['3500', 60],
        ],
        severity: 'suspicious',
      },
      { rule: 'just-under-threshold', order: '9500', earlier: [], severity: 'review' },
      {
        rule: 'velocity',
        order: '15',
        earlier: Array.from({ length: 30 }, (_, i): [string, number] => ['10', 55 - i]),
        severity: 'review',
      },
      { rule: 'round-amount', order: '6000', earlier: [], severity: 'review' },
    ]
    for (const c of cases) {
      it(`should store a ${c.rule} alert with inputs, sourced thresholds, score and order ids`, async () => {
        const userId = await newUser()
        await approve(userId)
        const earlierIds = await history(userId, c.earlier)
        const order = usdOrder(userId, c.order)
        const result = await h.compliance.preTrade.check(order)
        expect(result.decision).toBe('review')
        const stored = (await storedAlerts(userId)).find((a) => a.rule_id === c.rule)
        expect(
          stored,
          `no ${c.rule} alert among ${result.reasons.map((r) => r.ruleId)}`
        ).toBeDefined()
        expect(stored!.severity).toBe(c.severity)
        expect(stored!.order_ids).toContain(order.orderId)
        for (const id of stored!.order_ids) expect([order.orderId, ...earlierIds]).toContain(id)
        expect(stored!.score).toBeGreaterThanOrEqual(0.5)
        expect(stored!.score).toBeLessThanOrEqual(1)
        expect(Object.keys(stored!.inputs).length).toBeGreaterThan(0)
        for (const t of Object.values(stored!.thresholds))
          expect(t.source.length).toBeGreaterThan(10)
        expect(stored!.case_id).toBe(result.caseId)
        expect(result.alertIds).toContain(stored!.id)
      })
    }
  })

  it('should block orders taking the UTC day above $50,000 without KYC, counting only today', async () => {
    const userId = await newUser()
    // 12:00 UTC now: 11 h ago is today, 13 h ago was yesterday.
    await history(userId, [
      ['9000', 660],
      ['9000', 600],
      ['9000', 500],
      ['9000', 400],
      ['9000', 300],
    ])
    const exact = await h.compliance.preTrade.check(usdOrder(userId, '5000'))
    expect(exact.reasons.map((r) => r.code)).not.toContain('daily-limit-without-kyc')
    const over = await h.compliance.preTrade.check(usdOrder(userId, '1000'))
    expect(over.decision).toBe('blocked')
    expect(over.reasons.map((r) => r.code)).toContain('daily-limit-without-kyc')

    const other = await newUser()
    await history(other, [
      ['9500', 13 * 60],
      ['9500', 14 * 60],
      ['9500', 15 * 60],
      ['9500', 16 * 60],
      ['9500', 17 * 60],
    ])
    const next = await h.compliance.preTrade.check(usdOrder(other, '8000'))
    expect(next.reasons.map((r) => r.code)).not.toContain('daily-limit-without-kyc')
  })

  it('should block, never value at 0, an order without a fresh USD mark or a price', async () => {
    const userId = await newUser()
    const noMark = await h.compliance.preTrade.check({
      ...usdOrder(userId, '100'),
      quoteCurrency: 'DAI',
    })
    expect(noMark).toMatchObject({ decision: 'blocked', orderUsd: null })
    expect(noMark.reasons[0]!.code).toBe('order-value-unknown')
    expect(noMark.reasons[0]!.message).toContain('no USD mark for DAI')

    await h.compliance.marks.record({
      currency: 'EURC',
      usdPrice: dec('1.08'),
      venue: 'sim',
      symbol: 'EURC/USD',
      synthetic: true,
      observedAt: new Date(h.clock.now().getTime() - 901_000),
      recordedAt: h.clock.now(),
    })
    const stale = await h.compliance.preTrade.check({
      ...usdOrder(userId, '100'),
      quoteCurrency: 'EURC',
    })
    expect(stale.decision).toBe('blocked')
    expect(stale.reasons[0]!.message).toContain('within 900 s')

    const noPrice = await h.compliance.preTrade.check({ ...usdOrder(userId, '100'), price: null })
    expect(noPrice.decision).toBe('blocked')
    expect(noPrice.reasons[0]!.message).toContain('no price')
    expect(await storedAlerts(userId)).toEqual([])
  })

  it("should write alerts and the order's value in the order's transaction, or not at all", async () => {
    const userId = await newUser()
    await approve(userId)
    const order = usdOrder(userId, '51500')
    let inside: Awaited<ReturnType<typeof h.compliance.preTrade.check>> | undefined
    const refused = new Error('the order path refused the order after the check')
    const outcome = await h.database.db
      .transaction(async (tx) => {
        inside = await h.compliance.preTrade.check(order, tx)
        throw refused
      })
      .catch((err: unknown) => err)
    expect(outcome).toBe(refused)
    expect(inside!.alertIds).toHaveLength(1)
    expect(await storedAlerts(userId)).toEqual([])
    expect(await h.compliance.orderValues.ordersSince(userId, new Date(0))).toEqual([])

    await h.database.db.transaction((tx) => h.compliance.preTrade.check(order, tx))
    expect((await storedAlerts(userId)).map((a) => a.rule_id)).toEqual(['large-transaction'])
    const values = await h.compliance.orderValues.ordersSince(userId, new Date(0))
    expect(values.map((v) => [v.id, v.usd.toFixed()])).toEqual([[order.orderId, '51500']])
  })

  it('should fail closed when reading history throws', async () => {
    const logs: string[] = []
    const preTrade = createPreTradeCompliance({
      db: h.database.db,
      config: h.compliance.config,
      marks: h.compliance.marks,
      kyc: h.compliance.kycRepo,
      history: { ordersSince: () => Promise.reject(new Error('connection reset')) },
      values: h.compliance.orderValues,
      intake: h.compliance.intake,
      logger: createLogger({ level: 'debug', sink: (l) => logs.push(l) }),
    })
    const r = await preTrade.check(usdOrder(await newUser(), '100'))
    expect(r).toMatchObject({ decision: 'blocked', reasons: [{ code: 'compliance-check-failed' }] })
    expect(logs.join('\n')).toContain('compliance gate failed')
  })

  it('should fail closed when the database itself is gone', async () => {
    const dead = await createPostgresTestDatabase({ max: 1 })
    const settings = testSettings()
    const logger = createLogger({ level: 'error', sink: () => {} })
    const services = createServices(
      { settings, database: dead, logger, clock: h.clock },
      { passwordHasher: fastTestHasher() }
    )
    await dead.close()
    for (const quote of ['USD', 'USDT']) {
      const r = await services.compliance.preTrade.check({
        ...usdOrder(crypto.randomUUID(), '100'),
        quoteCurrency: quote,
      })
      expect(r.decision).toBe('blocked')
      expect(r.reasons.map((x) => x.code)).toEqual(['compliance-check-failed'])
    }
  })
})
