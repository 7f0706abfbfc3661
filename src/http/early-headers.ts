/**
 * @module A runtime capability: write response headers on the transport before the app responds.
 *
 * On Node, headers set on `ServerResponse` up front are merged into the response at no per-header
 * cost, whereas adding them to a finished `Response` turns its headers into a WHATWG `Headers` object
 * (validated, sorted, converted back) — measurable on every request. Runtimes without such a
 * transport simply don't provide the capability, and middleware falls back to `c.res.headers`.
 */
import type { Context } from 'hono'

export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>

/** Returns true when the runtime took the headers; false means "set them on the response yourself". */
export type EarlyHeaders = (c: Context, headers: HeaderList) => boolean

/** Sets `headers` early when the runtime can, else after the handler on `c.res`. */
export async function withHeaders(c: Context, next: () => Promise<void>, headers: HeaderList, early?: EarlyHeaders) {
  if (early?.(c, headers)) return next()
  await next()
  const target = c.res.headers
  for (const [name, value] of headers) target.set(name, value)
}
