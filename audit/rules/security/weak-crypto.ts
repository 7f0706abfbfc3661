/**
 * @module security/weak-crypto: cryptography switched off or made predictable: JWT `none` or
 * signature verification disabled, TLS verification disabled, static salts and IVs, and MD5/SHA-1
 * over passwords.
 */
import type { Node } from 'web-tree-sitter'
import { callArgs, calleeName, calleeText, find, lastName, stringValue, words } from '../ast.ts'
import { defineRule } from '../define-rule.ts'

const FALSE = new Set(['False', 'false'])

function keyOf(b: Node): string {
  const k = b.childForFieldName('key') ?? b.childForFieldName('name') ?? b.childForFieldName('left')
  if (!k) return ''
  return k.type === 'string' ? (stringValue(k) ?? '') : lastName(k) || k.text
}

/** A value that is the same on every run: a literal, bytes literal, zero-filled buffer or `Buffer.from('…')`. */
function isStaticBytes(v: Node): boolean {
  if (v.type === 'string') return true
  if (v.type === 'new_expression') {
    // `new Uint8Array(12)` is zero-filled; `new Uint8Array(storedIv)` merely copies a real IV.
    const literalArgs = callArgs(v).every(
      (a) =>
        a.type === 'number' ||
        (a.type === 'array' && a.namedChildren.every((x) => x.type === 'number'))
    )
    return (
      literalArgs && /^(?:Uint8Array|Buffer)$/.test(v.childForFieldName('constructor')?.text ?? '')
    )
  }
  if (v.type === 'call' || v.type === 'call_expression') {
    const fn = calleeText(v)
    if (
      /^(?:Buffer\.(?:from|alloc)|bytes|bytearray|TextEncoder\(\)\.encode|new TextEncoder\(\)\.encode|encoder\.encode)$/.test(
        fn
      )
    ) {
      return callArgs(v).every(
        (a) => a.type === 'string' || a.type === 'number' || a.type === 'integer'
      )
    }
    if (
      fn.endsWith('.encode') &&
      v.childForFieldName('function')?.childForFieldName('object')?.type === 'string'
    )
      return true
  }
  return false
}

export default defineRule({
  meta: {
    id: 'security/weak-crypto',
    title: 'Weak or disabled cryptography',
    category: 'security',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      'An unsigned JWT, a disabled certificate check or a constant IV/salt turns encryption and ' +
      'authentication into formalities that an attacker can bypass.',
    remediation:
      'Pin a real algorithm (HS256 with a 32-byte secret, or EdDSA), keep TLS verification on, draw salts and IVs from a CSPRNG per record, and hash passwords with a KDF.',
    docsUrl: 'audit/rules/README.md#securityweak-crypto',
    messages: {
      algNone: 'JWT algorithm "none" accepted',
      noVerify: '{{what}} disabled',
      staticBytes: 'static {{what}}: the same value on every run',
      weakHash: '{{hash}} used on a password',
    },
  },
  check({ file, report }) {
    const root = file.tree.rootNode
    for (const b of find(root, [
      'pair',
      'keyword_argument',
      'assignment',
      'variable_declarator',
      'assignment_expression',
    ])) {
      if (!/alg|verif|reject|tls|salt|iv\b|nonce/i.test(b.text)) continue
      const key = keyOf(b)
      const value = b.childForFieldName('value') ?? b.childForFieldName('right')
      if (!value) continue
      const kw = key.toLowerCase()
      if (/^(?:alg|algorithm|algorithms)$/.test(kw) && /["']none["']/i.test(value.text))
        report(value, 'algNone')
      else if (FALSE.has(value.text) && kw === 'verify_signature')
        report(b, 'noVerify', { what: 'JWT signature verification' })
      else if (
        FALSE.has(value.text) &&
        (kw === 'verify' || kw === 'rejectunauthorized' || kw === 'verify_ssl')
      )
        report(b, 'noVerify', { what: 'TLS certificate verification' })
      else if (kw === 'node_tls_reject_unauthorized' && stringValue(value) === '0')
        report(b, 'noVerify', { what: 'TLS certificate verification' })
      else {
        const w = words(key)
        const what = w.includes('salt')
          ? 'salt'
          : w.includes('iv') || w.includes('nonce')
            ? 'IV/nonce'
            : ''
        if (what && isStaticBytes(value)) report(value, 'staticBytes', { what })
      }
    }
    for (const c of find(root, ['call', 'call_expression'])) {
      if (!/md5|sha1|createHash/i.test(c.text.slice(0, 80))) continue
      const fn = calleeText(c)
      const name = calleeName(c)
      const weak = /^hashlib\.(?:md5|sha1)$/.test(fn)
        ? name
        : name === 'createHash'
          ? (stringValue(callArgs(c)[0]) ?? '')
          : ''
      if (!/^(?:md5|sha1)$/i.test(weak)) continue
      const stmt = c.parent?.parent ?? c
      if (/passw/i.test(stmt.text)) report(c, 'weakHash', { hash: weak.toUpperCase() })
    }
  },
})
