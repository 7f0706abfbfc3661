/**
 * Child process for bench/http: serves the full Hono app and a bare node:http server on two ports,
 * so the load generator (in the parent) never shares their event loop. Prints `{hono, bare}` ports.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { createServer, type Server } from 'node:http'
import { createApp } from '../../src/app.ts'
import { loadSettings } from '../../src/config/settings.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { nodeClientIp, nodeEarlyHeaders } from '../../src/runtimes/node-capabilities.ts'


// The full production middleware stack (request id, spans, access log, security headers, body
// limit, client ip); only the log sink is silenced so the terminal isn't the bottleneck.
const app = createApp({
  settings: loadSettings({ JWT_SECRET: 'bench-only-secret-value-2f8e4a1c9b7d6e5f', LOG_LEVEL: 'silent' }),
  database: { db: undefined as never, kind: 'pglite', ping: async () => {}, close: async () => {} },
  logger: createLogger({ level: 'silent' }),
  getClientIp: nodeClientIp,
  earlyHeaders: nodeEarlyHeaders,
})
// The bare server answers the same bytes: the same JSON and the same response headers the app sends
// (security headers, a fresh request id), so the comparison is the cost of producing them, not of
// the client parsing a longer response.
const sample = await app.request('/health/live') // no transport here: headers land on the Response
const body = await sample.text()
const headers: Record<string, string> = {}
sample.headers.forEach((value, name) => {
  if (name !== 'x-request-id') headers[name] = value
})
const bare = createServer((req, res) => {
  if (req.url === '/health/live') res.writeHead(200, { ...headers, 'x-request-id': crypto.randomUUID() }).end(body)
  else res.writeHead(404).end()
})

// The floor: Hono on @hono/node-server with no middleware, answering the same JSON with the same
// headers set in the handler: what the framework and adapter cost before any of our middleware.
const plain = new Hono().get('/health/live', (c) => {
  for (const [name, value] of Object.entries(headers)) c.header(name, value)
  c.header('x-request-id', crypto.randomUUID())
  return c.body(body)
})

const hono = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server
const floor = serve({ fetch: plain.fetch, port: 0, hostname: '127.0.0.1' }) as Server
await Promise.all([hono, floor].map((s) => new Promise((r) => s.once('listening', r))))
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r))
const port = (s: Server) => (s.address() as { port: number }).port
process.stdout.write(`${JSON.stringify({ hono: port(hono), floor: port(floor), bare: port(bare) })}\n`)
