/**
 * @module Every table, re-exported for drizzle-kit and the drizzle client. Tables live beside their
 * feature in `<feature>/<feature>.schema.ts`; add one export line per feature.
 */
export * from '../scheduler/scheduler.schema.ts'
export * from '../trading/trading.schema.ts'
export * from '../bots/bots.schema.ts'
