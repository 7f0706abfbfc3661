import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeDeployment } from './probe.ts'

const spec = {
  openapi: '3.1.0',
  security: [{ bearer: [] }],
  paths: {
    '/health/ready': { get: { security: [] } },
    '/v1/auth/login': { post: { security: [] } },
    '/v1/orders': { get: {}, post: {} },
    '/v1/orders/{id}': { get: {} },
  },
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void

const good: Handler = (req, res, body) => {
  res.setHeader('x-content-type-options', 'nosniff')
  res.setHeader('x-frame-options', 'DENY')
  res.setHeader('referrer-policy', 'no-referrer')
  if (req.method === 'OPTIONS')
    return res.writeHead(204, { 'access-control-allow-origin': 'https://app.example' }).end()
  if (req.url === '/health/ready') return res.writeHead(200).end('{"status":"ok"}')
  if (req.url === '/openapi.json')
    return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(spec))
  if (!req.headers.authorization)
    return res
      .writeHead(401, { 'content-type': 'application/problem+json' })
      .end('{"title":"Unauthorized","status":401}')
  try {
    JSON.parse(body)
    res.writeHead(200).end('{}')
  } catch {
    res.writeHead(400).end('{"title":"Bad Request"}')
  }
}

const broken: Handler = (req, res, body) => {
  if (req.method === 'OPTIONS') {
    return res
      .writeHead(204, {
        'access-control-allow-origin': String(req.headers.origin),
        'access-control-allow-credentials': 'true',
      })
      .end()
  }
  if (req.url === '/health/ready') return res.writeHead(503).end('db down')
  if (req.url === '/openapi.json') return res.writeHead(200).end(JSON.stringify(spec))
  try {
    if (body) JSON.parse(body)
    res.writeHead(200).end('[{"id":"1","amount":"1"}]')
  } catch (err) {
    res
      .writeHead(500)
      .end(
        `SyntaxError: ${(err as Error).message}\n    at JSON.parse (<anonymous>)\n    at handler (/srv/app/node_modules/x/index.js:10:5)`
      )
  }
}

async function start(h: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => h(req, res, body))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

describe('probeDeployment', () => {
  let a: { server: Server; url: string }
  let b: { server: Server; url: string }
  beforeAll(async () => {
    a = await start(good)
    b = await start(broken)
  })
  afterAll(() => {
    a.server.close()
    b.server.close()
  })

  it('should pass every check on a well-behaved app', async () => {
    const r = await probeDeployment(a.url, { timeoutMs: 3000 })
    expect(r.checks.filter((c) => !c.ok)).toEqual([])
    expect(r.checks.map((c) => c.id)).toEqual([
      'cors',
      'health-ready',
      'malformed-request',
      'openapi-auth',
      'security-headers',
    ])
  })

  it('should fail each check on a deliberately broken app', async () => {
    const r = await probeDeployment(b.url, { timeoutMs: 3000 })
    const failed = Object.fromEntries(r.checks.filter((c) => !c.ok).map((c) => [c.id, c.detail]))
    expect(Object.keys(failed).sort()).toEqual([
      'cors',
      'health-ready',
      'malformed-request',
      'openapi-auth',
      'security-headers',
    ])
    expect(failed['openapi-auth']).toContain('GET /v1/orders → 200')
    expect(failed['malformed-request']).toContain('stack trace')
  })

  it('should report an unreachable deployment instead of throwing', async () => {
    const r = await probeDeployment('http://127.0.0.1:9', { timeoutMs: 1000 })
    expect(r.checks).toEqual([
      expect.objectContaining({ id: 'reachable', ok: false, severity: 'critical' }),
    ])
  })
})
