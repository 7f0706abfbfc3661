/**
 * @module Builds the marketplace feature (repositories and services) from its dependencies; the
 * composition root (services.ts) calls it once and app.ts mounts `createMarketplaceRouter`.
 */
import type { AuditLog } from '../compliance/audit-log/audit-log.ts'
import type { Db } from '../db/types.ts'
import type { Clock } from '../lib/clock.ts'
import { createListingsRepository } from './listings.repository.ts'
import { createListingsService } from './listings.service.ts'
import type { ProviderPerformanceSource } from './performance-source.ts'
import { createProvidersService } from './providers.service.ts'
import type { ProviderScreening } from './screening.ts'
import { createSignalsRepository } from './signals.repository.ts'
import { createSubscriptionsService } from './subscriptions.service.ts'

export interface MarketplaceDeps {
  db: Db
  auditLog: AuditLog
  clock: Clock
  /** Sanctions screening of new providers (compliance). */
  screening: ProviderScreening
  /** Listing performance from the provider's fills (trading + analytics). */
  performance: ProviderPerformanceSource
}

/**
 * @example
 * const marketplace = createMarketplace({ db, auditLog, clock, screening, performance })
 * app.route('/', createMarketplaceRouter({ gate, ...marketplace }))
 */
export function createMarketplace(deps: MarketplaceDeps) {
  const { db, auditLog, clock } = deps
  const listingsRepo = createListingsRepository(db)
  const signalsRepo = createSignalsRepository(db)
  return {
    providers: createProvidersService({
      db,
      repo: listingsRepo,
      screening: deps.screening,
      auditLog,
      clock,
    }),
    listings: createListingsService({
      db,
      listings: listingsRepo,
      signals: signalsRepo,
      performance: deps.performance,
      auditLog,
      clock,
    }),
    subscriptions: createSubscriptionsService({
      db,
      listings: listingsRepo,
      signals: signalsRepo,
      auditLog,
      clock,
    }),
  }
}

export type Marketplace = ReturnType<typeof createMarketplace>
