/**
 * @module One request budget and one circuit breaker per exchange, shared by every gateway instance
 * (one per user key) built with the same registry. The app builds one registry at start and passes
 * it to each gateway; monitoring reads `snapshot()`.
 */
import { systemClock, type Clock } from '../lib/clock.ts'
import {
  createCircuitBreaker,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitSnapshot,
} from './circuit-breaker.ts'
import { PROFILES } from './profiles.ts'
import {
  createRateBudget,
  type RateBudget,
  type RateBudgetOptions,
  type RateBudgetSnapshot,
} from './rate-budget.ts'
import type { ExchangeId } from './types.ts'

export interface ExchangeGuards {
  for(exchange: ExchangeId): { budget: RateBudget; breaker: CircuitBreaker }
  /** State of every exchange used so far, for `GET /v1/monitoring/exchanges`. */
  snapshot(): Partial<Record<ExchangeId, { circuit: CircuitSnapshot; budget: RateBudgetSnapshot }>>
}

export interface ExchangeGuardsOptions {
  clock?: Clock
  sleep?: (ms: number) => Promise<void>
  /** Overrides of the profile budgets (rate, burst, waits). */
  budgets?: Partial<Record<ExchangeId, Partial<Omit<RateBudgetOptions, 'clock' | 'sleep'>>>>
  breaker?: Omit<CircuitBreakerOptions, 'clock'>
}

/**
 * @param [opts.clock=systemClock]
 * @param [opts.budgets] - per-exchange budget overrides; defaults from PROFILES
 * @param [opts.breaker] - failureThreshold (5) and openMs (30000)
 * @example
 * const guards = createExchangeGuards()
 * const gw = createExchangeGateway({ exchange: 'binance', guards })
 */
export function createExchangeGuards(opts: ExchangeGuardsOptions = {}): ExchangeGuards {
  const clock = opts.clock ?? systemClock
  const made = new Map<ExchangeId, { budget: RateBudget; breaker: CircuitBreaker }>()
  return {
    for(exchange) {
      let g = made.get(exchange)
      if (!g) {
        const budget = createRateBudget({
          ...PROFILES[exchange].budget,
          ...opts.budgets?.[exchange],
          clock,
          sleep: opts.sleep,
        })
        g = { budget, breaker: createCircuitBreaker({ ...opts.breaker, clock }) }
        made.set(exchange, g)
      }
      return g
    },
    snapshot() {
      const out: ReturnType<ExchangeGuards['snapshot']> = {}
      for (const [id, g] of made)
        out[id] = { circuit: g.breaker.snapshot(), budget: g.budget.snapshot() }
      return out
    },
  }
}
