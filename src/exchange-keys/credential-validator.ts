/**
 * @module How `POST /v1/exchange-keys/:id/validate` asks an exchange whether credentials work.
 *
 * The real implementation is `createGatewayCredentialValidator` (gateway-validator.ts: a signed
 * balance read through the ccxt gateway); the Node and Deno boot wires it. The Worker entry does
 * not (ccxt is kept out of the Worker bundle), so there validation answers 503, as it does
 * whenever no validator is given: a key is never reported valid without asking the exchange.
 */
import { problems } from '../lib/problem.ts'
import type { ExchangeWithKeys } from './exchange-keys.schema.ts'

export interface ExchangeCredentials {
  apiKey: string
  secret: string
  /** KuCoin's API passphrase. */
  passphrase?: string
}

export type CredentialCheck =
  | { ok: true }
  /** `reason`: a short machine word (`authentication`, `permission`); never the exchange's text. */
  | { ok: false; reason: string }

export interface ExchangeCredentialValidator {
  /**
   * Resolves with the exchange's verdict; throws when the exchange could not be asked (network,
   * 5xx, rate limit), which leaves the stored status unchanged.
   */
  validate(exchange: ExchangeWithKeys, credentials: ExchangeCredentials): Promise<CredentialCheck>
}

export const unconfiguredValidator: ExchangeCredentialValidator = {
  async validate() {
    throw problems.unavailable(
      'Checking keys against the exchange is not available on this server.',
      'validation-unavailable'
    )
  },
}
