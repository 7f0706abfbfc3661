/**
 * @module Shared shapes of the bot diagnosis checks: results, context and number formatting.
 */
import type { CheckResult, DiagnoseInput, DiagnosisThresholds, Finding } from './bot-analysis.ts'

export type Ctx = DiagnoseInput & { t: DiagnosisThresholds }
export type Values = Finding['values']

export const ok = (id: string, values: Values = {}): CheckResult => ({ id, status: 'ok', values })
export const skip = (id: string, reason: string, values: Values = {}): CheckResult => ({
  id,
  status: 'not-applicable',
  reason,
  values,
})
export const tooLittle = (id: string, reason: string, values: Values = {}): CheckResult => ({
  id,
  status: 'insufficient-data',
  reason,
  values,
})
export const pct = (x: number) => `${(x * 100).toFixed(1)}%`
