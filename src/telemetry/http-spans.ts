/**
 * @module SERVER span per request, continuing the caller's trace when it sends `traceparent`.
 *
 * The span is named `METHOD route` with the matched route pattern (`/v1/orders/:id`), never the raw
 * path, so span names stay low-cardinality.
 */
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api'
import type { Context, MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import { getTracer, recordFailure } from './tracer.ts'

const headerGetter: TextMapGetter<Headers> = {
  keys: (h) => [...h.keys()],
  get: (h, key) => h.get(key) ?? undefined,
}

/** The pattern of the route that handled the request, or undefined when none matched. */
export function matchedRoute(c: Context): string | undefined {
  const routes = matchedRoutes(c).filter((r) => r.method !== 'ALL')
  return routes.at(-1)?.path
}

export const httpSpans = (): MiddlewareHandler => {
  // A ProxyTracer: it follows whichever provider the runtime registers later.
  const tracer = getTracer()
  return async function httpSpans(c, next) {
    const parent = propagation.extract(ROOT_CONTEXT, c.req.raw.headers, headerGetter)
    const method = c.req.method
    const span = tracer.startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': method,
          'url.path': c.req.path,
          'url.scheme': c.req.url.startsWith('https:') ? 'https' : 'http',
        },
      },
      parent
    )
    try {
      await context.with(trace.setSpan(parent, span), next)
    } catch (err) {
      recordFailure(span, err)
      throw err
    } finally {
      // Without a recording provider (no OTLP endpoint) the span keeps nothing: skip the work.
      if (span.isRecording()) describeResponse(c, span, method)
      span.end()
    }
  }
}

/** The matched route (low-cardinality name), status and request id, once the response exists. */
function describeResponse(c: Context, span: Span, method: string) {
  const route = matchedRoute(c)
  if (route) {
    span.setAttribute('http.route', route)
    span.updateName(`${method} ${route}`)
  }
  const status = c.res.status
  span.setAttribute('http.response.status_code', status)
  const rid = c.get('requestId' as never) as string | undefined
  if (rid) span.setAttribute('request.id', rid)
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR })
}
