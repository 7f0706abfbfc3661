/**
 * @module RFC 9457 problem details.
 *
 * `ProblemError` is the one error type the HTTP edge renders. Services throw it (or a named
 * subclass); `onError` turns it into `application/problem+json` with the request id as `instance`.
 * Anything else becomes a generic 500 that leaks nothing.
 */

export interface FieldError {
  /** Dotted path of the failing field (`items.0.amount`), or `''` for the whole body. */
  path: string
  message: string
}

export interface ProblemInit {
  status: number
  /** Short slug; rendered as the `type` URI `/problems/<slug>`. */
  type?: string
  title?: string
  detail?: string
  errors?: FieldError[]
  /** Extra members merged into the body (e.g. `quota`, `retryAfter`). */
  extra?: Record<string, unknown>
  /** Extra response headers (e.g. `Retry-After`, `Allow`). */
  headers?: Record<string, string>
  cause?: unknown
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export function problemTypeUri(slug: string): string {
  return `/problems/${slug}`
}

export class ProblemError extends Error {
  override name = 'ProblemError'
  readonly status: number
  readonly type: string
  readonly title: string
  readonly detail: string | undefined
  readonly errors: FieldError[] | undefined
  readonly extra: Record<string, unknown> | undefined
  readonly headers: Record<string, string> | undefined

  constructor(init: ProblemInit) {
    super(init.detail ?? init.title ?? TITLES[init.status] ?? 'Error', { cause: init.cause })
    this.status = init.status
    this.type = problemTypeUri(init.type ?? slugOf(init.status))
    this.title = init.title ?? TITLES[init.status] ?? 'Error'
    this.detail = init.detail
    this.errors = init.errors
    this.extra = init.extra
    this.headers = init.headers
  }

  toJSON(instance?: string): Record<string, unknown> {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail !== undefined && { detail: this.detail }),
      ...(instance !== undefined && { instance }),
      ...(this.errors !== undefined && { errors: this.errors }),
      ...this.extra,
    }
  }

  toResponse(instance?: string): Response {
    const headers = new Headers({ 'content-type': PROBLEM_CONTENT_TYPE, ...this.headers })
    return new Response(JSON.stringify(this.toJSON(instance)), { status: this.status, headers })
  }
}

function slugOf(status: number): string {
  return (TITLES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-')
}

/** Shorthands for the problems services raise most. */
export const problems = {
  badRequest: (detail: string, type = 'bad-request') => new ProblemError({ status: 400, type, detail }),
  unauthorized: (detail = 'Authentication is required.', type = 'unauthorized') =>
    new ProblemError({ status: 401, type, detail, headers: { 'www-authenticate': 'Bearer' } }),
  forbidden: (detail = 'You are not allowed to do this.', type = 'forbidden') =>
    new ProblemError({ status: 403, type, detail }),
  notFound: (detail = 'The resource does not exist.', type = 'not-found') =>
    new ProblemError({ status: 404, type, detail }),
  conflict: (detail: string, type = 'conflict', extra?: Record<string, unknown>) =>
    new ProblemError({ status: 409, type, detail, extra }),
  validation: (errors: FieldError[], detail = 'The request is invalid.') =>
    new ProblemError({ status: 422, type: 'validation-error', title: 'Validation failed', detail, errors }),
  unprocessable: (detail: string, type = 'unprocessable', extra?: Record<string, unknown>) =>
    new ProblemError({ status: 422, type, detail, extra }),
  tooManyRequests: (retryAfterSeconds: number, detail = 'Too many requests.', extra?: Record<string, unknown>) =>
    new ProblemError({
      status: 429,
      type: 'rate-limited',
      detail,
      headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
      extra,
    }),
  unavailable: (detail: string, type = 'unavailable') => new ProblemError({ status: 503, type, detail }),
}
