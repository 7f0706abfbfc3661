import rule from './env-gated-validator.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'derived production flag from both signals',
      code: "const production = env.PRODUCTION_MODE === 'true' || env.NODE_ENV === 'production'\nif (production && KNOWN.has(env.JWT_SECRET)) issues.push({ name: 'JWT_SECRET', reason: 'known default' })\n",
    },
    {
      name: 'both signals in the condition',
      lang: 'python',
      code: '@field_validator("jwt_secret")\ndef check(cls, v, info):\n    if info.data.get("PRODUCTION_MODE") or info.data.get("NODE_ENV") == "production":\n        if v in DEFAULTS:\n            raise ValueError("default secret")\n    return v\n',
    },
    {
      name: 'env gate unrelated to secrets',
      code: "if (process.env.NODE_ENV === 'test') throw new Error('no test db url')\n",
    },
  ],
  invalid: [
    {
      name: 'validator keyed off NODE_ENV only',
      lang: 'python',
      code: '@field_validator("jwt_secret")\ndef check(cls, v):\n    if os.getenv("NODE_ENV") == "production":\n        if v == "changeme":\n            raise ValueError("default secret")\n    return v\n',
      errors: [{ line: 3, messageId: 'gated' }],
    },
    {
      name: 'TS secret check under PRODUCTION_MODE only',
      code: "export function validate(s: Settings) {\n  if (process.env.PRODUCTION_MODE === 'true') {\n    if (s.jwtSecret.length < 32) throw new Error('JWT secret too short')\n  }\n}\n",
      errors: [{ line: 2 }],
    },
  ],
})
