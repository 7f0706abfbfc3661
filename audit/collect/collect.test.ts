import { describe, expect, it } from 'vitest'
import { classifyPath } from './classify.ts'
import { collectFacts } from './facts.ts'
import { parseRequirements, parseTomlDeps } from './manifests.ts'
import { memoryReader } from './reader.ts'

describe('classifyPath', () => {
  it('should keep tests, fixtures, benches, scripts, CLIs, docs and migrations out of production', () => {
    const cases: Record<string, string> = {
      'src/orders/orders.service.ts': 'production',
      'audit/rules/security/error-leak.ts': 'production',
      'src/orders/orders.service.test.ts': 'test',
      'audit/test/fixtures/broken-ts/src/app.ts': 'test',
      'test/exchange-sim/server.ts': 'test',
      'app/tests/test_orders.py': 'test',
      'conftest.py': 'test',
      'src/analytics/golden/derive.py': 'test',
      'bench/audit/run.ts': 'bench',
      'scripts/seed.ts': 'script',
      'src/db/migrate-cli.ts': 'script',
      'audit/cli.ts': 'script',
      'drizzle/0000_init.sql': 'migration',
      'alembic/versions/001.py': 'migration',
      'docs/guide.ts': 'docs',
      'vitest.config.ts': 'config',
    }
    for (const [p, kind] of Object.entries(cases)) expect(classifyPath(p), p).toBe(kind)
  })
})

describe('collectFacts', () => {
  it('should honour root and nested .gitignore files and config ignore globs', async () => {
    const facts = await collectFacts(
      memoryReader({
        '.gitignore': 'dist/\n*.log\n',
        'src/a.ts': '',
        'src/gen/.gitignore': 'out.ts\n',
        'src/gen/out.ts': '',
        'src/gen/keep.ts': '',
        'legacy/old.ts': '',
        'dist/x.js': '',
        'node_modules/p/index.js': '',
        'debug.log': '',
        'logo.png': '',
        'app.min.js': '',
      }),
      ['legacy/**']
    )
    expect(facts.files.map((f) => f.path)).toEqual([
      '.gitignore',
      'src/a.ts',
      'src/gen/.gitignore',
      'src/gen/keep.ts',
    ])
    expect(facts.paths.has('logo.png')).toBe(true)
  })

  it('should read manifests, tsconfig aliases and migration folders', async () => {
    const facts = await collectFacts(
      memoryReader({
        'package.json': JSON.stringify({
          name: 'x',
          dependencies: { hono: '4' },
          imports: { '#lib/*': './src/lib/*' },
        }),
        'tsconfig.json': '{ // comment\n "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }',
        'requirements.txt': 'FastAPI==0.110 # web\n-r dev.txt\npython-jose[cryptography]>=3\n',
        'drizzle/0000_a.sql': 'CREATE TABLE "a" ();',
        'alembic/versions/1_a.py': 'op.create_table("a")',
        '.env.example': 'JWT_SECRET=\n',
      })
    )
    expect(facts.npm[0]).toMatchObject({ name: 'x', deps: ['hono'], imports: ['#lib/*'] })
    expect(facts.tsPathAliases).toEqual(['@/'])
    expect(facts.python[0]!.deps).toEqual(['fastapi', 'python_jose'])
    expect(facts.migrations.drizzleDirs).toEqual(['drizzle'])
    expect(facts.migrations.alembicDirs).toEqual(['alembic/versions'])
    expect(Object.keys(facts.envExamples)).toEqual(['.env.example'])
  })
})

describe('manifest parsers', () => {
  it('should read PEP 621 arrays and poetry tables from pyproject.toml', () => {
    const toml =
      '[project]\nname = "svc"\ndependencies = [\n  "fastapi>=0.1",\n  "SQLAlchemy[asyncio]",\n]\n[tool.poetry.dependencies]\npython = "^3.11"\nccxt = "^4"\n'
    expect(parseTomlDeps('pyproject.toml', toml).deps).toEqual(['ccxt', 'fastapi', 'sqlalchemy'])
    expect(parseRequirements('r.txt', '\n# c\nredis==5\n').deps).toEqual(['redis'])
  })
})
