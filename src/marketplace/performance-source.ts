/**
 * @module Where a listing's performance comes from: the provider's own persisted fills, through the
 * analytics engine. Nothing here may estimate or fill in a value: no fills → null.
 */
import type { Performance } from '../analytics/performance.ts'

export interface ProviderPerformance {
  /** Fills of real orders sent to an exchange. */
  live: Performance | null
  /** Fills simulated against order books (paper trading). */
  paper: Performance | null
}

export interface ProviderPerformanceSource {
  /** Performance of the user's fills per trading mode; a mode without fills is null. */
  performanceOf(userId: string): Promise<ProviderPerformance>
}

export const PERFORMANCE_DESCRIPTION =
  "Computed from the provider's own recorded fills (imported history excluded) exactly as " +
  '/v1/analytics/performance?mode=… computes it (FIFO per venue, bot and symbol). null: no fills in that mode.'
