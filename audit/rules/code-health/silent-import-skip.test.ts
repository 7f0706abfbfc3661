import rule from './silent-import-skip.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'unconditional router import',
      lang: 'python',
      code: 'from .routes import bots\napp.include_router(bots.router)\n',
    },
    {
      name: 'optional accelerator with fallback import',
      lang: 'python',
      code: 'try:\n    import orjson as json\nexcept ImportError:\n    import json\n',
    },
    {
      name: 'failure re-raised',
      lang: 'python',
      code: 'try:\n    from .routes import bots\nexcept ImportError as e:\n    logger.error("bots router: %s", e)\n    raise\n',
    },
    {
      name: 'TS lazy import of a package, error propagates',
      code: "try {\n  await import('ccxt')\n} catch (err) {\n  throw new Error('ccxt missing', { cause: err })\n}\n",
    },
  ],
  invalid: [
    {
      name: 'router import logged and skipped',
      lang: 'python',
      code: 'try:\n    from .routes import ai_analysis\n    app.include_router(ai_analysis.router)\nexcept ImportError as e:\n    logger.warning(f"AI routes unavailable: {e}")\n',
      errors: [{ line: 2, messageId: 'skipped' }],
    },
    {
      name: 'TS route module import swallowed',
      code: "try {\n  const m = await import('./routes/bots.ts')\n  app.route('/bots', m.default)\n} catch (e) {\n  logger.warn('bots disabled')\n}\n",
      errors: [{ line: 2 }],
    },
  ],
})
