import rule from './error-leak.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'generic problem, error logged',
      code: "app.onError((err, c) => {\n  logger.error('unhandled', { err })\n  return c.json({ type: 'about:blank', title: 'Internal error', status: 500 }, 500)\n})\n",
    },
    {
      name: 'known domain error renders its own message',
      code: 'try { x() } catch (e) {\n  if (e instanceof InvalidDecimal) return c.json({ detail: e.message }, 422)\n  throw e\n}\n',
    },
    {
      name: 'error mapped by a function to a safe problem body',
      code: "app.onError((err, c) => c.json(toProblem(err, c.get('requestId')), statusOf(err)))\n",
    },
    {
      name: 'specific Python exception type',
      lang: 'python',
      code: 'try:\n    q = Decimal(raw)\nexcept InvalidOperation as e:\n    raise HTTPException(status_code=422, detail=str(e))\n',
    },
    {
      name: 'broad handler, generic detail',
      lang: 'python',
      code: 'try:\n    place()\nexcept Exception as e:\n    logger.exception("place failed")\n    raise HTTPException(status_code=500, detail="internal error")\n',
    },
  ],
  invalid: [
    {
      name: 'detail=str(e) and traceback in JSONResponse',
      lang: 'python',
      code: 'try:\n    place()\nexcept Exception as e:\n    raise HTTPException(status_code=500, detail=str(e))\n\ntry:\n    x()\nexcept:\n    return JSONResponse({"trace": traceback.format_exc()}, status_code=500)\n',
      errors: [{ line: 4, messageId: 'leak' }, { line: 9 }],
    },
    {
      name: 'stack in Hono onError and message in express catch',
      code: 'app.onError((err, c) => c.json({ error: err.stack }, 500))\ntry { run() } catch (e) {\n  res.status(500).json({ message: e.message })\n}\n',
      errors: [{ line: 1 }, { line: 3 }],
    },
  ],
})
