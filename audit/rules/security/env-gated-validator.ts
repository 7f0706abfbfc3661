/**
 * @module security/env-gated-validator: secret validation that runs only when one particular
 * environment variable says "production". The seed validated JWT and encryption keys under
 * `NODE_ENV` while production was signalled by `PRODUCTION_MODE`, so the check never ran there.
 * A condition built from a derived flag (`isProduction`) or from two signals passes.
 */
import type { Node } from 'web-tree-sitter'
import { ancestor, find, isFunction } from '../ast.ts'
import { defineRule } from '../define-rule.ts'
import { isSecretName } from '../lexicon.ts'

const SELECTORS = [
  'NODE_ENV',
  'PRODUCTION_MODE',
  'ENVIRONMENT',
  'APP_ENV',
  'ENV',
  'FLASK_ENV',
  'PYTHON_ENV',
  'STAGE',
  'DENO_ENV',
]
/** Upper-case env names, or their lower-case settings-attribute spelling (bare `env` is an object). */
const SELECTOR_RE = new RegExp(
  `\\b(${SELECTORS.join('|')}|${SELECTORS.filter((s) => s !== 'ENV')
    .map((s) => s.toLowerCase())
    .join('|')})\\b`,
  'g'
)

const DIRECT_ENV = /getenv|environ|process\.env|Deno\.env|import\.meta\.env|["']production["']/

function selectorsIn(cond: Node): Set<string> {
  const found = new Set<string>()
  for (const m of cond.text.matchAll(SELECTOR_RE)) found.add(m[1]!.toUpperCase())
  return found
}

function mentionsSecret(n: Node): boolean {
  return find(n, [
    'identifier',
    'property_identifier',
    'attribute',
    'string_content',
    'string_fragment',
  ]).some((x) => isSecretName(x.text))
}

export default defineRule({
  meta: {
    id: 'security/env-gated-validator',
    title: 'Secret validation gated on a single environment variable',
    category: 'security',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      'When the check that refuses default or weak secrets keys off one variable (NODE_ENV) and ' +
      'production is also signalled by another (PRODUCTION_MODE), a production start skips the check.',
    remediation:
      'Derive one production flag from every signal (PRODUCTION_MODE or NODE_ENV=production) in the settings module and validate secrets whenever it is set.',
    docsUrl: 'audit/rules/README.md#securityenv-gated-validator',
    messages: { gated: 'secret validation runs only when {{selector}} says production' },
  },
  check({ file, report }) {
    for (const i of find(file.tree.rootNode, 'if_statement')) {
      const cond = i.childForFieldName('condition')
      const body = i.childForFieldName('consequence')
      if (!cond || !body) continue
      const sel = selectorsIn(cond)
      if (sel.size !== 1) continue
      // A derived settings flag (`self.production_mode`) is fine; a raw env read or env-string test is not.
      if (!DIRECT_ENV.test(cond.text)) continue
      if (
        find(body, ['raise_statement', 'throw_statement']).length === 0 &&
        !/\b(?:issues|errors)\.push|addIssue/.test(body.text)
      )
        continue
      const fn = ancestor(i, isFunction)
      if (!mentionsSecret(body) && !(fn && mentionsSecret(fn))) continue
      report(cond, 'gated', { selector: [...sel][0]! })
    }
  },
})
