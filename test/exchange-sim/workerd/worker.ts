/**
 * @module Worker used by workerd.test.ts: runs the real gateway (ccxt included) inside workerd
 * against the loopback simulator, to prove the fetch implementation works there.
 */
import { redirectApiUrls, type CcxtExchange } from '../../../src/exchanges/ccxt-instance.ts'
import { createExchangeGateway } from '../../../src/exchanges/gateway.ts'
import { dec } from '../../../src/lib/money.ts'

interface Env {
  SIM_URL: string
  API_KEY: string
  SECRET: string
}

export default {
  async fetch(req: Request, env: Env): Promise<Response> {
    if (new URL(req.url).pathname === '/plain') return plainCcxt(env)
    const gw = createExchangeGateway({
      exchange: 'binance',
      credentials: { apiKey: env.API_KEY, secret: env.SECRET },
      baseUrlOverride: env.SIM_URL,
      ccxtRateLimit: false,
    })
    try {
      const ticker = await gw.ticker('BTC/USDT')
      const order = await gw.createOrder({
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'market',
        amount: dec('0.1'),
        clientOrderId: 'workerd-1',
      })
      const refused = await gw
        .createOrder({
          symbol: 'BTC/USDT',
          side: 'buy',
          type: 'limit',
          amount: dec('100'),
          price: dec('29000'),
          clientOrderId: 'workerd-2',
        })
        .catch((e) => e)
      return Response.json({
        ask: ticker.ask?.toFixed() ?? null,
        status: order.status,
        clientOrderId: order.clientOrderId,
        cost: order.cost?.toFixed() ?? null,
        tradeIds: order.trades.map((t) => t.tradeId),
        refused: { name: refused?.name, reason: refused?.reason },
      })
    } catch (e) {
      return Response.json(
        { error: (e as Error).name, message: (e as Error).message },
        { status: 500 }
      )
    }
  },
}

/** Control: ccxt with its own fetch path, no fetchImplementation of ours. */
async function plainCcxt(env: Env): Promise<Response> {
  const ccxt = (await import('ccxt')) as unknown as Record<string, new (c: object) => CcxtExchange>
  const ex = new ccxt.binance!({
    enableRateLimit: false,
    options: { fetchCurrencies: false, fetchMarkets: { types: ['spot'] } },
  })
  redirectApiUrls(ex, env.SIM_URL)
  try {
    await ex.fetchTicker('BTC/USDT')
    return Response.json({ ok: true })
  } catch (e) {
    return Response.json({
      ok: false,
      error: (e as Error).name,
      message: (e as Error).message.slice(0, 200),
    })
  }
}
