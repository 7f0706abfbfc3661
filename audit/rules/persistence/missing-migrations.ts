/**
 * @module persistence/missing-migrations: ORM tables declared in code (drizzle `pgTable('x', …)`,
 * SQLAlchemy `__tablename__ = "x"`) with no migration folder, or a table that no migration creates.
 * `metadata.create_all()` in production code is schema-by-accident, not a migration.
 */
import { callArgs, calleeName, calleeText, find, lineOf, stringValue } from '../ast.ts'
import { defineRule } from '../define-rule.ts'

interface Table {
  name: string
  orm: 'drizzle' | 'sqlalchemy'
  line: number
  evidence: string
}
interface Collected {
  tables: Table[]
  createAll: { line: number; evidence: string }[]
}

const DRIZZLE_TABLE = /^(?:pgTable|sqliteTable|mysqlTable|pgTableCreator)$/

function createsTable(texts: string[], name: string, orm: Table['orm']): boolean {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const re =
    orm === 'drizzle'
      ? new RegExp(
          `create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(?:["\`]?\\w+["\`]?\\.)?["\`]?${esc}["\`]?\\s*\\(`,
          'i'
        )
      : new RegExp(`create_table\\(\\s*["']${esc}["']`)
  return texts.some((t) => re.test(t))
}

export default defineRule<Collected>({
  meta: {
    id: 'persistence/missing-migrations',
    title: 'Models without migrations',
    category: 'persistence',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      'Tables that exist only as ORM classes are created ad hoc (or not at all) in production; schema ' +
      'changes then happen by hand and the deployed database drifts from the code.',
    remediation:
      'Generate migrations (drizzle-kit generate, alembic revision --autogenerate) for every model, commit them, and apply them on deploy.',
    docsUrl: 'audit/rules/README.md#persistencemissing-migrations',
    messages: {
      noMigrations:
        'table {{table}} is declared with {{orm}} but the repository has no migrations for it',
      notMigrated: 'table {{table}} is not created by any migration',
      createAll: 'schema created with create_all() instead of migrations',
    },
  },
  collect({ file }) {
    const lines = file.text.split('\n')
    const ev = (line: number) => lines[line - 1] ?? ''
    const out: Collected = { tables: [], createAll: [] }
    const root = file.tree.rootNode
    if (file.language === 'ts') {
      for (const c of find(root, 'call_expression')) {
        if (!DRIZZLE_TABLE.test(calleeText(c))) continue
        const name = stringValue(callArgs(c)[0])
        if (name)
          out.tables.push({ name, orm: 'drizzle', line: lineOf(c), evidence: ev(lineOf(c)) })
      }
    } else {
      for (const a of find(root, 'assignment')) {
        if (a.childForFieldName('left')?.text !== '__tablename__') continue
        const name = stringValue(a.childForFieldName('right'))
        if (name)
          out.tables.push({ name, orm: 'sqlalchemy', line: lineOf(a), evidence: ev(lineOf(a)) })
      }
      for (const c of find(root, 'call')) {
        if (calleeName(c) === 'create_all')
          out.createAll.push({ line: lineOf(c), evidence: ev(lineOf(c)) })
      }
    }
    return out.tables.length || out.createAll.length ? out : undefined
  },
  applicable: (_facts, collected) => collected.size > 0,
  checkRepo({ facts, collected, reportAt }) {
    const m = facts.migrations
    const texts = Object.entries(m.migrationTexts)
    for (const [path, c] of collected) {
      for (const t of c.tables) {
        const dirs = t.orm === 'drizzle' ? m.drizzleDirs.concat(m.prismaDirs) : m.alembicDirs
        const relevant = texts
          .filter(([p]) => dirs.some((d) => p.startsWith(d === '' ? '' : `${d}/`)))
          .map(([, s]) => s)
        if (dirs.length === 0)
          reportAt(path, t.line, 'noMigrations', t.evidence, { table: t.name, orm: t.orm })
        else if (!createsTable(relevant, t.name, t.orm))
          reportAt(path, t.line, 'notMigrated', t.evidence, { table: t.name })
      }
      for (const x of c.createAll) reportAt(path, x.line, 'createAll', x.evidence)
    }
  },
})
