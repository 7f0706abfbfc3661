/**
 * @module exchange/unsafe-order-retry: order placement retried automatically (inside a retry loop,
 * a retry decorator or a retry wrapper). A request that timed out may have been accepted; retrying
 * it blindly places a second order.
 */
import type { Node } from 'web-tree-sitter'
import { ancestor, calleeName, calleeText, find, tryHandlers } from '../ast.ts'
import { defineRule } from '../define-rule.ts'

const CREATE =
  /^(?:create_order|createOrder|create_(?:limit|market)_order|create(?:Limit|Market)Order|place_order|placeOrder|submit_order|submitOrder)$/
const RETRY_WRAPPER =
  /^(?:retry|withRetry|with_retry|pRetry|backoff|retryAsync|retrying|tenacity\.\w+)$/i
const LOOPS = new Set(['for_statement', 'while_statement', 'for_in_statement', 'do_statement'])

function inRetryLoop(call: Node): boolean {
  const t = ancestor(call, (a) => a.type === 'try_statement', true)
  if (!t) return false
  const loop = ancestor(t, (a) => LOOPS.has(a.type), true)
  if (!loop) return false
  // A loop whose handler continues or sleeps and tries again is a retry loop.
  return tryHandlers(t).some((h) => !/\b(?:raise|throw|break|return)\b/.test(h.text))
}

function retryDecorated(call: Node): boolean {
  const fn = ancestor(call, (a) => a.type === 'function_definition')
  const deco =
    fn?.parent?.type === 'decorated_definition' ? (fn.parent.text.split('def ')[0] ?? '') : ''
  return /@(?:\w+\.)?(?:retry|backoff\.on_exception|retry_async|with_retry)\b/.test(deco)
}

function inRetryWrapper(call: Node): boolean {
  return !!ancestor(
    call,
    (a) =>
      (a.type === 'call' || a.type === 'call_expression') &&
      RETRY_WRAPPER.test(calleeName(a)) &&
      a.id !== call.id
  )
}

export default defineRule({
  meta: {
    id: 'exchange/unsafe-order-retry',
    title: 'Order placement retried automatically',
    category: 'exchange',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      'A timeout after the exchange accepted the order looks like a failure; retrying it doubles the position. Unknown outcomes must be reconciled, not retried.',
    remediation:
      'Never retry order placement; mark the order "unknown" and let reconciliation fetch it by client order id.',
    docsUrl: 'audit/rules/README.md#exchangeunsafe-order-retry',
    messages: { retried: '{{call}}() is retried automatically' },
  },
  check({ file, report }) {
    for (const c of find(file.tree.rootNode, ['call', 'call_expression'])) {
      const name = calleeName(c)
      if (!CREATE.test(name) || calleeText(c) === name) continue
      if (inRetryLoop(c) || retryDecorated(c) || inRetryWrapper(c))
        report(c, 'retried', { call: name })
    }
  },
})
