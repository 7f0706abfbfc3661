/**
 * @module exchange/order-without-client-id: exchange order placement (ccxt-style
 * `create_order(symbol, type, side, amount, price, params)`) without our own client order id, so a
 * timed-out request cannot be reconciled and a retry can double the position.
 */
import { callArgs, calleeName, find } from '../ast.ts'
import { defineRule } from '../define-rule.ts'

const CREATE =
  /^(?:create_order|createOrder|create_limit_order|createLimitOrder|create_market_order|createMarketOrder|create_(?:limit|market)_(?:buy|sell)_order|create(?:Limit|Market)(?:Buy|Sell)Order)$/
const CLIENT_ID =
  /client_?order_?id|newClientOrderId|clientOid|client_oid|userref|origClientOrderId|text\s*[:=]/i

export default defineRule({
  meta: {
    id: 'exchange/order-without-client-id',
    title: 'Orders placed without a client order id',
    category: 'exchange',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      'When an order request times out the outcome is unknown; only an id we chose and sent lets ' +
      'reconciliation find the order instead of guessing, and lets the exchange reject a duplicate.',
    remediation:
      'Write the order row with our client order id before the call and pass it in params (Binance newClientOrderId, Coinbase client_order_id, Kraken userref, KuCoin clientOid).',
    docsUrl: 'audit/rules/README.md#exchangeorder-without-client-id',
    messages: { missing: '{{call}}() sends no client order id' },
  },
  check({ file, report }) {
    for (const c of find(file.tree.rootNode, ['call', 'call_expression'])) {
      const name = calleeName(c)
      if (!CREATE.test(name)) continue
      const args = callArgs(c)
      const positional = args.filter((a) => a.type !== 'keyword_argument')
      // One object argument is our own gateway's typed call, not the raw exchange API.
      if (positional.length < 3) continue
      const params =
        args
          .find(
            (a) =>
              a.type === 'keyword_argument' &&
              /^params$/.test(a.childForFieldName('name')?.text ?? '')
          )
          ?.childForFieldName('value') ??
        positional[5] ??
        null
      if (
        params &&
        !/^(?:object|dictionary|dict)$/.test(params.type) &&
        !/^(?:dict|\{)/.test(params.text)
      )
        continue
      if (params && CLIENT_ID.test(params.text)) continue
      if (!params && CLIENT_ID.test(c.text)) continue
      report(c, 'missing', { call: name })
    }
  },
})
