/**
 * The HTTP contract every runtime must honour. Plain functions over `fetch` with their own asserts,
 * so the same checks run from vitest (against Node, Deno and workerd) and from `deno test`.
 */

export interface ContractCheck {
  name: string
  run(base: URL): Promise<void>
}

class ContractError extends Error {
  override name = 'ContractError'
}

function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new ContractError(message)
}

async function problem(res: Response, status: number): Promise<Record<string, unknown>> {
  check(res.status === status, `expected ${status}, got ${res.status}`)
  check(res.headers.get('content-type')?.startsWith('application/problem+json'), `problem content type, got ${res.headers.get('content-type')}`)
  const body = (await res.json()) as Record<string, unknown>
  check(body.status === status, 'problem.status matches')
  check(typeof body.type === 'string' && typeof body.title === 'string', 'problem has type and title')
  check(body.instance === res.headers.get('x-request-id'), 'problem.instance is the request id')
  const text = JSON.stringify(body)
  check(!/\bat .*:\d+:\d+|node_modules|stack/i.test(text), 'no stack trace in a problem body')
  return body
}

export const contractChecks: ContractCheck[] = [
  {
    name: 'GET /health/live answers 200 {status: ok}',
    async run(base) {
      const res = await fetch(new URL('/health/live', base))
      check(res.status === 200, `status ${res.status}`)
      const body = (await res.json()) as { status?: string }
      check(body.status === 'ok', 'body.status is ok')
    },
  },
  {
    name: 'GET /health/ready answers 200 with passing database and migrations checks',
    async run(base) {
      const res = await fetch(new URL('/health/ready', base))
      const body = (await res.json()) as { status?: string; checks?: Record<string, { status: string }> }
      check(res.status === 200, `status ${res.status}: ${JSON.stringify(body)}`)
      check(body.status === 'ready', 'ready')
      check(body.checks?.database?.status === 'pass', 'database check passes')
      check(body.checks?.migrations?.status === 'pass', 'migrations check passes')
    },
  },
  {
    name: 'unknown route → 404 problem+json',
    async run(base) {
      const body = await problem(await fetch(new URL('/v1/no-such-thing', base)), 404)
      check(String(body.type).endsWith('not-found'), 'type not-found')
    },
  },
  {
    name: 'wrong method → 405 problem+json with Allow',
    async run(base) {
      const res = await fetch(new URL('/health/live', base), { method: 'DELETE' })
      const allow = res.headers.get('allow') ?? ''
      await problem(res, 405)
      check(allow.includes('GET'), `Allow lists GET, got "${allow}"`)
    },
  },
  {
    name: 'malformed JSON → 400 problem+json',
    async run(base) {
      const res = await fetch(new URL('/v1/auth/register', base), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email": "a@b.c", ',
      })
      await problem(res, 400)
    },
  },
  {
    name: 'schema violation → 422 problem+json with errors[{path, message}]',
    async run(base) {
      const res = await fetch(new URL('/v1/auth/register', base), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'not-an-email', password: 5 }),
      })
      const body = await problem(res, 422)
      const errors = body.errors as Array<{ path: string; message: string }>
      check(Array.isArray(errors) && errors.length >= 2, 'errors lists each failing field')
      const paths = errors.map((e) => e.path)
      check(paths.includes('email') && paths.includes('password'), `paths name the fields: ${paths.join(',')}`)
      check(errors.every((e) => typeof e.message === 'string' && e.message.length > 0), 'each error has a message')
    },
  },
  {
    name: 'security headers on every response',
    async run(base) {
      for (const path of ['/health/live', '/v1/no-such-thing']) {
        const res = await fetch(new URL(path, base))
        await res.body?.cancel()
        const h = res.headers
        check(h.get('x-content-type-options') === 'nosniff', `${path}: nosniff`)
        check(h.get('x-frame-options') === 'DENY', `${path}: x-frame-options DENY`)
        check((h.get('content-security-policy') ?? '').includes("default-src 'none'"), `${path}: CSP`)
        check(h.get('referrer-policy') === 'no-referrer', `${path}: referrer-policy`)
        check((h.get('strict-transport-security') ?? '').includes('max-age='), `${path}: HSTS`)
      }
    },
  },
  {
    name: 'request id: honoured when valid, generated otherwise',
    async run(base) {
      const mine = await fetch(new URL('/health/live', base), { headers: { 'x-request-id': 'contract-check-42' } })
      await mine.body?.cancel()
      check(mine.headers.get('x-request-id') === 'contract-check-42', 'valid id echoed')
      const bad = await fetch(new URL('/health/live', base), { headers: { 'x-request-id': 'bad id <script>' } })
      await bad.body?.cancel()
      const generated = bad.headers.get('x-request-id') ?? ''
      check(generated.length > 0 && generated !== 'bad id <script>', 'invalid id replaced')
    },
  },
  {
    name: 'OpenAPI 3.1 document at /openapi.json and a reference page at /docs',
    async run(base) {
      const res = await fetch(new URL('/openapi.json', base))
      check(res.status === 200, `openapi status ${res.status}`)
      const doc = (await res.json()) as { openapi?: string; paths?: Record<string, unknown> }
      check(doc.openapi === '3.1.0', `openapi version ${doc.openapi}`)
      check(doc.paths !== undefined && '/health/ready' in doc.paths, 'documents /health/ready')
      const docs = await fetch(new URL('/docs', base))
      check(docs.status === 200 && (docs.headers.get('content-type') ?? '').includes('text/html'), 'docs page served')
      await docs.body?.cancel()
    },
  },
]
