/**
 * @module CLIENT spans for database queries.
 *
 * Neither postgres.js nor PGlite (nor drizzle, unless told) emit spans, so the drivers are wrapped
 * where drizzle calls them. Attributes follow the OTel database conventions; the parameterised query
 * text is recorded but parameter values never are (they can hold hashes, tokens or personal data).
 */
import { context, SpanKind, type Span } from '@opentelemetry/api'
import { getTracer, recordFailure } from './tracer.ts'

const OPERATION_RE = /^\s*(?:with\b[\s\S]*?\)\s*)?(select|insert|update|delete|create|alter|drop|begin|commit|rollback|savepoint|release|set|lock|truncate|do)\b/i
const TABLE_RE = /\b(?:from|into|update|table|join)\s+(?:"?(\w+)"?\.)?"?(\w+)"?/i

export function describeQuery(sql: string): { operation: string; table: string | undefined } {
  const op = OPERATION_RE.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY'
  const table = TABLE_RE.exec(sql)?.[2]
  return { operation: op, table }
}

/** Starts a CLIENT span for one query as a child of the active context. */
export function startQuerySpan(sql: string): Span {
  const { operation, table } = describeQuery(sql)
  return getTracer().startSpan(
    table ? `${operation} ${table}` : operation,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'postgresql',
        'db.operation.name': operation,
        ...(table && { 'db.collection.name': table }),
        'db.query.text': sql.length > 2000 ? `${sql.slice(0, 2000)}…` : sql,
      },
    },
    context.active()
  )
}

/** Ends `span` when `promise` settles and passes the outcome through. */
export function endWith<T>(span: Span, promise: Promise<T>): Promise<T> {
  return promise.then(
    (value) => {
      span.end()
      return value
    },
    (err: unknown) => {
      recordFailure(span, err)
      span.end()
      throw err
    }
  )
}
