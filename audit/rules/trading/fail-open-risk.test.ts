import rule from './fail-open-risk.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'risk error rejects the order',
      lang: 'python',
      code: 'try:\n    risk_manager.validate_order(order)\nexcept Exception:\n    logger.exception("risk")\n    return {"status": "rejected"}\n',
    },
    {
      name: 'TS risk failure throws a problem',
      code: "try {\n  await risk.check(order)\n} catch (e) {\n  throw problems.unprocessable('risk check failed')\n}\n",
    },
  ],
  invalid: [
    {
      name: 'risk check error passes',
      lang: 'python',
      code: 'try:\n    await risk_service.check_limits(user_id, order)\nexcept Exception as e:\n    logger.error(f"risk check error: {e}")\n    pass\n',
      errors: [{ line: 3, messageId: 'swallowed' }],
    },
    {
      name: 'TS risk error swallowed',
      code: "try {\n  await riskEngine.checkOrder(order)\n} catch (err) {\n  log.warn('risk unavailable')\n}\n",
      errors: [{ line: 3 }],
    },
  ],
})
