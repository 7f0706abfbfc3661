/**
 * @module Live probe of a running deployment (`--url`): security headers, readiness, that every
 * non-public OpenAPI operation answers 401/403 without credentials, that a malformed body gets a 4xx
 * without a stack trace, and that CORS never pairs a wildcard or reflected origin with credentials.
 * Only the given base URL is contacted; every request has a timeout.
 */
import type { ProbeCheck, ProbeResult } from '../types.ts'

export interface ProbeOptions {
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch
  /** Per-request timeout. */
  timeoutMs?: number
  openapiPath?: string
  readyPath?: string
  /** Path patterns that are public by design (beside OpenAPI `security: []`). */
  publicPaths?: RegExp
  /** At most this many operations are probed for auth. */
  maxOperations?: number
}

const DEFAULT_PUBLIC =
  /^\/?(?:v\d+\/)?(?:health(?:\/.*)?|ready|live|docs.*|openapi\.json|auth\/(?:login(?:\/mfa)?|register|refresh)|exchanges|markets\/.*)$/
const STACK =
  /\bat [\w.<>]+ \(|Traceback \(most recent call last\)|node_modules\/|\.(?:ts|js|py):\d+|File "[^"]+", line \d+/
const METHODS = ['get', 'post', 'put', 'patch', 'delete']
const PATH_PARAM_VALUE = '00000000-0000-4000-8000-000000000000'

type OpenApi = {
  security?: unknown[]
  paths?: Record<string, Record<string, { security?: unknown[] }>>
}

/**
 * Probes a deployment and returns one result per check (never throws for HTTP failures).
 * @param url - base URL, e.g. `http://127.0.0.1:8787`
 * @example
 * const { checks } = await probeDeployment('http://127.0.0.1:8787', { timeoutMs: 3000 })
 */
export async function probeDeployment(url: string, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const doFetch = opts.fetch ?? fetch
  const base = url.replace(/\/+$/, '')
  const timeoutMs = opts.timeoutMs ?? 5000
  const req = async (path: string, init: RequestInit = {}): Promise<Response | Error> => {
    try {
      return await doFetch(`${base}${path}`, {
        redirect: 'manual',
        ...init,
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err))
    }
  }
  const checks: ProbeCheck[] = []
  const add = (
    id: string,
    title: string,
    severity: ProbeCheck['severity'],
    ok: boolean,
    detail: string
  ) => checks.push({ id, title, severity, ok, detail })

  const root = await req(opts.readyPath ?? '/health/ready')
  if (root instanceof Error) {
    add('reachable', 'Deployment reachable', 'critical', false, `request failed: ${root.message}`)
    return { url: base, checks }
  }
  add(
    'health-ready',
    'Readiness endpoint answers 200',
    'high',
    root.status === 200,
    `${opts.readyPath ?? '/health/ready'} → ${root.status}`
  )
  const h = root.headers
  const missing = [
    h.get('x-content-type-options')?.toLowerCase() === 'nosniff'
      ? null
      : 'X-Content-Type-Options: nosniff',
    h.get('x-frame-options') || /frame-ancestors/.test(h.get('content-security-policy') ?? '')
      ? null
      : 'X-Frame-Options or CSP frame-ancestors',
    h.get('referrer-policy') ? null : 'Referrer-Policy',
    base.startsWith('https:') && !h.get('strict-transport-security')
      ? 'Strict-Transport-Security'
      : null,
  ].filter((x): x is string => x !== null)
  add(
    'security-headers',
    'Security headers present',
    'medium',
    missing.length === 0,
    missing.length ? `missing: ${missing.join(', ')}` : 'all present'
  )

  const cors = await req(opts.readyPath ?? '/health/ready', {
    method: 'OPTIONS',
    headers: { origin: 'https://probe.invalid', 'access-control-request-method': 'GET' },
  })
  if (!(cors instanceof Error)) {
    const allow = cors.headers.get('access-control-allow-origin')
    const creds = cors.headers.get('access-control-allow-credentials') === 'true'
    const bad = creds && (allow === '*' || allow === 'https://probe.invalid')
    add(
      'cors',
      'CORS does not pair any origin with credentials',
      'high',
      !bad,
      bad ? `allow-origin ${allow} with credentials` : `allow-origin ${allow ?? 'none'}`
    )
  }

  const specRes = await req(opts.openapiPath ?? '/openapi.json')
  let spec: OpenApi | null = null
  if (!(specRes instanceof Error) && specRes.ok)
    spec = (await specRes.json().catch(() => null)) as OpenApi | null
  if (!spec?.paths) {
    add(
      'openapi-auth',
      'Non-public routes answer 401 without credentials',
      'critical',
      false,
      'no OpenAPI document to enumerate routes'
    )
  } else {
    const open: string[] = []
    let probed = 0
    let firstPost: string | null = null
    for (const [path, ops] of Object.entries(spec.paths).sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const m of METHODS) {
        const op = ops[m]
        if (!op) continue
        const concrete = path
          .replace(/\{[^}]+\}/g, PATH_PARAM_VALUE)
          .replace(/:[A-Za-z_]\w*/g, PATH_PARAM_VALUE)
        if (m === 'post' && !firstPost) firstPost = concrete
        const isPublic =
          (Array.isArray(op.security) && op.security.length === 0) ||
          (opts.publicPaths ?? DEFAULT_PUBLIC).test(path.replace(/^\//, ''))
        if (isPublic || probed >= (opts.maxOperations ?? 200)) continue
        probed++
        const r = await req(concrete, {
          method: m.toUpperCase(),
          headers: { 'content-type': 'application/json' },
          ...(m === 'get' || m === 'delete' ? {} : { body: '{}' }),
        })
        if (r instanceof Error || (r.status !== 401 && r.status !== 403))
          open.push(`${m.toUpperCase()} ${path} → ${r instanceof Error ? r.message : r.status}`)
      }
    }
    add(
      'openapi-auth',
      'Non-public routes answer 401 without credentials',
      'critical',
      open.length === 0,
      open.length ? open.slice(0, 10).join('; ') : `${probed} operations refused anonymous calls`
    )
    const target = firstPost ?? '/v1/auth/login'
    const bad = await req(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"unterminated',
    })
    if (!(bad instanceof Error)) {
      const text = await bad.text().catch(() => '')
      const ok = bad.status >= 400 && bad.status < 500 && !STACK.test(text)
      add(
        'malformed-request',
        'Malformed request gets a 4xx without a stack trace',
        'high',
        ok,
        `POST ${target} with broken JSON → ${bad.status}${STACK.test(text) ? ', body contains a stack trace' : ''}`
      )
    }
  }
  return { url: base, checks: checks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) }
}
