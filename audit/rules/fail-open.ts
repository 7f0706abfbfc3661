/**
 * @module Fail-open detection shared by the auth, risk and compliance rules: a security check inside
 * a try whose handler logs and carries on, or a negative check result whose branch neither returns
 * nor raises. A handler fails closed when it raises, returns (anything but an explicit allow),
 * assigns a deny value, or calls a deny helper.
 */
import type { Node } from 'web-tree-sitter'
import { calleeText, find, handlerBody, tryBody, tryHandlers } from './ast.ts'
import type { FileContext } from '../types.ts'

const ALLOW_RETURN =
  /^return\s+(?:True|true|\{[^}]*(?:allowed|approved|ok|passed|valid)["']?\s*:\s*(?:True|true)[^}]*\}|(?:await\s+)?next\(\))\s*;?$/
const DENY_ASSIGN =
  /=\s*(?:False|false|["'](?:blocked|rejected|denied|deny|fail(?:ed)?|review)["'])/
const DENY_CALL =
  /\b(?:abort|deny|reject|block|forbid|fail)\w*\s*\(|HTTPException|ProblemError|problems\./

/** The first call in `body` whose callee matches `pattern`, or null. */
export function matchingCall(body: Node, pattern: RegExp): Node | null {
  return find(body, ['call', 'call_expression']).find((c) => pattern.test(calleeText(c))) ?? null
}

/** True when running `handler` cannot let the protected operation proceed. */
export function failsClosed(handler: Node): boolean {
  if (find(handler, ['raise_statement', 'throw_statement']).length > 0) return true
  // Middleware that calls next() from its error path lets the request through.
  if (find(handler, ['call', 'call_expression']).some((c) => calleeText(c) === 'next')) return false
  for (const r of find(handler, 'return_statement'))
    if (!ALLOW_RETURN.test(r.text.trim())) return true
  for (const a of find(handler, ['assignment', 'assignment_expression', 'variable_declarator']))
    if (DENY_ASSIGN.test(a.text)) return true
  return DENY_CALL.test(handler.text)
}

/**
 * Reports fail-open handling around calls matching `pattern`.
 * @param what - the check's name in messages ("2FA/auth", "risk", "compliance")
 */
export function checkFailOpen(ctx: FileContext, pattern: RegExp, what: string): void {
  const root = ctx.file.tree.rootNode
  for (const t of find(root, 'try_statement')) {
    const body = tryBody(t)
    const call = body && matchingCall(body, pattern)
    if (!call) continue
    for (const h of tryHandlers(t)) {
      const hb = handlerBody(h)
      if (hb && !failsClosed(hb)) {
        ctx.report(h, 'swallowed', { check: calleeText(call), what })
        break
      }
    }
  }
  for (const i of find(root, 'if_statement')) {
    const cond = i.childForFieldName('condition')
    const then = i.childForFieldName('consequence')
    if (!cond || !then) continue
    const negated =
      /^\(?\s*(?:not\s|!)/.test(cond.text) || /(?:===?|is)\s*(?:False|false)\s*\)?$/.test(cond.text)
    const call = negated ? matchingCall(cond, pattern) : null
    if (call && !failsClosed(then)) ctx.report(cond, 'ignored', { check: calleeText(call), what })
  }
}

export const FAIL_OPEN_MESSAGES = {
  swallowed: '{{what}} check {{check}}() fails open: the error is caught and execution continues',
  ignored: '{{what}} check {{check}}() failing does not stop the operation',
}
