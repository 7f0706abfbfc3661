import rule from './hardcoded-secret.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'denylist of known defaults used to refuse them',
      code: "const KNOWN_DEFAULT_SECRETS = new Set(['changeme', 'secret', 'your-secret-key'])\nconst DEFAULT_SECRET = 'changeme'\nexport function refuse(s: string) {\n  if (s === 'changeme' || KNOWN_DEFAULT_SECRETS.has(s)) throw new Error('default secret')\n}\n",
    },
    {
      name: 'env var names and header names',
      code: "const SECRET_ENV = 'JWT_SECRET'\nconst tokenHeader = 'x-api-key'\nconst apiKeyPrefix = 'tw_live_'\n",
    },
    {
      name: 'validation messages keyed by field',
      code: "const errors = { password: 'must be at least 12 characters' }\n",
    },
    {
      name: 'Python env read without default and empty default',
      lang: 'python',
      code: 'JWT_SECRET = os.getenv("JWT_SECRET")\nAPI_KEY = os.environ.get("API_KEY", "")\n',
    },
    {
      name: 'secret in a test',
      path: 'tests/test_auth.py',
      lang: 'python',
      code: 'JWT_SECRET = "changeme"\n',
    },
    {
      name: 'DSN without password',
      code: "const url = 'postgres://postgres@127.0.0.1:5432/test'\n",
    },
  ],
  invalid: [
    {
      name: 'pydantic settings defaults',
      lang: 'python',
      code: 'class Settings(BaseSettings):\n    jwt_secret: str = "your-secret-key-change-in-production"\n    encryption_key: str = Field(default="dev-encryption-key-123")\n',
      errors: [
        { line: 2, messageId: 'knownDefault' },
        { line: 3, messageId: 'knownDefault' },
      ],
    },
    {
      name: 'getenv fallback and process.env fallback',
      code: "const secret = process.env.JWT_SECRET ?? 'changeme'\n",
      errors: [{ line: 1, messageId: 'knownDefault' }],
    },
    {
      name: 'Python getenv default, high-entropy key, jwt literal key, DSN password',
      lang: 'python',
      code: 'SECRET = os.getenv("JWT_SECRET", "supersecret")\nAPI_KEY = "sk_live_9fA3kQ7zX1pL8mN2vB6cR4tY"\ntoken = jwt.encode(payload, "hunter2hunter2", algorithm="HS256")\nDB = "postgresql://app:s3cretpw@db:5432/app"\n',
      errors: [
        { line: 1, messageId: 'knownDefault' },
        { line: 2, messageId: 'literal' },
        { line: 3, messageId: 'jwtKey' },
        { line: 4, messageId: 'dsn' },
      ],
    },
  ],
})
