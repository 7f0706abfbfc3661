/**
 * @module Tracer access and span helpers over `@opentelemetry/api`.
 *
 * `src/` only ever talks to the API; which SDK (if any) records the spans is decided by the runtime
 * entry. With no SDK registered every call here is a cheap no-op.
 */
import { SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api'

export const TRACER_NAME = 'tradeworks'

export function getTracer(): Tracer {
  return trace.getTracer(TRACER_NAME)
}

/** Marks a span failed with the error's class name only: messages may carry user data. */
export function recordFailure(span: Span, err: unknown): void {
  const name = err instanceof Error ? err.name : typeof err
  span.setStatus({ code: SpanStatusCode.ERROR, message: name })
  span.setAttribute('error.type', name)
}

/**
 * Runs `fn` inside an active span of the given kind; the span ends when the promise settles.
 *
 * @example
 * await withSpan('order.submit', { 'order.id': id }, () => submit(order))
 */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL
): Promise<T> {
  return getTracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span)
    } catch (err) {
      recordFailure(span, err)
      throw err
    } finally {
      span.end()
    }
  })
}

export { SpanKind }
