/**
 * @module Every table, re-exported for drizzle-kit and the drizzle client. Tables live beside their
 * feature in `<feature>/<feature>.schema.ts`; add one export line per feature.
 */
export * from '../scheduler/scheduler.schema.ts'
export * from '../auth/auth.schema.ts'
export * from '../api-keys/api-keys.schema.ts'
export * from '../exchange-keys/exchange-keys.schema.ts'
export * from '../http/rate-limit/rate-limit.schema.ts'
export * from '../compliance/audit-log/audit-log.schema.ts'
export * from '../trading/trading.schema.ts'
export * from '../bots/bots.schema.ts'
export * from '../compliance/kyc.schema.ts'
export * from '../compliance/sanctions.schema.ts'
export * from '../compliance/cases.schema.ts'
export * from '../compliance/pre-trade.schema.ts'
export * from '../marketplace/marketplace.schema.ts'
export * from '../monitoring/monitoring.schema.ts'
export * from '../analytics/analytics.schema.ts'
