/** @module code-health/todo-comment: to-do and fix-me markers left in production code. */
import { find } from '../ast.ts'
import { defineRule } from '../define-rule.ts'

const MARKER = /\b(TODO|FIXME|XXX|HACK)\b/

export default defineRule({
  meta: {
    id: 'code-health/todo-comment',
    title: 'TODO/FIXME markers in production code',
    category: 'code-health',
    severity: 'low',
    languages: ['ts', 'python'],
    rationale:
      'A TODO in a production path marks work the code admits is unfinished; the seed project shipped ' +
      '"TODO: replace with real data" next to fabricated responses.',
    remediation: 'Finish the work or track it in an issue and delete the marker.',
    docsUrl: 'audit/rules/README.md#code-healthtodo-comment',
    messages: { marker: '{{marker}} marker in production code' },
  },
  check({ file, report }) {
    for (const c of find(file.tree.rootNode, 'comment')) {
      const m = MARKER.exec(c.text)
      if (m?.[1]) report(c, 'marker', { marker: m[1] })
    }
  },
})
