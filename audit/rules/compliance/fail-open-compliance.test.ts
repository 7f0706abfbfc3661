import rule from './fail-open-compliance.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'gate fails closed by returning blocked',
      code: "export async function check(input: Input) {\n  try {\n    return decidePreTrade(await load(input))\n  } catch (err) {\n    return { decision: 'blocked', reasons: ['compliance check failed'] }\n  }\n}\n",
    },
    {
      name: 'Python sets decision to blocked',
      lang: 'python',
      code: 'try:\n    result = compliance_service.check_kyc(user)\nexcept Exception:\n    decision = "blocked"\n',
    },
  ],
  invalid: [
    {
      name: 'KYC error logged and trade continues',
      lang: 'python',
      code: 'try:\n    await compliance_service.check_kyc(user_id)\nexcept Exception as e:\n    logger.warning(f"KYC check failed, continuing: {e}")\nawait exchange.create_order(order)\n',
      errors: [{ line: 3, messageId: 'swallowed' }],
    },
    {
      name: 'sanctions screening error ignored in TS',
      code: "try {\n  await sanctions.screen({ name })\n} catch (e) {\n  logger.error('screening down')\n}\n",
      errors: [{ line: 3 }],
    },
  ],
})
