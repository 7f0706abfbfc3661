/**
 * @module security/hardcoded-secret: credentials and default secrets written into code: secret-named
 * bindings with a literal, env reads whose fallback is a literal, JWT sign/verify with a literal
 * key, and connection strings with an embedded password. Denylists of known defaults (used to
 * refuse them) are names like `KNOWN_DEFAULT_SECRETS` holding arrays, and are not flagged.
 */
import { callArgs, calleeName, find, stringValue } from '../ast.ts'
import { defineRule } from '../define-rule.ts'
import { isKnownDefaultSecret, isSecretName, looksLikeKeyMaterial } from '../lexicon.ts'
import { BINDING_TYPES, literalBinding } from '../secret-literals.ts'
import { words } from '../ast.ts'

const DENYLIST_WORDS = new Set([
  'default',
  'defaults',
  'known',
  'placeholder',
  'placeholders',
  'example',
  'forbidden',
  'denied',
  'weak',
  'insecure',
  'banned',
  'blocked',
  'denylist',
  'blacklist',
  'common',
  'breached',
])
const DSN_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:([^@\s]+)@/i
/** Cheap text pre-filter before the syntax checks: a secret name or a URL with credentials. */
const SECRETISH =
  /secret|passw|pwd|passphrase|token|api_?key|credential|salt|pepper|private|signing|encryption|access_?key|master|:\/\/[^\s@/]+@/i
const JWT_CALLS = new Set(['encode', 'decode', 'sign', 'verify', 'jwtVerify'])

/** Values that are clearly not secrets: env var names, prose, templates, URLs. */
function isPlausibleSecret(v: string): boolean {
  if (v === '' || /\s/.test(v) || /[{}%$<>]/.test(v)) return false
  if (/^[A-Z][A-Z0-9_]*$/.test(v)) return false
  if (isKnownDefaultSecret(v) || looksLikeKeyMaterial(v)) return true
  return v.length >= 6 && /\d/.test(v) && /[a-z]/i.test(v) && !v.includes('/')
}

export default defineRule({
  meta: {
    id: 'security/hardcoded-secret',
    title: 'Hard-coded credentials and default secrets',
    category: 'security',
    severity: 'critical',
    languages: ['ts', 'python'],
    rationale:
      'A secret in the source is known to everyone with the repository and survives in its history; a ' +
      'default such as "changeme" lets a misconfigured production instance sign tokens anyone can forge.',
    remediation:
      'Read the secret from the environment with no default, and refuse to start when it is missing, short, low-entropy or a known default.',
    docsUrl: 'audit/rules/README.md#securityhardcoded-secret',
    messages: {
      literal: '{{name}} is set to a literal secret',
      knownDefault: '{{name}} defaults to the well-known value "{{value}}"',
      jwtKey: 'JWT {{call}}() uses a literal key',
      dsn: 'connection string embeds a password',
    },
  },
  check({ file, report }) {
    const root = file.tree.rootNode
    for (const b of find(root, BINDING_TYPES)) {
      if (!SECRETISH.test(b.text)) continue
      const lit = literalBinding(b)
      if (!lit) continue
      if (
        DSN_PASSWORD.test(lit.value) &&
        !/^\$|^\{|^\*+$/.test(DSN_PASSWORD.exec(lit.value)?.[1] ?? '')
      ) {
        report(lit.node, 'dsn')
        continue
      }
      if (!isSecretName(lit.name) || words(lit.name).some((w) => DENYLIST_WORDS.has(w))) continue
      if (!isPlausibleSecret(lit.value)) continue
      if (isKnownDefaultSecret(lit.value))
        report(lit.node, 'knownDefault', { name: lit.name, value: lit.value })
      else report(lit.node, 'literal', { name: lit.name })
    }
    for (const c of find(root, ['call', 'call_expression'])) {
      if (!/jwt|jose|sign|verify|encode|decode/i.test(c.text.slice(0, 60))) continue
      const name = calleeName(c)
      if (
        !JWT_CALLS.has(name) ||
        (!/jwt|jose/i.test(c.text.split('(')[0] ?? '') && name !== 'jwtVerify')
      )
        continue
      const key = callArgs(c)[1]
      const v = stringValue(key)
      if (key && v !== null && v !== '') report(key, 'jwtKey', { call: name })
    }
  },
})
