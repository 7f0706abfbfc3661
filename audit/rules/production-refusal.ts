/**
 * @module Detects "production refuses X": a condition that mentions both X and a production signal
 * and stops start-up (raise/throw/issue push/exit), in an `if`, a schema check callback (valibot
 * `check`/`forward`, zod `refine`) or a pydantic validator.
 */
import type { Node } from 'web-tree-sitter'
import { calleeName, find } from './ast.ts'

const PRODUCTION = /production|PRODUCTION_MODE|is_?prod\b|isProd\b|\bprod\b/i
const STOPS =
  /\b(?:raise|throw)\b|\.push\(|addIssue|\.append\(|process\.exit|sys\.exit|errors\[|issues\[/
const CHECK_CALLS = new Set([
  'check',
  'forward',
  'refine',
  'superRefine',
  'rawCheck',
  'partialCheck',
  'custom',
])

export function refusesInProduction(root: Node, subject: RegExp): boolean {
  for (const i of find(root, 'if_statement')) {
    const cond = i.childForFieldName('condition')?.text ?? ''
    const then = i.childForFieldName('consequence')?.text ?? ''
    if (subject.test(cond) && PRODUCTION.test(cond) && STOPS.test(then)) return true
    // `if production: if FLAG: raise` — the production test may enclose the subject test.
    if (PRODUCTION.test(cond) && subject.test(then) && STOPS.test(then)) return true
  }
  for (const c of find(root, ['call', 'call_expression'])) {
    if (CHECK_CALLS.has(calleeName(c)) && subject.test(c.text) && PRODUCTION.test(c.text))
      return true
  }
  for (const d of find(root, 'decorated_definition')) {
    if (
      /@\w*(?:validator)\b/.test(d.text) &&
      subject.test(d.text) &&
      PRODUCTION.test(d.text) &&
      /\braise\b/.test(d.text)
    )
      return true
  }
  return false
}
