/**
 * @module The real `ProviderPerformanceSource`: the provider's performance per trading mode from the
 * analytics tables (the same FIFO books, trade rows and daily rollups, and the same definitions, as
 * `/v1/analytics/performance?mode=…`). Imported history (venue `imported`) is left out: anyone can
 * upload a file, so it proves nothing to a subscriber.
 */
import type { AnalyticsService } from '../analytics/analytics.service.ts'
import type { ProviderPerformance, ProviderPerformanceSource } from './performance-source.ts'

export function analyticsPerformance(read: AnalyticsService): ProviderPerformanceSource {
  const ofMode = async (userId: string, mode: 'live' | 'paper') => {
    const p = await read.performance({
      filters: { userId, mode, excludeVenue: 'imported' },
      range: { fromMs: null, toMs: null },
    })
    return p.fillCount === 0 ? null : p
  }
  return {
    async performanceOf(userId): Promise<ProviderPerformance> {
      const [live, paper] = await Promise.all([ofMode(userId, 'live'), ofMode(userId, 'paper')])
      return { live, paper }
    },
  }
}
