import { describe, expect, it } from 'vitest'
import { input, order } from '../../../test/support/orders.ts'
import { defaultComplianceConfig as config } from '../config.ts'
import { monitoringRules, runMonitoringRules } from './index.ts'

describe('runMonitoringRules', () => {
  it('should return no alert for an ordinary order', () => {
    expect(
      runMonitoringRules(input(order('a', '120.5', -30), order('b', '730.12')), config)
    ).toEqual([])
  })

  it('should list suspicious alerts first, then by score', () => {
    const alerts = runMonitoringRules(
      input(order('a', '3000', -600), order('b', '3000', -300), order('c', '9500')),
      config
    )
    expect(alerts.map((a) => a.ruleId)).toEqual(['structuring', 'just-under-threshold'])
  })

  it('should register every rule once with an id and a description', () => {
    const ids = monitoringRules.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual([
      'large-transaction',
      'rolling-hour-volume',
      'structuring',
      'just-under-threshold',
      'velocity',
      'round-amount',
    ])
    for (const r of monitoringRules) expect(r.description.length).toBeGreaterThan(20)
  })
})
