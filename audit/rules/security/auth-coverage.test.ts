import rule from './auth-coverage.ts'
import { ruleTester } from '../../test/rule-tester.ts'

const ordersRouter =
  "import { Hono } from 'hono'\nexport function createOrdersRouter(deps: Deps) {\n  const r = new Hono()\n  r.get('/', (c) => c.json(deps.list()))\n  r.post('/', (c) => c.json({}, 201))\n  return r\n}\n"

ruleTester(rule, {
  valid: [
    {
      name: 'Hono router applies requireAuth itself',
      code: "const r = new Hono()\nr.use(requireAuth())\nr.post('/v1/orders', (c) => c.json({}))\nr.get('/v1/orders/:id', (c) => c.json({}))\n",
    },
    {
      name: 'app-level use before mounting a router from another file',
      path: 'src/app.ts',
      code: "import { createOrdersRouter } from './orders/orders.index.ts'\nconst app = new Hono()\napp.use('/v1/*', requireAuth())\napp.route('/v1/orders', createOrdersRouter(deps))\n",
      files: { 'src/orders/orders.index.ts': ordersRouter },
    },
    {
      name: 'public routes: health, login, explicit marker, describeRoute security []',
      code: "app.get('/health/ready', h)\napp.post('/v1/auth/login', h)\n// readiness: public\napp.post('/v1/webhooks/stripe', h)\napp.post('/v1/contact', describeRoute({ security: [] }), h)\napp.get('/v1/exchanges', h)\n",
    },
    {
      name: 'FastAPI Depends, router dependencies and Annotated alias',
      lang: 'python',
      code: 'router = APIRouter(prefix="/bots", dependencies=[Depends(get_current_user)])\n@router.post("/")\nasync def create(body: BotIn):\n    ...\n\n@app.get("/orders")\nasync def orders(user: User = Depends(get_current_user)):\n    ...\n\n@app.delete("/keys/{id}")\nasync def delete_key(id: str, user: CurrentUser):\n    ...\n',
    },
    {
      name: 'a marker above one route of a chained router applies to that route',
      code: "export const r = new Hono()\n  .use(requireAuth())\n  .get('/v1/orders', h)\n",
    },
    {
      name: 'Map.get is not a route',
      code: "const v = cache.get('/orders')\nmap.set('/orders', 1)\n",
    },
  ],
  invalid: [
    {
      name: 'chained routes: the marker covers only the route below it, findings point at the method',
      code: "export const r = new Hono()\n  .post('/v1/orders', h)\n  // readiness: public\n  .post('/v1/auth/logout', h)\n  .delete('/v1/keys/:id', h)\n",
      errors: [{ line: 2 }, { line: 5 }],
    },
    {
      name: 'router mounted without auth in another file',
      path: 'src/app.ts',
      code: "import { createOrdersRouter } from './orders/orders.index.ts'\nconst app = new Hono()\napp.route('/v1/orders', createOrdersRouter(deps))\napp.use('/v1/*', requireAuth())\n",
      files: { 'src/orders/orders.index.ts': ordersRouter },
      errors: [
        { line: 4, path: 'src/orders/orders.index.ts' },
        { line: 5, path: 'src/orders/orders.index.ts' },
      ],
    },
    {
      name: 'FastAPI write and user-data read without Depends',
      lang: 'python',
      code: 'router = APIRouter(prefix="/api/marketplace")\n@router.post("/signals")\nasync def publish(signal: SignalIn):\n    ...\n\n@router.get("/subscriptions")\nasync def subs():\n    ...\n\n@router.get("/listings")\nasync def listings():\n    ...\n',
      errors: [
        { line: 2, messageId: 'unauthenticated' },
        { line: 6, messageId: 'unauthenticated' },
      ],
    },
    {
      name: 'permission check that can never pass',
      lang: 'python',
      code: 'def require_admin(user):\n    raise HTTPException(status_code=403)\n\ndef is_officer(user):\n    return user.role == "officer" and user.role == "admin"\n',
      errors: [
        { line: 1, messageId: 'cannotPass' },
        { line: 5, messageId: 'contradiction' },
      ],
    },
  ],
})
