/**
 * @module The rule registry: an explicit map from rule id to rule, sorted by id and grouped by
 * category (scorecard's probes/entries.go, eslint's lib/rules/index.js). A meta-test checks that
 * every rule file is registered, tested and documented.
 */
import type { Rule } from '../types.ts'
import analyticsHardcodedMetrics from './analytics/hardcoded-metrics.ts'
import analyticsDataFlagUnsafe from './analytics/mock-flag-unsafe.ts'
import analyticsDataIdentifiers from './analytics/mock-identifiers.ts'
import analyticsSyntheticSeries from './analytics/synthetic-series.ts'
import codeHealthSilentImportSkip from './code-health/silent-import-skip.ts'
import codeHealthStubBody from './code-health/stub-body.ts'
import codeHealthTodoComment from './code-health/todo-comment.ts'
import codeHealthUnresolvedImport from './code-health/unresolved-import.ts'
import complianceFailOpenCompliance from './compliance/fail-open-compliance.ts'
import exchangeOrderWithoutClientId from './exchange/order-without-client-id.ts'
import exchangeUnsafeOrderRetry from './exchange/unsafe-order-retry.ts'
import monitoringConsoleLogging from './monitoring/console-logging.ts'
import monitoringSecretInLog from './monitoring/secret-in-log.ts'
import persistenceInMemoryStore from './persistence/in-memory-store.ts'
import persistenceMissingMigrations from './persistence/missing-migrations.ts'
import persistenceSqliteDefault from './persistence/sqlite-default.ts'
import securityAuthCoverage from './security/auth-coverage.ts'
import securityEnvGatedValidator from './security/env-gated-validator.ts'
import securityErrorLeak from './security/error-leak.ts'
import securityFailOpenAuth from './security/fail-open-auth.ts'
import securityHardcodedSecret from './security/hardcoded-secret.ts'
import securityLiveAuth from './security/live-auth.ts'
import securityLiveHardening from './security/live-hardening.ts'
import securityWeakCrypto from './security/weak-crypto.ts'
import tradingFailOpenRisk from './trading/fail-open-risk.ts'
import tradingFloatMoney from './trading/float-money.ts'

export const RULES: Readonly<Record<string, Rule<unknown>>> = {
  'analytics/hardcoded-metrics': analyticsHardcodedMetrics,
  'analytics/mock-flag-unsafe': analyticsDataFlagUnsafe,
  'analytics/mock-identifiers': analyticsDataIdentifiers,
  'analytics/synthetic-series': analyticsSyntheticSeries,
  'code-health/silent-import-skip': codeHealthSilentImportSkip,
  'code-health/stub-body': codeHealthStubBody,
  'code-health/todo-comment': codeHealthTodoComment,
  'code-health/unresolved-import': codeHealthUnresolvedImport,
  'compliance/fail-open-compliance': complianceFailOpenCompliance,
  'exchange/order-without-client-id': exchangeOrderWithoutClientId,
  'exchange/unsafe-order-retry': exchangeUnsafeOrderRetry,
  'monitoring/console-logging': monitoringConsoleLogging,
  'monitoring/secret-in-log': monitoringSecretInLog,
  'persistence/in-memory-store': persistenceInMemoryStore,
  'persistence/missing-migrations': persistenceMissingMigrations,
  'persistence/sqlite-default': persistenceSqliteDefault,
  'security/auth-coverage': securityAuthCoverage,
  'security/env-gated-validator': securityEnvGatedValidator,
  'security/error-leak': securityErrorLeak,
  'security/fail-open-auth': securityFailOpenAuth,
  'security/hardcoded-secret': securityHardcodedSecret,
  'security/live-auth': securityLiveAuth,
  'security/live-hardening': securityLiveHardening,
  'security/weak-crypto': securityWeakCrypto,
  'trading/fail-open-risk': tradingFailOpenRisk,
  'trading/float-money': tradingFloatMoney,
} as Record<string, Rule<unknown>>

/** All rules in id order. */
export const ALL_RULES: readonly Rule<unknown>[] = Object.keys(RULES)
  .sort()
  .map((id) => RULES[id]!)
