/**
 * @module Public surface of the exchange layer (see README.md in this folder).
 */
export { createExchangeGateway, type ExchangeGatewayOptions } from './gateway.ts'
export {
  createExchangeGuards,
  type ExchangeGuards,
  type ExchangeGuardsOptions,
} from './exchange-guards.ts'
export { createSimVenue, SimVenueDisabledError, type SimVenueOptions } from './sim/sim-venue.ts'
export { SIM_MARKETS, type SimMarketSpec } from './sim/sim-markets.ts'
export { capabilityMatrix, type VenueCapabilities } from './capabilities.ts'
export { checkOrderSize } from './precision.ts'
export { CLIENT_ORDER_ID_RE, clientOrderIdParams, krakenUserref, PROFILES } from './profiles.ts'
export {
  ExchangeGatewayError,
  ExchangeNotFoundError,
  ExchangeOutcomeUnknownError,
  ExchangeRateLimitedError,
  ExchangeRejectedError,
  ExchangeUnavailableError,
  type ExchangeErrorKind,
  type RejectReason,
} from './errors.ts'
export type { CircuitSnapshot, CircuitState } from './circuit-breaker.ts'
export type { RateBudgetSnapshot } from './rate-budget.ts'
export * from './types.ts'
