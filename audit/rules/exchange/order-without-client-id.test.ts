import rule from './order-without-client-id.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'ccxt with newClientOrderId',
      code: "await ex.createOrder(symbol, 'limit', side, amount, price, { newClientOrderId: order.clientOrderId })\n",
    },
    {
      name: 'computed per-exchange field',
      code: 'await ex.createOrder(s, t, side, a, p, { [spec.clientIdField]: clientOrderId })\n',
    },
    { name: 'params built elsewhere', code: 'await ex.createOrder(s, t, side, a, p, params)\n' },
    {
      name: 'our gateway call with one object',
      code: 'await gateway.createOrder({ exchange, symbol, side, amount, clientOrderId })\n',
    },
    {
      name: 'Python with clientOrderId',
      lang: 'python',
      code: 'await exchange.create_order(symbol, "market", side, amount, None, {"clientOrderId": cid})\n',
    },
  ],
  invalid: [
    {
      name: 'Python ccxt order without params',
      lang: 'python',
      code: 'order = await exchange.create_order(symbol, "market", side, amount)\n',
      errors: [{ line: 1, messageId: 'missing' }],
    },
    {
      name: 'TS params without client id',
      code: "await ex.createOrder(symbol, 'limit', 'buy', amount, price, { timeInForce: 'GTC' })\n",
      errors: [{ line: 1 }],
    },
  ],
})
