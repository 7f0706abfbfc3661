import rule from './console-logging.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'structured logger module writing JSON lines with console.log',
      path: 'src/telemetry/logger.ts',
      code: 'export function createLogger() {\n  return { info: (msg: string) => console.log(JSON.stringify({ level: "info", msg })) }\n}\n',
    },
    {
      name: 'logger factory in another file name',
      path: 'src/http/request-log.ts',
      code: 'export const x = 1\n',
    },
    {
      name: 'sink function inside a shared module',
      code: 'export function createJsonLogger() {\n  return (line: string) => console.log(line)\n}\n',
    },
    {
      name: 'Python __main__ guard',
      lang: 'python',
      code: 'if __name__ == "__main__":\n    print("usage: ...")\n',
    },
    { name: 'CLI script', path: 'scripts/seed.ts', code: "console.log('seeded')\n" },
    {
      name: 'logger calls',
      lang: 'python',
      code: 'logger.info("order placed", extra={"order_id": oid})\n',
    },
  ],
  invalid: [
    {
      name: 'print in a service',
      lang: 'python',
      code: 'def place(o):\n    print(f"placing {o}")\n',
      errors: [{ line: 2, messageId: 'console' }],
    },
    {
      name: 'console.error in a route',
      code: "app.get('/x', (c) => {\n  console.error('boom')\n  return c.text('ok')\n})\n",
      errors: [{ line: 2 }],
    },
  ],
})
