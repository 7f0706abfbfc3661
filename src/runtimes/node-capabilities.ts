/**
 * @module What the Node transport offers the app: the peer address and early response headers.
 */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { ServerResponse } from 'node:http'
import type { EarlyHeaders } from '../http/early-headers.ts'
import type { GetClientIp } from '../http/client-ip.ts'

export const nodeClientIp: GetClientIp = (c) => getConnInfo(c).remote.address

/** Headers set on the ServerResponse now are merged by Node into whatever the app answers. */
export const nodeEarlyHeaders: EarlyHeaders = (c, headers) => {
  const out = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing
  if (!out || out.headersSent) return false
  for (const [name, value] of headers) out.setHeader(name, value)
  return true
}
