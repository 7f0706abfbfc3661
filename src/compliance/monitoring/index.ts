/**
 * @module AML transaction monitoring: every rule, run over the order being placed.
 */
import type { ComplianceConfig } from '../config.ts'
import { justUnderThreshold } from './rules/just-under-threshold.ts'
import { largeTransaction } from './rules/large-transaction.ts'
import { rollingHourVolume } from './rules/rolling-hour-volume.ts'
import { roundAmount } from './rules/round-amount.ts'
import { structuring } from './rules/structuring.ts'
import { velocity } from './rules/velocity.ts'
import type { Alert, MonitoringInput, MonitoringRule } from './types.ts'

export type { Alert, AlertSeverity, MonitoringInput, MonitoringRule, OrderValue } from './types.ts'

/** All rules, in the order their alerts are listed. */
export const monitoringRules: readonly MonitoringRule[] = Object.freeze([
  largeTransaction,
  rollingHourVolume,
  structuring,
  justUnderThreshold,
  velocity,
  roundAmount,
])

/** Runs the rules; returns their alerts, most severe and strongest first. */
export function runMonitoringRules(
  input: MonitoringInput,
  config: ComplianceConfig,
  rules: readonly MonitoringRule[] = monitoringRules
): Alert[] {
  const alerts = rules.flatMap((r) => r.evaluate(input, config) ?? [])
  const rank = (a: Alert) => (a.severity === 'suspicious' ? 1 : 0)
  return alerts.sort((a, b) => rank(b) - rank(a) || b.score - a.score)
}
