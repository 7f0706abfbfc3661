/**
 * @module The demo seed (`npm run seed:demo`): a demo user and three running bots on the
 * SYNTHETIC `sim` venue, so a newcomer sees orders, fills and positions appear without an exchange
 * account. Only with ENABLE_MOCK_DATA and never in production (refused, not skipped). Re-running
 * keeps the user and adds only bots it does not have yet.
 */
import { and, eq } from 'drizzle-orm'
import { users } from '../auth/auth.schema.ts'
import type { Settings } from '../config/settings.ts'
import { randomToken } from '../lib/ids.ts'
import { D } from '../lib/money.ts'
import type { Services } from '../services.ts'
import { bots } from './bots.schema.ts'

export const DEMO_EMAIL = 'demo@example.com'

export class DemoSeedRefused extends Error {
  override name = 'DemoSeedRefused'
}

export interface DemoSeedResult {
  userId: string
  email: string
  /** Only when the user was created by this run (never stored in clear anywhere). */
  password: string | null
  created: string[]
  existing: string[]
}

export async function seedDemo(settings: Settings, services: Services): Promise<DemoSeedResult> {
  if (settings.production) throw new DemoSeedRefused('the demo seed is refused in production')
  if (!settings.enableMockData)
    throw new DemoSeedRefused(
      'the demo seed needs ENABLE_MOCK_DATA (it trades on the synthetic sim venue)'
    )
  const db = services.core.database.db
  let password: string | null = null
  let [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_EMAIL))
  if (!user) {
    password = `demo-${randomToken(12)}`
    user = await services.accounts.auth.register({ email: DEMO_EMAIL, password }, {})
  }
  const sim = services.trading.venues.marketData('sim')
  const { bid, ask } = await sim.ticker('BTC/USDT')
  const mid = bid!.plus(ask!).div(2)
  const around = (f: string) => mid.times(f).toDecimalPlaces(2, D.ROUND_HALF_UP).toFixed()
  const wanted = [
    {
      name: 'Demo DCA BTC',
      strategy: 'dca' as const,
      symbol: 'BTC/USDT',
      config: { quoteAmount: '25', everyTicks: 1, maxBuys: 500 },
    },
    {
      name: 'Demo grid BTC',
      strategy: 'grid' as const,
      symbol: 'BTC/USDT',
      config: { lower: around('0.97'), upper: around('1.03'), levels: 12, amountPerLevel: '0.002' },
    },
    {
      name: 'Demo MA crossover ETH',
      strategy: 'ma_crossover' as const,
      symbol: 'ETH/USDT',
      config: { fast: 3, slow: 10, amount: '0.05' },
    },
  ]
  const created: string[] = []
  const existing: string[] = []
  for (const b of wanted) {
    const [found] = await db
      .select({ id: bots.id })
      .from(bots)
      .where(and(eq(bots.userId, user.id), eq(bots.name, b.name)))
    if (found) {
      existing.push(b.name)
      continue
    }
    const bot = await services.bots.service.create(user.id, { ...b, exchange: 'sim' })
    await services.bots.service.start(user.id, bot.id, { stepUp: false })
    created.push(b.name)
  }
  return { userId: user.id, email: DEMO_EMAIL, password, created, existing }
}
