import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import { order as past } from '../../test/support/orders.ts'
import { T0 } from '../../test/support/orders.ts'
import { fixedClock } from '../lib/clock.ts'
import { dec } from '../lib/money.ts'
import { createComplianceGate } from './compliance-gate.ts'
import type { ComplianceGateDeps, GateOrder, UserComplianceState } from './compliance-gate.ts'
import { defaultComplianceConfig } from './config.ts'
import type { Alert } from './monitoring/types.ts'
import { allowsOrder } from './pre-trade.ts'
import type { PreTradeResult } from './pre-trade.ts'

const unverified: UserComplianceState = {
  kycStatus: 'not_started',
  usdToday: dec('0'),
  recentOrders: [],
}

function setup(over: Partial<ComplianceGateDeps> = {}, state = unverified) {
  const recorded: { order: GateOrder; alerts: Alert[]; result: PreTradeResult }[] = []
  const errors: unknown[] = []
  const gate = createComplianceGate({
    loadState: async () => state,
    recordAlerts: async (order, alerts, result) => void recorded.push({ order, alerts, result }),
    config: defaultComplianceConfig,
    clock: fixedClock(T0),
    onError: (err) => void errors.push(err),
    ...over,
  })
  return { gate, recorded, errors }
}
const order = (usd: string | null): GateOrder => ({
  userId: 'u1',
  orderId: 'new',
  orderUsd: usd === null ? null : dec(usd),
})

describe('createComplianceGate', () => {
  it('should approve a small order and record nothing', async () => {
    const { gate, recorded } = setup()
    expect(await gate.check(order('250'))).toEqual({
      decision: 'approved',
      reasons: [],
      alerts: [],
      checkedAt: new Date(T0),
    })
    expect(recorded).toEqual([])
  })

  it('should refuse a $12,000 order before KYC approval and let it through after', async () => {
    expect((await setup().gate.check(order('12000'))).decision).toBe('requires_kyc')
    const approved = { ...unverified, kycStatus: 'approved' as const }
    const after = await setup({}, approved).gate.check(order('12000'))
    // Placed, with a round-amount alert for an officer ($12,000 is a multiple of $1,000).
    expect(allowsOrder(after.decision)).toBe(true)
    expect(after.alerts.map((a) => a.ruleId)).toEqual(['round-amount'])
    expect((await setup({}, approved).gate.check(order('12345.67'))).decision).toBe('approved')
  })

  it('should run monitoring, record the alert and send the order to review', async () => {
    const state = { ...unverified, recentOrders: [past('a', '6000', -120)] }
    const { gate, recorded } = setup({}, state)
    const result = await gate.check(order('4000'))
    expect(result.decision).toBe('review')
    expect(result.alerts.map((a) => a.ruleId)).toEqual(['structuring'])
    expect(result.alerts[0]?.orderIds).toEqual(['a', 'new'])
    expect(recorded).toHaveLength(1)
    expect(recorded[0]?.result.decision).toBe('review')
  })

  it('should block an order without a USD value', async () => {
    const result = await setup().gate.check(order(null))
    expect(result.decision).toBe('blocked')
    expect(result.reasons.map((r) => r.code)).toEqual(['order-value-unknown'])
  })

  it('should fail closed when loading state throws', async () => {
    const boom = new Error('db down')
    const { gate, errors } = setup({ loadState: async () => Promise.reject(boom) })
    const result = await gate.check(order('10'))
    expect(result).toMatchObject({ decision: 'blocked', alerts: [] })
    expect(result.reasons.map((r) => r.code)).toEqual(['compliance-check-failed'])
    expect(errors).toEqual([boom])
  })

  it('should fail closed when an alert cannot be recorded', async () => {
    const state = { ...unverified, kycStatus: 'approved' as const }
    const { gate } = setup(
      { recordAlerts: async () => Promise.reject(new Error('write failed')) },
      state
    )
    expect((await gate.check(order('60000'))).decision).toBe('blocked')
  })

  it('should fail closed when a rule throws, even if the error logger throws too', async () => {
    const broken = {
      id: 'broken',
      description: 'throws',
      evaluate: () => {
        throw new Error('bug')
      },
    }
    const { gate } = setup({
      rules: [broken],
      onError: () => {
        throw new Error('logger down')
      },
    })
    expect((await gate.check(order('10'))).decision).toBe('blocked')
  })

  it('should fail closed when the check takes longer than the timeout', async () => {
    const { gate, errors } = setup({ loadState: () => new Promise(() => {}), timeoutMs: 20 })
    expect((await gate.check(order('10'))).decision).toBe('blocked')
    expect((errors[0] as Error).name).toBe('ComplianceTimeout')
  })

  it('should record an INTERNAL span with the decision', async () => {
    const exporter = new InMemorySpanExporter()
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    })
    const { gate } = setup({ tracer: provider.getTracer('test') })
    await gate.check(order('12000'))
    const [span] = exporter.getFinishedSpans()
    expect(span?.name).toBe('compliance.check')
    expect(span?.attributes).toEqual({
      'compliance.decision': 'requires_kyc',
      'compliance.alerts': 1,
    })
  })
})
