import rule from './sqlite-default.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    { name: 'postgres URL from env, no default', code: 'const url = process.env.DATABASE_URL\n' },
    {
      name: 'sqlite default refused in production',
      lang: 'python',
      code: 'DATABASE_URL = os.getenv("DATABASE_URL", "sqlite:///./dev.db")\nif PRODUCTION_MODE and DATABASE_URL.startswith("sqlite"):\n    raise RuntimeError("DATABASE_URL must be PostgreSQL in production")\n',
    },
    {
      name: 'in a test',
      path: 'tests/conftest.py',
      lang: 'python',
      code: 'DATABASE_URL = "sqlite:///:memory:"\n',
    },
  ],
  invalid: [
    {
      name: 'pydantic settings default to sqlite',
      lang: 'python',
      code: 'class Settings(BaseSettings):\n    database_url: str = "sqlite+aiosqlite:///./crypto.db"\n',
      errors: [{ line: 2, messageId: 'ephemeral' }],
    },
    {
      name: 'TS fallback to memory',
      code: "const databaseUrl = process.env.DATABASE_URL ?? 'memory://'\n",
      errors: [{ line: 1 }],
    },
  ],
})
