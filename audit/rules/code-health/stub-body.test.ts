import rule from './stub-body.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'abstract method and protocol',
      lang: 'python',
      code: 'from abc import ABC, abstractmethod\nclass Store(ABC):\n    @abstractmethod\n    def get(self): ...\nclass BaseVenue:\n    def quote(self):\n        raise NotImplementedError\n',
    },
    {
      name: 'exception subclass body is not a function',
      lang: 'python',
      code: 'class Rejected(Exception):\n    pass\n',
    },
    { name: 'real body', lang: 'python', code: 'def f(x):\n    """doc"""\n    return x + 1\n' },
    {
      name: 'TS error with another message',
      code: "export function f() { throw new Error('order not found') }\n",
    },
    {
      name: 'stub in a test helper',
      lang: 'python',
      path: 'tests/helpers.py',
      code: 'def f():\n    pass\n',
    },
  ],
  invalid: [
    {
      name: 'pass-only route helper and NotImplementedError',
      lang: 'python',
      code: 'def get_bot_details(bot_id):\n    pass\n\ndef cancel(order):\n    raise NotImplementedError("later")\n',
      errors: [
        { line: 1, messageId: 'pass' },
        { line: 5, messageId: 'notImplemented' },
      ],
    },
    {
      name: 'docstring then ellipsis',
      lang: 'python',
      code: 'def sync():\n    """Sync balances."""\n    ...\n',
      errors: [{ line: 1 }],
    },
    {
      name: 'TS not implemented',
      code: "export function reconcile() {\n  throw new Error('Not implemented')\n}\n",
      errors: [{ line: 2, messageId: 'notImplemented' }],
    },
  ],
})
