/**
 * @module Compliance thresholds, each with the source of its number.
 *
 * The dollar thresholds are the ones DESIGN.md §9 and issue 7 take from the system we replace
 * (the seed); the seed's audit report itself does not state them. Where a number also has a
 * regulatory counterpart it is named; numbers with no outside source are marked as engineering
 * defaults for the compliance officer to confirm. All money is a decimal string.
 */
import { D, InvalidDecimal, dec } from '../lib/money.ts'
import type { Dec } from '../lib/money.ts'

export interface Sourced<T> {
  value: T
  source: string
}

export interface ComplianceConfig {
  /** A single order at or above this needs approved KYC. */
  kycRequiredOrderUsd: Sourced<string>
  /** Without approved KYC, orders taking the UTC-day total above this are blocked. */
  unverifiedDailyLimitUsd: Sourced<string>
  /** A single order at or above this raises a review alert. */
  largeOrderUsd: Sourced<string>
  /** Volume above this within any rolling hour raises a suspicious-activity alert. */
  rollingHourVolumeUsd: Sourced<string>
  structuringWindowHours: Sourced<number>
  structuringMinOrders: Sourced<number>
  /** Orders counted for structuring are each below this. */
  structuringPerOrderBelowUsd: Sourced<string>
  /** … and sum to at least this. */
  structuringTotalUsd: Sourced<string>
  /** An order at this fraction of a threshold or more, but below it, is "just under". */
  justUnderLowerFraction: Sourced<string>
  velocityMaxOrdersPerHour: Sourced<number>
  /** Round-amount rule: orders of at least this … */
  roundAmountMinUsd: Sourced<string>
  /** … that are an exact multiple of this. */
  roundAmountMultipleUsd: Sourced<string>
}

const SEED = 'DESIGN.md §9 and issue 7 (threshold of the replaced system, "the seed")'
const BSA_10K =
  'also the US BSA currency transaction report threshold (31 CFR 1010.311); ' +
  'structuring: 31 U.S.C. 5324'
const ENGINEERING =
  'engineering default, no regulatory or seed source: to be set by the compliance officer'

export const defaultComplianceConfig: ComplianceConfig = Object.freeze({
  kycRequiredOrderUsd: { value: '10000', source: `${SEED}; ${BSA_10K}` },
  unverifiedDailyLimitUsd: { value: '50000', source: SEED },
  largeOrderUsd: { value: '50000', source: SEED },
  rollingHourVolumeUsd: { value: '100000', source: SEED },
  structuringWindowHours: { value: 24, source: SEED },
  structuringMinOrders: { value: 2, source: SEED },
  structuringPerOrderBelowUsd: { value: '10000', source: `${SEED}; ${BSA_10K}` },
  structuringTotalUsd: { value: '10000', source: `${SEED}; ${BSA_10K}` },
  justUnderLowerFraction: {
    value: '0.9',
    source: `${SEED}: 90-99 % of a threshold, read as at least 90 % and below 100 %`,
  },
  velocityMaxOrdersPerHour: {
    value: 30,
    source:
      'engineering default, no regulatory or seed source: to be set by the compliance officer',
  },
  roundAmountMinUsd: {
    value: '5000',
    source:
      'engineering default, no regulatory or seed source: to be set by the compliance officer',
  },
  roundAmountMultipleUsd: {
    value: '1000',
    source:
      'FFIEC BSA/AML Examination Manual, Appendix F red flags (large, round-dollar amounts); ' +
      'multiple is an engineering default',
  },
})

/** Error listing every invalid setting; thrown at startup, never mid-order. */
export class InvalidComplianceConfig extends Error {
  override name = 'InvalidComplianceConfig'
  constructor(readonly problems: string[]) {
    super(`invalid compliance config: ${problems.join('; ')}`)
  }
}

/**
 * Defaults overridden by `overrides`; an override must say where its number comes from. Checks
 * every value and throws InvalidComplianceConfig listing all problems.
 *
 * @example
 * ```ts
 * const config = complianceConfig({
 *   velocityMaxOrdersPerHour: { value: 20, source: 'AML policy v3 §4.2' },
 * })
 * ```
 */
export function complianceConfig(overrides: Partial<ComplianceConfig> = {}): ComplianceConfig {
  const config = { ...defaultComplianceConfig, ...overrides }
  const problems: string[] = []
  for (const [key, entry] of Object.entries(config) as [string, Sourced<string | number>][]) {
    if (!entry || typeof entry.source !== 'string' || entry.source.trim() === '') {
      problems.push(`${key}: a source is required`)
      continue
    }
    if (typeof entry.value === 'number') {
      if (!Number.isInteger(entry.value) || entry.value < 1)
        problems.push(`${key}: not a positive integer`)
    } else if (!isPositiveDecimal(entry.value)) {
      problems.push(`${key}: not a positive decimal string`)
    }
  }
  if (problems.length === 0 && !usd(config.justUnderLowerFraction).lt(1)) {
    problems.push('justUnderLowerFraction: must be below 1')
  }
  if (problems.length > 0) throw new InvalidComplianceConfig(problems)
  return Object.freeze(config)
}

/** The decimal value of a money or fraction setting. */
export function usd(entry: Sourced<string>): Dec {
  return dec(entry.value)
}

function isPositiveDecimal(v: unknown): boolean {
  try {
    return typeof v === 'string' && dec(v).gt(new D(0))
  } catch (err) {
    if (err instanceof InvalidDecimal) return false
    throw err
  }
}
