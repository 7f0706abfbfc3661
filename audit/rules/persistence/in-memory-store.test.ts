import rule from './in-memory-store.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'caches and constants',
      code: "const marketCache = new Map<string, Market>()\nconst EXCHANGES = { binance: { name: 'Binance' } }\nconst pendingOrders = new Set<string>()\n",
    },
    {
      name: 'factory-local state',
      code: 'export function createRepo(db: Db) {\n  const orders = new Map()\n  return { orders }\n}\n',
    },
    {
      name: 'Python function-local list',
      lang: 'python',
      code: 'def handler():\n    trades = []\n    return trades\n',
    },
    {
      name: 'rate-limit windows',
      code: 'class MemoryStore {\n  private windows = new Map<string, number>()\n}\n',
    },
  ],
  invalid: [
    {
      name: 'module-level dicts and instance store',
      lang: 'python',
      code: '_api_keys: dict = {}\nsignals = []\nclass ApiKeyService:\n    def __init__(self):\n        self._keys_by_user = {}\n        self._users = dict()\n',
      errors: [
        { line: 1, messageId: 'moduleStore' },
        { line: 2, messageId: 'moduleStore' },
        { line: 5, messageId: 'instanceStore' },
        { line: 6, messageId: 'instanceStore' },
      ],
    },
    {
      name: 'TS module Map and class field',
      code: 'const sessions = new Map<string, Session>()\nexport class OrderRepo {\n  private orders: Order[] = []\n}\n',
      errors: [
        { line: 1, messageId: 'moduleStore' },
        { line: 3, messageId: 'instanceStore' },
      ],
    },
  ],
})
