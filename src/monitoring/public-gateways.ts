/**
 * @module Public (unsigned) ccxt gateways for the exchange health probes, one per exchange and
 * kept for the process's life so the market cache survives between probes. Wired by the Node/Deno
 * boot only, like the credential validator, so the Worker bundle stays free of ccxt.
 */
import type { ExchangeGuards } from '../exchanges/exchange-guards.ts'
import { createExchangeGateway, type ExchangeGatewayOptions } from '../exchanges/gateway.ts'
import type { ExchangeGateway, ExchangeId } from '../exchanges/types.ts'
import type { Clock } from '../lib/clock.ts'
import type { ExchangeProbeRuntime } from './monitoring.ts'

/**
 * @param opts.guards - the process's shared budgets and circuit breakers
 * @param [opts.gateway] - extra gateway options (tests: `baseUrlOverride`, `ccxtRateLimit: false`)
 * @example
 * createServices(core, { exchangeProbes: createPublicGateways({ guards, clock }) })
 */
export function createPublicGateways(opts: {
  guards: ExchangeGuards
  clock?: Clock
  gateway?: Omit<Partial<ExchangeGatewayOptions>, 'exchange' | 'credentials' | 'guards'>
}): ExchangeProbeRuntime {
  const made = new Map<ExchangeId, ExchangeGateway>()
  return {
    guards: opts.guards,
    source(exchange) {
      let gw = made.get(exchange)
      if (!gw) {
        gw = createExchangeGateway({
          clock: opts.clock,
          ...opts.gateway,
          exchange,
          guards: opts.guards,
        })
        made.set(exchange, gw)
      }
      return gw
    },
  }
}
