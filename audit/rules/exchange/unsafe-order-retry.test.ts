import rule from './unsafe-order-retry.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'single attempt, unknown outcome recorded',
      code: 'try {\n  await ex.createOrder(s, t, side, a, p, params)\n} catch (e) {\n  await repo.markUnknown(id)\n  throw e\n}\n',
    },
    {
      name: 'retrying a read is fine',
      lang: 'python',
      code: 'for attempt in range(3):\n    try:\n        return await exchange.fetch_ticker(symbol)\n    except NetworkError:\n        await asyncio.sleep(1)\n',
    },
    {
      name: 'loop over orders, failure stops',
      lang: 'python',
      code: 'for o in orders:\n    try:\n        await exchange.create_order(o.symbol, "limit", o.side, o.amount, o.price, {"clientOrderId": o.cid})\n    except Exception:\n        raise\n',
    },
  ],
  invalid: [
    {
      name: 'retry loop around create_order',
      lang: 'python',
      code: 'for attempt in range(3):\n    try:\n        return await exchange.create_order(symbol, "market", side, amount)\n    except Exception:\n        await asyncio.sleep(2 ** attempt)\n',
      errors: [{ line: 3, messageId: 'retried' }],
    },
    {
      name: 'retry decorator',
      lang: 'python',
      code: '@retry(stop=stop_after_attempt(3))\nasync def place(o):\n    return await exchange.create_order(o.symbol, "limit", o.side, o.amount, o.price)\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'TS retry wrapper',
      code: 'const o = await withRetry(() => ex.createOrder(s, t, side, a, p, params), 3)\n',
      errors: [{ line: 1 }],
    },
  ],
})
