/**
 * A minimal loopback stand-in for Binance's signed `GET /api/v3/account` (HMAC-SHA256 over the
 * query, key in X-MBX-APIKEY), and an ExchangeCredentialValidator that calls it the way the ccxt
 * gateway will. Used until the exchange simulator (test/exchange-sim/) lands on main.
 */
import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ExchangeCredentialValidator } from '../../src/exchange-keys/credential-validator.ts'

export async function startLoopbackExchange(accounts: Record<string, string>) {
  let calls = 0
  let failing = false
  const server = createServer((req, res) => {
    calls++
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (failing) return send(503, { code: -1001, msg: 'Internal error' })
    if (req.method !== 'GET' || url.pathname !== '/api/v3/account')
      return send(404, { code: -1, msg: 'not found' })
    const key = String(req.headers['x-mbx-apikey'] ?? '')
    const signature = url.searchParams.get('signature') ?? ''
    const payload = url.search.slice(1).replace(/&?signature=[^&]*/, '')
    const secret = accounts[key]
    if (!secret)
      return send(401, { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' })
    if (createHmac('sha256', secret).update(payload).digest('hex') !== signature) {
      return send(400, { code: -1022, msg: 'Signature for this request is not valid.' })
    }
    send(200, { balances: [] })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    calls: () => calls,
    setFailing: (on: boolean) => void (failing = on),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export function loopbackValidator(baseUrl: string): ExchangeCredentialValidator {
  return {
    async validate(_exchange, { apiKey, secret }) {
      const query = `timestamp=${Date.now()}&recvWindow=10000`
      const signature = createHmac('sha256', secret).update(query).digest('hex')
      const res = await fetch(`${baseUrl}/api/v3/account?${query}&signature=${signature}`, {
        headers: { 'x-mbx-apikey': apiKey },
      })
      await res.body?.cancel()
      if (res.ok) return { ok: true }
      if (res.status === 401 || res.status === 400) return { ok: false, reason: 'authentication' }
      throw new Error(`exchange answered ${res.status}`)
    },
  }
}
