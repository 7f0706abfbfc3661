/**
 * @module Binance request authentication as the simulator checks it: API key header, hex
 * HMAC-SHA256 over the params exactly as sent, timestamp within recvWindow.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { BinanceApiError } from './types.ts'

const MAX_RECV_WINDOW = 60_000

export function verify(
  req: IncomingMessage,
  rawQuery: string,
  body: string,
  p: Record<string, string>,
  k: { apiKey: string; secret: string; now: number }
): void {
  const key = req.headers['x-mbx-apikey']
  if (typeof key !== 'string' || key === '')
    throw new BinanceApiError(401, -2014, 'API-key format invalid.')
  if (key !== k.apiKey)
    throw new BinanceApiError(401, -2015, 'Invalid API-key, IP, or permissions for action.')
  if (!p.timestamp)
    throw new BinanceApiError(
      400,
      -1102,
      "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed."
    )
  const sent = [rawQuery, body].join('').match(/(?:^|&)signature=([0-9a-fA-F]*)/)
  if (!sent)
    throw new BinanceApiError(
      400,
      -1102,
      "Mandatory parameter 'signature' was not sent, was empty/null, or malformed."
    )
  // Binance signs the query string followed by the body, exactly as sent, minus the signature.
  const strip = (s: string) => s.replace(/&?signature=[0-9a-fA-F]*/, '').replace(/^&/, '')
  const payload = strip(rawQuery) + strip(body)
  const expected = createHmac('sha256', k.secret).update(payload).digest()
  const given = Buffer.from(sent[1]!, 'hex')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new BinanceApiError(400, -1022, 'Signature for this request is not valid.')
  }
  const recvWindow = p.recvWindow === undefined ? 5000 : Number(p.recvWindow)
  if (!Number.isFinite(recvWindow) || recvWindow > MAX_RECV_WINDOW) {
    throw new BinanceApiError(400, -1131, 'recvWindow must be less than 60000')
  }
  const ts = Number(p.timestamp)
  if (!Number.isFinite(ts))
    throw new BinanceApiError(
      400,
      -1102,
      "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed."
    )
  if (ts > k.now + 1000)
    throw new BinanceApiError(
      400,
      -1021,
      "Timestamp for this request was 1000ms ahead of the server's time."
    )
  if (k.now - ts > recvWindow)
    throw new BinanceApiError(
      400,
      -1021,
      'Timestamp for this request is outside of the recvWindow.'
    )
}
