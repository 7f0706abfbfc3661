/**
 * @module Binance's order parameter rules as the simulator applies them: number syntax and
 * precision, PRICE_FILTER and LOT_SIZE.
 */
import { D, type Dec } from '../../src/lib/money.ts'
import { BinanceApiError, type Side, type SymbolConfig } from './types.ts'

const QTY_RE = /^([0-9]{1,20})(\.[0-9]{1,20})?$/

export function decimalParam(p: Record<string, string>, name: string): Dec | null {
  const v = p[name]
  if (v === undefined || v === '') return null
  if (!QTY_RE.test(v)) {
    throw new BinanceApiError(
      400,
      -1100,
      `Illegal characters found in parameter '${name}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.`
    )
  }
  const d = new D(v)
  if (d.decimalPlaces() > 8)
    throw new BinanceApiError(400, -1111, 'Precision is over the maximum defined for this asset.')
  if (d.lte(0)) throw new BinanceApiError(400, -1013, 'Invalid quantity.')
  return d
}

export function checkPrice(s: SymbolConfig, price: Dec): void {
  if (
    price.lt(s.minPrice) ||
    price.gt(s.maxPrice) ||
    !price.minus(s.minPrice).mod(s.tickSize).isZero()
  ) {
    throw new BinanceApiError(400, -1013, 'Filter failure: PRICE_FILTER')
  }
}

export function checkLot(s: SymbolConfig, qty: Dec): void {
  if (qty.lt(s.minQty) || qty.gt(s.maxQty) || !qty.minus(s.minQty).mod(s.stepSize).isZero()) {
    throw new BinanceApiError(400, -1013, 'Filter failure: LOT_SIZE')
  }
}
export interface NewOrder {
  side: Side
  type: 'LIMIT' | 'MARKET' | 'LIMIT_MAKER'
  qty: Dec | null
  /** MARKET only: spend this much quote instead of a base quantity. */
  quoteQty: Dec | null
  price: Dec | null
  tif: string
  cid: string | undefined
}

const mandatory = (name: string) =>
  new BinanceApiError(
    400,
    -1102,
    `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`
  )

/** Checks a `POST /api/v3/order` request the way Binance does before matching. */
export function parseNewOrder(p: Record<string, string>, spec: SymbolConfig): NewOrder {
  const side = p.side as Side
  if (side !== 'BUY' && side !== 'SELL') throw new BinanceApiError(400, -1117, 'Invalid side.')
  const type = p.type
  if (type !== 'LIMIT' && type !== 'MARKET' && type !== 'LIMIT_MAKER') {
    throw new BinanceApiError(400, -1116, 'Invalid orderType.')
  }
  const qty = decimalParam(p, 'quantity')
  const quoteQty = type === 'MARKET' ? decimalParam(p, 'quoteOrderQty') : null
  if (!qty && !quoteQty) throw mandatory('quantity')
  const price = type === 'MARKET' ? null : decimalParam(p, 'price')
  if (type !== 'MARKET' && !price) throw mandatory('price')
  const tif = type === 'LIMIT' ? (p.timeInForce ?? '') : 'GTC'
  if (!['GTC', 'IOC', 'FOK'].includes(tif)) throw mandatory('timeInForce')
  const cid = p.newClientOrderId
  if (cid !== undefined && !/^[.A-Z:/a-z0-9_-]{1,36}$/.test(cid)) {
    throw new BinanceApiError(
      400,
      -1100,
      "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'."
    )
  }
  if (price) checkPrice(spec, price)
  if (qty) checkLot(spec, qty)
  return { side, type, qty, quoteQty, price, tif, cid }
}
