/**
 * @module The production `ExchangeCredentialValidator`: a signed read (the balance) through the ccxt
 * gateway. Only the refusal's kind is kept (`authentication`, `permission`), never the exchange's
 * message; network errors, 5xx and rate limits throw, so the stored status stays unchanged.
 */
import type { ExchangeGuards } from '../exchanges/exchange-guards.ts'
import { createExchangeGateway, type ExchangeGatewayOptions } from '../exchanges/gateway.ts'
import type { ExchangeCredentialValidator } from './credential-validator.ts'

/**
 * @param opts.guards - the process's shared budgets and circuit breakers.
 * @param [opts.gateway] - extra gateway options (tests: `baseUrlOverride`, `ccxtRateLimit: false`).
 * @example
 * createServices(core, { exchangeCredentialValidator: createGatewayCredentialValidator({ guards }) })
 */
export function createGatewayCredentialValidator(opts: {
  guards: ExchangeGuards
  gateway?: Omit<Partial<ExchangeGatewayOptions>, 'exchange' | 'credentials' | 'guards'>
}): ExchangeCredentialValidator {
  return {
    async validate(exchange, credentials) {
      const gw = createExchangeGateway({
        ...opts.gateway,
        exchange,
        credentials,
        guards: opts.guards,
      })
      const result = await gw.validateCredentials()
      return result.ok ? { ok: true } : { ok: false, reason: result.reason }
    },
  }
}
