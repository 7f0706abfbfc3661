import rule from './mock-identifiers.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'statistics words and the flag name',
      code: 'const sampleStd = std(returns, 1)\nif (settings.ENABLE_MOCK_DATA) venues.push(createSimVenue())\n',
    },
    {
      name: 'comment explaining the flag',
      code: '// ENABLE_MOCK_DATA only enables the sim venue, never mock data inside real routes\nexport const x = 1\n',
    },
    {
      name: 'mocks in tests',
      path: 'src/orders.test.ts',
      code: 'const mockRepo = { list: vi.fn() }\n',
    },
    {
      name: 'synthetic venue naming',
      code: 'export function createSimVenue(opts: { seed: number }) { return { syntheticPrice: 1 } }\n',
    },
  ],
  invalid: [
    {
      name: 'Python mock helper and comment',
      lang: 'python',
      code: 'def _get_mock_bot_details(bot_id):\n    # For now, return mock data\n    return {"id": bot_id}\n',
      errors: [
        { line: 1, messageId: 'identifier' },
        { line: 2, messageId: 'comment' },
      ],
    },
    {
      name: 'TS fake data constant',
      code: 'const FAKE_TRADES = []\nexport const sampleTrades = FAKE_TRADES\n',
      errors: [{ line: 1 }, { line: 2 }],
    },
  ],
})
