/**
 * @module Client IP for rate limits and audit records: the runtime's peer address, or the first
 * `X-Forwarded-For` hop only when TRUST_PROXY says a proxy we control sets it.
 */
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from './types.ts'

/** One implementation per runtime (Node socket, Deno remoteAddr, Workers cf-connecting-ip). */
export type GetClientIp = (c: Context) => string | undefined

export const clientIp = ({ trustProxy, fromRuntime }: { trustProxy: boolean; fromRuntime?: GetClientIp }): MiddlewareHandler<AppEnv> =>
  async function clientIp(c, next) {
    let ip: string | undefined
    if (trustProxy) ip = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (!ip) {
      try {
        ip = fromRuntime?.(c)
      } catch {
        ip = undefined
      }
    }
    if (ip && ip.length <= 64) c.set('clientIp', ip)
    await next()
  }
