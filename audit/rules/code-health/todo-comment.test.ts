import rule from './todo-comment.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    { name: 'plain comments', code: '// the order book is sorted best first\nconst a = 1\n' },
    {
      name: 'word "todo" in prose, lowercase',
      code: '# a todo list feature for users\nx = 1\n',
      lang: 'python',
    },
    { name: 'marker inside a string, not a comment', code: "const label = 'TODO list'\n" },
    { name: 'marker in a test file', code: '// TODO: more cases\n', path: 'src/app.test.ts' },
  ],
  invalid: [
    {
      name: 'TS TODO',
      code: 'const a = 1\n// TODO: persist this\n',
      errors: [{ line: 2, messageId: 'marker' }],
    },
    {
      name: 'Python FIXME',
      code: 'def f():\n    return 1  # FIXME use decimals\n',
      lang: 'python',
      errors: [{ line: 2 }],
    },
  ],
})
