/**
 * @module Config parsing shared by the strategies: a valibot schema, issues → field errors under
 * `config.`, decimals as strings in and Decimals out.
 */
import * as v from 'valibot'
import { PositiveDecimal } from '../../trading/order-request.ts'
import { InvalidStrategyConfig } from './types.ts'

export { PositiveDecimal }

export const int = (min: number, max: number) =>
  v.pipe(
    v.number('must be a whole number'),
    v.integer('must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`)
  )

export function parseWith<S extends v.GenericSchema>(schema: S, raw: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, raw)
  if (!r.success) {
    throw new InvalidStrategyConfig(
      r.issues.map((i) => {
        const path = v.getDotPath(i)
        return { path: path ? `config.${path}` : 'config', message: i.message }
      })
    )
  }
  return r.output
}
