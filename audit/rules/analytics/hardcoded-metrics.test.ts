import rule from './hardcoded-metrics.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'empty performance with zeros and nulls',
      code: 'export function emptyPerformance() {\n  return { tradeCount: 0, winRate: null, sharpe: null, realizedPnl: "0" }\n}\n',
    },
    {
      name: 'computed values',
      lang: 'python',
      code: '@router.get("/bots/{bot_id}/performance")\nasync def perf(bot_id: str):\n    m = await engine.calculate(bot_id)\n    return {"win_rate": m.win_rate, "sharpe_ratio": m.sharpe}\n',
    },
    {
      name: 'config constants outside handlers',
      code: 'export const LIMITS = { maxDrawdown: 0.2, winRateWindow: 20 }\n',
    },
  ],
  invalid: [
    {
      name: 'bot performance literal',
      lang: 'python',
      code: '@router.get("/bots/{bot_id}/performance")\nasync def get_bot_performance(bot_id: str):\n    return {\n        "win_rate": 0.67,\n        "sharpe_ratio": 1.85,\n        "total_trades": 142,\n    }\n',
      errors: [{ line: 3, messageId: 'literal' }],
    },
    {
      name: 'Hono handler json literal',
      code: "app.get('/v1/analytics/summary', (c) => c.json({ winRate: 0.62, totalReturn: '12.5', trades: 10 }))\n",
      errors: [{ line: 1 }],
    },
  ],
})
