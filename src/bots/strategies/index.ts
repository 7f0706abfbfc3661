/**
 * @module The strategy registry: name → strategy (see types.ts for the contract).
 */
import type { StrategyName } from '../bots.schema.ts'
import { dca } from './dca.ts'
import { grid } from './grid.ts'
import { maCrossover } from './ma-crossover.ts'
import type { Strategy } from './types.ts'

export const STRATEGY_REGISTRY: Record<StrategyName, Strategy<any, any>> = {
  dca,
  grid,
  ma_crossover: maCrossover,
}

export * from './types.ts'
