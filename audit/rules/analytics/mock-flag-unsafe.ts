/**
 * @module analytics/mock-flag-unsafe: an `ENABLE_MOCK_DATA`-style flag that production does not
 * refuse. A flag may default to true for development (DESIGN §4) only if start-up in production
 * refuses it; without that refusal a forgotten variable serves fabricated data to real users.
 */
import type { Node } from 'web-tree-sitter'
import { find, lineOf, words } from '../ast.ts'
import { defineRule } from '../define-rule.ts'
import { refusesInProduction } from '../production-refusal.ts'

interface Collected {
  mentions: { line: number; evidence: string; name: string }[]
  defaultsTrue: { line: number; evidence: string; name: string }[]
  refused: boolean
}

const FLAG_WORDS = new Set(['mock', 'fake', 'dummy', 'synthetic'])
const FLAG_RE =
  /(?:enable|use|allow)_?(?:mock|fake|dummy|synthetic)_?(?:data|mode|responses?|prices?|exchange)?|(?:mock|fake)_?(?:data|mode)/i

/** `ENABLE_MOCK_DATA`, `use_mock_data`, `mockMode`, `enableFakeData` … */
export function isDataFlagName(name: string): boolean {
  const w = words(name)
  if (!w.some((x) => FLAG_WORDS.has(x))) return false
  const flat = w.join('_')
  return /^(?:enable|use|allow)_(?:mock|fake|dummy|synthetic)(?:_\w+)?$|^(?:mock|fake)_(?:data|mode)$/.test(
    flat
  )
}

const TRUE = /^(?:True|true|["'](?:true|1|yes|on)["'])$/i

function defaultTrue(n: Node): boolean {
  const v = n.childForFieldName('value') ?? n.childForFieldName('right')
  if (!v) return false
  if (TRUE.test(v.text)) return true
  // getenv("ENABLE_MOCK_DATA", "true"), Field(default=True), v.optional(v.boolean(), true), ?? 'true'
  return /(?:getenv|environ\.get|get)\([^)]*,\s*(?:True|["'](?:true|1|yes)["'])\s*\)|default\s*=\s*True|optional\([^)]*,\s*(?:true|["']true["'])\s*\)|(?:\?\?|\|\|)\s*(?:true|["']true["'])/i.test(
    v.text
  )
}

export default defineRule<Collected>({
  meta: {
    id: 'analytics/mock-flag-unsafe',
    title: 'Mock-data flag not refused in production',
    category: 'analytics',
    severity: 'critical',
    languages: ['ts', 'python'],
    rationale:
      'A flag like ENABLE_MOCK_DATA that defaults on, or that production does not refuse, turns every ' +
      'mock path into a production path the day someone forgets to set it.',
    remediation:
      'Default the flag to false in production and make start-up refuse it there (settings validation: PRODUCTION_MODE/NODE_ENV=production with the flag on is an error).',
    docsUrl: 'audit/rules/README.md#analyticsmock-flag-unsafe',
    messages: {
      defaultTrue: '{{name}} defaults to true and production does not refuse it',
      notRefused: '{{name}} is used but production never refuses it',
    },
  },
  collect({ file }) {
    const lines = file.text.split('\n')
    const out: Collected = { mentions: [], defaultsTrue: [], refused: false }
    const root = file.tree.rootNode
    for (const n of find(root, [
      'identifier',
      'property_identifier',
      'string_content',
      'string_fragment',
    ])) {
      if (!/mock|fake|dummy|synthetic/i.test(n.text) || !isDataFlagName(n.text)) continue
      out.mentions.push({ line: lineOf(n), evidence: lines[lineOf(n) - 1] ?? '', name: n.text })
      const b = n.parent?.type === 'string' ? n.parent.parent : n.parent
      if (
        b &&
        /^(?:assignment|variable_declarator|pair|keyword_argument|public_field_definition)$/.test(
          b.type
        ) &&
        defaultTrue(b)
      ) {
        out.defaultsTrue.push({
          line: lineOf(b),
          evidence: lines[lineOf(b) - 1] ?? '',
          name: n.text,
        })
      }
    }
    if (out.mentions.length === 0) return undefined
    out.refused = refusesInProduction(root, FLAG_RE)
    return out
  },
  applicable: (_facts, collected) => collected.size > 0,
  checkRepo({ collected, reportAt }) {
    if ([...collected.values()].some((c) => c.refused)) return
    let reported = false
    for (const [path, c] of collected) {
      for (const d of c.defaultsTrue) {
        reportAt(path, d.line, 'defaultTrue', d.evidence, { name: d.name })
        reported = true
      }
    }
    if (reported) return
    const [path, c] =
      [...collected.entries()].find(([p]) => /settings|config/i.test(p)) ??
      [...collected.entries()][0]!
    const m = c.mentions[0]!
    reportAt(path, m.line, 'notRefused', m.evidence, { name: m.name })
  },
})
