import rule from './fail-open-auth.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'error denies with 401',
      lang: 'python',
      code: 'try:\n    ok = await verify_2fa(user, code)\nexcept Exception:\n    logger.exception("2fa error")\n    raise HTTPException(status_code=401)\nif not ok:\n    raise HTTPException(status_code=403)\n',
    },
    {
      name: 'TS middleware returns 401 on error',
      code: "try {\n  await verifyToken(token)\n} catch (err) {\n  return c.json({ title: 'Unauthorized' }, 401)\n}\nawait next()\n",
    },
    { name: 'try around unrelated code', code: "try { parse(x) } catch { logger.warn('bad') }\n" },
  ],
  invalid: [
    {
      name: '2FA error logged and continued',
      lang: 'python',
      code: 'async def place(order, code):\n    try:\n        await two_factor_service.verify_2fa(order.user_id, code)\n    except Exception as e:\n        logger.warning(f"2FA check failed: {e}")\n    return await exchange.create_order(order)\n',
      errors: [{ line: 4, messageId: 'swallowed' }],
    },
    {
      name: 'middleware calls next() on auth error; negative result ignored',
      code: "try {\n  await authenticate(c)\n} catch {\n  await next()\n}\nif (!(await verifyTotp(secret, code))) {\n  logger.warn('bad code')\n}\n",
      errors: [
        { line: 3, messageId: 'swallowed' },
        { line: 6, messageId: 'ignored' },
      ],
    },
  ],
})
