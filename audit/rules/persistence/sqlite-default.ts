/**
 * @module persistence/sqlite-default: the database URL defaults to SQLite or an in-memory database
 * in production configuration, so a deployment that forgot DATABASE_URL runs on a throwaway file.
 * Passes when the same module refuses that default in production.
 */
import { find } from '../ast.ts'
import { defineRule } from '../define-rule.ts'
import { refusesInProduction } from '../production-refusal.ts'
import { BINDING_TYPES, literalBinding } from '../secret-literals.ts'

const URL_NAME =
  /^(?:database_?ur[li]|db_?ur[li]|sqlalchemy_database_ur[il]|database_?dsn|db_?dsn|connection_?string)$/i
const EPHEMERAL = /^(?:sqlite(?:\+\w+)?:|file:|memory:|:memory:|pglite:)|:memory:/i

export default defineRule({
  meta: {
    id: 'persistence/sqlite-default',
    title: 'Database URL defaults to SQLite or memory',
    category: 'persistence',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      'A SQLite or in-memory default turns a missing DATABASE_URL into silent data loss instead of a start-up error.',
    remediation:
      'Give DATABASE_URL no default in production; refuse to start unless it is a postgres(ql):// URL.',
    docsUrl: 'audit/rules/README.md#persistencesqlite-default',
    messages: { ephemeral: '{{name}} defaults to {{value}}' },
  },
  check({ file, report }) {
    const root = file.tree.rootNode
    let refused: boolean | undefined
    for (const b of find(root, BINDING_TYPES)) {
      if (!/sqlite|memory|file:|pglite/i.test(b.text)) continue
      const lit = literalBinding(b)
      if (!lit || !URL_NAME.test(lit.name.replace(/^_+/, '')) || !EPHEMERAL.test(lit.value))
        continue
      refused ??= refusesInProduction(root, /database_?url|db_?url|sqlite|DATABASE/i)
      if (!refused) report(lit.node, 'ephemeral', { name: lit.name, value: lit.value.slice(0, 40) })
    }
  },
})
