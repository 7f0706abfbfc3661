/**
 * @module Finding an order by OUR client order id, per exchange: a direct query (Binance, KuCoin),
 * a scan of the symbol's recent orders (Coinbase), or open + closed orders filtered by the derived
 * userref (Kraken).
 */
import type { CcxtExchange } from './ccxt-instance.ts'
import { ExchangeNotFoundError, ExchangeOutcomeUnknownError } from './errors.ts'
import { normalizeOrder } from './normalize.ts'
import { krakenUserref, PROFILES } from './profiles.ts'
import type { ExchangeId, ExchangeOrder } from './types.ts'

export async function findOrderByClientId(
  ex: CcxtExchange,
  venue: ExchangeId,
  symbol: string,
  id: string,
  since?: Date
): Promise<ExchangeOrder> {
  const method = 'fetchOrderByClientId'
  const notFound = () =>
    new ExchangeNotFoundError(`no order with client order id ${id}`, { venue, method })
  switch (PROFILES[venue].clientOrderIdLookup) {
    case 'direct': {
      // KuCoin's fetchOrder insists on an id argument but queries by clientOid when given.
      const o =
        venue === 'kucoin'
          ? await ex.fetchOrder(id, symbol, { clientOid: id })
          : await ex.fetchOrder(undefined, symbol, { origClientOrderId: id })
      return normalizeOrder(venue, o, id)
    }
    case 'scan-recent-orders': {
      const found = (await ex.fetchOrders(symbol, since?.getTime(), 100)).filter(
        (o) => o.clientOrderId === id
      )
      if (found.length === 0) throw notFound()
      return normalizeOrder(venue, found.at(-1), id)
    }
    case 'scan-by-userref': {
      const userref = krakenUserref(id)
      const params = { userref }
      const open = await ex.fetchOpenOrders(symbol, undefined, undefined, params)
      const closed = await ex.fetchClosedOrders(symbol, since?.getTime(), undefined, params)
      const found = [...open, ...closed].filter(
        (o) => String(o.info?.userref) === String(userref) && o.symbol === symbol
      )
      if (found.length === 0) throw notFound()
      if (found.length > 1) {
        throw new ExchangeOutcomeUnknownError(`${found.length} orders share userref ${userref}`, {
          venue,
          method,
        })
      }
      return normalizeOrder(venue, found[0], id)
    }
  }
}
