import rule from './mock-flag-unsafe.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'valibot settings refusing the flag in production',
      path: 'src/config/settings.ts',
      code: "const production = env.PRODUCTION_MODE === 'true' || env.NODE_ENV === 'production'\nconst mock = env.ENABLE_MOCK_DATA ?? String(!production)\nif (production && mock === 'true') issues.push({ name: 'ENABLE_MOCK_DATA', reason: 'refused in production' })\n",
    },
    {
      name: 'pydantic model validator refusing it',
      lang: 'python',
      path: 'app/config/settings.py',
      code: 'class Settings(BaseSettings):\n    enable_mock_data: bool = True\n    production_mode: bool = False\n    @model_validator(mode="after")\n    def refuse(self):\n        if self.production_mode and self.enable_mock_data:\n            raise ValueError("ENABLE_MOCK_DATA is refused in production")\n        return self\n',
    },
    { name: 'no flag anywhere', code: 'export const x = 1\n' },
  ],
  invalid: [
    {
      name: 'flag defaults to true with no refusal',
      lang: 'python',
      path: 'app/config/settings.py',
      code: 'class Settings(BaseSettings):\n    ENABLE_MOCK_DATA: bool = True\n    PRODUCTION_MODE: bool = False\n',
      errors: [{ line: 2, messageId: 'defaultTrue', path: 'app/config/settings.py' }],
    },
    {
      name: 'flag read with env default and never refused',
      path: 'src/config.ts',
      code: "export const useMockData = process.env.USE_MOCK_DATA === 'true'\n",
      errors: [{ line: 1, messageId: 'notRefused', path: 'src/config.ts' }],
    },
  ],
})
