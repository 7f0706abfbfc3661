import rule from './secret-in-log.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    { name: 'message text mentions a token', code: "logger.info('token refreshed', { userId })\n" },
    {
      name: 'length and presence of a secret',
      code: "logger.debug('key loaded', { length: secret.length, present: Boolean(apiKey) })\n",
    },
    {
      name: 'Python redacted and hashed',
      lang: 'python',
      code: 'logger.info("login %s", mask(password))\nlogger.info("key %s", hash_key(api_key))\n',
    },
    {
      name: 'metadata names',
      lang: 'python',
      code: 'logger.info("using %s", token_type)\nlogger.info("ttl %s", token_ttl)\n',
    },
    { name: 'not a log call', code: 'const out = JSON.stringify({ secret })\n' },
  ],
  invalid: [
    {
      name: 'password in an f-string',
      lang: 'python',
      code: 'def login(email, password):\n    logger.info(f"login {email} {password}")\n',
      errors: [{ line: 2, messageId: 'secret' }],
    },
    {
      name: 'object shorthand and member',
      code: "console.log('creds', { apiKey })\nlogger.info('x', req.body.password)\n",
      errors: [{ line: 1 }, { line: 2 }],
    },
    {
      name: 'key/value with secret key',
      lang: 'python',
      code: 'logger.debug("cfg", extra={"jwt_secret": settings.jwt})\n',
      errors: [{ line: 1 }],
    },
  ],
})
