/**
 * @module Types shared by the AML monitoring rules.
 */
import type { Dec } from '../../lib/money.ts'
import type { ComplianceConfig, Sourced } from '../config.ts'

/** One of the user's orders as monitoring sees it: its USD value at order time. */
export interface OrderValue {
  id: string
  usd: Dec
  at: Date
}

export interface MonitoringInput {
  /** The order being placed. */
  order: OrderValue
  /** The user's earlier orders (at least the last 24 h); the new order must not be in it. */
  history: readonly OrderValue[]
}

export type AlertSeverity = 'review' | 'suspicious'

export interface Alert {
  ruleId: string
  severity: AlertSeverity
  message: string
  /** The figures the rule looked at, money as decimal strings. */
  inputs: Record<string, string | number>
  /** The thresholds applied, each with its value and where the number comes from. */
  thresholds: Record<string, Sourced<string | number>>
  /** How strongly the rule fired, 0–1: 0.5 at the threshold, rising to 1 (see each rule). */
  score: number
  /** Orders that make up the pattern, the new order included. */
  orderIds: string[]
}

export interface MonitoringRule {
  id: string
  description: string
  evaluate(input: MonitoringInput, config: ComplianceConfig): Alert | null
}
