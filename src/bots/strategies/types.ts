/**
 * @module The strategy contract: a strategy is a pure function of its config, its persisted state
 * and the market data of one tick, returning order intents and the next state. No I/O, no clock,
 * no randomness — the same inputs always give the same intents, which is what lets a restarted
 * tick be replayed safely.
 */
import type { Dec } from '../../lib/money.ts'
import type { FieldError } from '../../lib/problem.ts'

/** What a strategy sees of the market at a tick. */
export interface TickMarket {
  bid: Dec | null
  ask: Dec | null
  /** Mid of bid and ask, else the last trade price. */
  price: Dec
  at: Date
}

export interface StrategyInput<C, S> {
  config: C
  state: S
  market: TickMarket
  /** Base amount the bot holds from its own fills. */
  position: Dec
  /** 1 for the bot's first tick, then +1 per tick. */
  tick: number
}

/** An order the bot wants; it goes through the same order path (and checks) as a user's. */
export interface OrderIntent {
  side: 'buy' | 'sell'
  type: 'market' | 'limit'
  /** Base amount; the order path truncates it to the market step. */
  amount: Dec
  price?: Dec
  /** Why, for the run record (e.g. `dca buy 3/10`). */
  reason: string
}

export interface StrategyOutput<S> {
  intents: OrderIntent[]
  state: S
}

export class InvalidStrategyConfig extends Error {
  override name = 'InvalidStrategyConfig'
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('; '))
  }
}

/** C = parsed config, S = JSON-safe state (decimals as strings). */
export interface Strategy<C, S> {
  name: string
  /** Validates raw JSON config; throws InvalidStrategyConfig (paths under `config.`). */
  parseConfig(raw: unknown): C
  initialState(config: C): S
  step(input: StrategyInput<C, S>): StrategyOutput<S>
}
