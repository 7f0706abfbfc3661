/**
 * @module Builds the compliance feature from the runtime's dependencies: KYC, screening over the
 * imported lists, alerts and cases, USD marks, the pre-trade check the order path calls, scheduled
 * jobs and the sanctions-list readiness check. Called once by the composition root (services.ts).
 */
import type { UsersRepository } from '../auth/users.repository.ts'
import type { Settings } from '../config/settings.ts'
import type { Database } from '../db/types.ts'
import { createSimVenue } from '../exchanges/sim/sim-venue.ts'
import type { MarketDataSource } from '../exchanges/types.ts'
import type { ReadinessCheck } from '../health/health.checks.ts'
import type { Clock } from '../lib/clock.ts'
import type { Envelope } from '../lib/envelope.ts'
import type { Logger } from '../lib/logger.ts'
import type { Job } from '../scheduler/scheduler.ts'
import { getTracer } from '../telemetry/tracer.ts'
import type { AuditLog } from './audit-log/audit-log.ts'
import { createCaseIntake } from './cases/case-intake.ts'
import { createCasesRepository } from './cases/cases.repository.ts'
import { createCasesService } from './cases/cases.service.ts'
import { complianceConfig, type ComplianceConfig } from './config.ts'
import { createKycRepository } from './kyc/kyc.repository.ts'
import { createKycRescreen } from './kyc/kyc-rescreen.ts'
import { createKycService, createKycUnsealer } from './kyc/kyc.service.ts'
import { createOrderValues, type OrderHistorySource } from './order-history.ts'
import { createPreTradeCompliance } from './pre-trade-compliance.ts'
import { importSanctionsList, type ImportInput } from './sanctions/sanctions-import.ts'
import { createSanctionsRepository } from './sanctions/sanctions.repository.ts'
import { createScreeningService } from './sanctions/screening.service.ts'
import { createUsdMarkRecorder, createUsdMarks } from './usd-marks.ts'

export interface ComplianceOptions {
  /**
   * Where USD marks are read: the runtime entry passes a venue gateway (Node/Deno, ccxt); with
   * `USD_MARK_VENUE=sim` (development) the synthetic sim venue is used. Without one no marks are
   * recorded by this instance, and orders quoted in anything but USD are blocked until some
   * instance records them.
   */
  usdMarkSource?: MarketDataSource
  /** The user's order history for the pre-trade check (bind to the orders table; see README). */
  orderHistory?: OrderHistorySource
  /** Thresholds with sources; defaults from config.ts. */
  complianceConfig?: ComplianceConfig
}

export function createComplianceServices(
  core: {
    settings: Settings
    database: Database
    logger: Logger
    clock: Clock
    auditLog: AuditLog
    envelope: () => Promise<Envelope>
    users: Pick<UsersRepository, 'findById'>
  },
  opts: ComplianceOptions = {}
) {
  const { settings, database, logger, clock, auditLog, envelope, users } = core
  const db = database.db
  const config = opts.complianceConfig ?? complianceConfig()

  const casesRepo = createCasesRepository(db)
  const intake = createCaseIntake({ repo: casesRepo, clock })
  const sanctionsRepo = createSanctionsRepository(db)
  const kycRepo = createKycRepository(db)
  const screening = createScreeningService({
    db,
    repo: sanctionsRepo,
    intake,
    auditLog,
    clock,
    threshold: settings.sanctions.matchThreshold,
  })
  const kyc = createKycService({
    db,
    repo: kycRepo,
    sanctions: sanctionsRepo,
    screening,
    intake,
    envelope,
    auditLog,
    clock,
  })
  const rescreen = createKycRescreen({
    db,
    repo: kycRepo,
    sanctions: sanctionsRepo,
    screening,
    intake,
    unseal: createKycUnsealer(envelope),
    auditLog,
    clock,
    logger,
  })
  const cases = createCasesService({ db, repo: casesRepo, users, auditLog, clock })
  const marks = createUsdMarks({ db, maxAgeSeconds: settings.usdMarks.maxAgeSeconds })
  const orderValues = createOrderValues(db)
  const preTrade = createPreTradeCompliance({
    db,
    config,
    marks,
    kyc: kycRepo,
    history: opts.orderHistory ?? orderValues,
    values: orderValues,
    intake,
    logger,
    tracer: getTracer(),
  })

  const markSource =
    settings.usdMarks.venue === 'sim' && settings.enableMockData
      ? createSimVenue({ enabled: true, clock })
      : opts.usdMarkSource
  const markRecorder = markSource
    ? createUsdMarkRecorder({
        marks,
        source: markSource,
        symbols: settings.usdMarks.symbols,
        clock,
        logger,
      })
    : null

  const jobs: Job[] = [
    {
      // After an import, approved (and pending) users are screened against the new version.
      name: 'sanctions-rescreen',
      intervalSeconds: 300,
      leaseSeconds: 900,
      async run({ now }) {
        for (const list of await sanctionsRepo.listsAwaitingRescreen(now)) {
          const report = await rescreen.rescreenForList(list.id)
          if (report)
            logger.info('kyc rescreen', { list: list.name, version: list.version, ...report })
        }
      },
    },
    ...(markRecorder ? [markRecorder.job(settings.usdMarks.intervalSeconds)] : []),
  ]
  const readinessChecks: ReadinessCheck[] = [
    screening.readiness({
      maxAgeHours: settings.sanctions.listMaxAgeHours,
      production: settings.production,
    }),
  ]

  return {
    config,
    kyc,
    rescreen,
    cases,
    screening,
    preTrade,
    marks,
    markRecorder,
    orderValues,
    intake,
    kycRepo,
    sanctionsRepo,
    /** `npm run sanctions:import`: atomic import, then re-screen against the new version. */
    async importList(input: ImportInput) {
      const result = await importSanctionsList({ db, repo: sanctionsRepo, clock }, input)
      await auditLog.append({
        actor: null,
        action:
          result.status === 'imported' ? 'sanctions.list_imported' : 'sanctions.list_unchanged',
        subject: `sanctions_list:${result.list.id}`,
        details: {
          name: result.list.name,
          version: result.list.version,
          entries: result.list.entryCount,
          aliases: result.list.aliasCount,
          previousVersion: result.previous?.version ?? null,
        },
      })
      const screened =
        result.status === 'imported' ? await rescreen.rescreenForList(result.list.id) : null
      return { ...result, rescreen: screened }
    },
    jobs,
    readinessChecks,
  }
}

export type ComplianceServices = ReturnType<typeof createComplianceServices>
