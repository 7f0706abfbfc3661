import rule from './synthetic-series.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'sim venue random walk outside handlers',
      path: 'src/exchanges/sim/prices.ts',
      code: 'export function priceAt(seed: number, minute: number) {\n  let p = 100\n  for (let i = 0; i < minute; i++) p = p * (1 + noise(seed, i) * 0.001)\n  return p\n}\n',
    },
    {
      name: 'rank numbering in a handler',
      code: "app.get('/v1/leaderboard', async (c) => {\n  const rows = await repo.top()\n  return c.json(rows.map((r, i) => ({ rank: i + 1, ...r })))\n})\n",
    },
    {
      name: 'series from stored rows',
      lang: 'python',
      code: '@router.get("/equity-curve")\nasync def curve(user=Depends(get_current_user)):\n    rows = await repo.daily_equity(user.id)\n    return [{"day": r.day, "equity": str(r.equity)} for r in rows]\n',
    },
  ],
  invalid: [
    {
      name: 'chart series from index and random',
      lang: 'python',
      code: '@router.get("/win-rate-chart")\nasync def win_rate_chart():\n    data = []\n    for i in range(30):\n        data.append({"day": i, "win_rate": 0.5 + i * 0.01 + random.uniform(-0.05, 0.05)})\n    return data\n',
      errors: [
        { line: 5, messageId: 'random' },
        { line: 5, messageId: 'indexSeries' },
      ],
    },
    {
      name: 'TS Array.from equity curve in a metric function',
      code: 'export function equityCurve() {\n  return Array.from({ length: 30 }, (_, i) => ({ day: i, equity: 10000 * (1 + i * 0.02) }))\n}\n',
      errors: [{ line: 2, messageId: 'indexSeries' }],
    },
  ],
})
