import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/support/app.ts'
import { ProblemError } from '../lib/problem.ts'
import { validate } from './validate.ts'

const ThingSchema = v.object({
  name: v.pipe(v.string(), v.minLength(2)),
  amount: v.pipe(v.string(), v.regex(/^\d+(\.\d+)?$/, 'must be a decimal string')),
})

function appWithRoutes(env = {}) {
  const t = createTestApp({ env })
  t.app.post('/test/things', validate('json', ThingSchema), (c) => c.json(c.req.valid('json'), 201))
  t.app.get('/test/boom', () => {
    const err = new Error('relation "users" violates constraint; password=hunter2 SELECT * FROM users')
    ;(err as Error & { code: string }).code = '23505'
    throw err
  })
  t.app.get('/test/problem', () => {
    throw new ProblemError({ status: 409, type: 'already-there', detail: 'It exists.' })
  })
  return t
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
})

describe('HTTP edge', () => {
  it('should accept a valid body', async () => {
    const { app } = appWithRoutes()
    const res = await app.request('/test/things', json({ name: 'ok', amount: '1.5' }))
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ name: 'ok', amount: '1.5' })
  })

  it('should answer malformed JSON with a 400 problem', async () => {
    const { app } = appWithRoutes()
    const res = await app.request('/test/things', json('{"name": '))
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const body = await res.json()
    expect(body).toMatchObject({ type: '/problems/malformed-request', status: 400, detail: 'The request body is not valid JSON.' })
    expect(body.instance).toBe(res.headers.get('x-request-id'))
  })

  it('should answer schema violations with a 422 problem naming each field', async () => {
    const { app } = appWithRoutes()
    const res = await app.request('/test/things', json({ name: 'x', amount: 12 }))
    expect(res.status).toBe(422)
    const body = await res.json()
    expect(body.type).toBe('/problems/validation-error')
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['amount', 'name'])
    for (const e of body.errors) expect(e.message).toEqual(expect.any(String))
  })

  it('should answer a non-JSON body with 415', async () => {
    const { app } = appWithRoutes()
    const res = await app.request('/test/things', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'name=ok' })
    expect(res.status).toBe(415)
    expect((await res.json()).type).toBe('/problems/unsupported-media-type')
  })

  it('should answer a body over the limit with 413', async () => {
    const { app } = appWithRoutes({ BODY_LIMIT_BYTES: '1024' })
    const res = await app.request('/test/things', json({ name: 'x'.repeat(5000), amount: '1' }))
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ type: '/problems/body-too-large', limitBytes: 1024 })
  })

  it('should give the fill import its own, larger body limit and keep the global one elsewhere', async () => {
    const { app } = appWithRoutes({ BODY_LIMIT_BYTES: '1024' })
    const big = { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'x'.repeat(5000) }
    // past the body limit: unauthenticated (401), not 413
    expect((await app.request('/v1/fills/import', big)).status).toBe(401)
    expect((await app.request('/test/things', big)).status).toBe(413)
  })

  it('should render thrown problems as they are', async () => {
    const { app } = appWithRoutes()
    const res = await app.request('/test/problem')
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ type: '/problems/already-there', detail: 'It exists.' })
  })

  it('should answer an unexpected error with a bare 500 and log no message, SQL, stack or secret', async () => {
    const { app, logs } = appWithRoutes()
    const res = await app.request('/test/boom', { headers: { 'x-request-id': 'req-500' } })
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({
      type: '/problems/internal-error',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred. Quote request id req-500 when reporting it.',
      instance: 'req-500',
    })
    const logged = logs.join('\n')
    expect(logged).toContain('"requestId":"req-500"')
    expect(logged).toContain('"code":"23505"')
    for (const leak of ['hunter2', 'SELECT', 'violates', '    at ']) {
      expect(text).not.toContain(leak)
      expect(logged).not.toContain(leak)
    }
  })

  it('should answer unknown paths with 404 and other methods with 405 + Allow', async () => {
    const { app } = appWithRoutes()
    const missing = await app.request('/v1/unknown')
    expect(missing.status).toBe(404)
    expect((await missing.json()).type).toBe('/problems/not-found')
    const wrong = await app.request('/test/things', { method: 'GET' })
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('POST')
  })

  it('should put a request id, security headers and no CORS headers on responses by default', async () => {
    const { app } = appWithRoutes()
    const res = await app.request('/health/live', { headers: { origin: 'https://evil.example' } })
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('should allow only configured CORS origins', async () => {
    const { app } = appWithRoutes({ CORS_ORIGINS: 'https://app.example.com' })
    const ok = await app.request('/health/live', { headers: { origin: 'https://app.example.com' } })
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    const other = await app.request('/health/live', { headers: { origin: 'https://evil.example' } })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    const preflight = await app.request('/v1/orders', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'idempotency-key' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Idempotency-Key')
  })

  it('should log one JSON line per request with the request id and without query strings', async () => {
    const { app, logs } = appWithRoutes()
    await app.request('/health/live?token=abc123', { headers: { 'x-request-id': 'log-1' } })
    const line = logs.map((l) => JSON.parse(l)).find((l) => l.requestId === 'log-1')
    expect(line).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/health/live', status: 200 })
    expect(logs.join()).not.toContain('abc123')
  })
})
