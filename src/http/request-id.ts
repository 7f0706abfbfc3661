/**
 * @module Request ids: honour a caller's `x-request-id` when it is short and plain, else make one.
 *
 * The id goes on the response after the handler ran, so responses built outside `c` (problem
 * responses from `onError`/`notFound`) carry it too.
 */
import type { MiddlewareHandler } from 'hono'
import { withHeaders, type EarlyHeaders } from './early-headers.ts'
import type { AppEnv } from './types.ts'

export const REQUEST_ID_HEADER = 'x-request-id'
const VALID_RE = /^[\w\-=.:]{1,128}$/

/**
 * @param [options.generator=crypto.randomUUID] - makes an id when the caller sent none or an invalid one
 * @param [options.early] - the runtime's early-header capability, when it has one
 * @example app.use(requestId())
 */
export const requestId = ({
  generator = () => crypto.randomUUID(),
  early,
}: { generator?: () => string; early?: EarlyHeaders } = {}): MiddlewareHandler<AppEnv> =>
  async function requestId(c, next) {
    const incoming = c.req.header(REQUEST_ID_HEADER)
    const id = incoming && VALID_RE.test(incoming) ? incoming : generator()
    c.set('requestId', id)
    return withHeaders(c, next, [[REQUEST_ID_HEADER, id]], early)
  }
