/**
 * @module How provider registration asks compliance whether a person or company may publish on the
 * marketplace: the `ProviderScreening` interface and the refusal problem. The implementation is the
 * compliance feature's screening service (compliance-screening.ts).
 */
import { ProblemError } from '../lib/problem.ts'

export interface ProviderScreeningRequest {
  /** `marketplace_provider:<id>`: the id the provider row gets when the screening is clear. */
  providerRef: string
  userId: string
  /** Narrows the comparison to people or to organisations when the provider says which. */
  entityType?: 'individual' | 'entity'
  /** Legal person or company name: the name screened against the sanctions lists. */
  legalName: string
  displayName: string
  requestId?: string
  ip?: string
}

export type ProviderScreeningResult =
  /** Screened, no match at the configured threshold. */
  | { outcome: 'clear'; reference: string | null }
  /** A sanctions match: registration is refused. The screening side has recorded it already. */
  | { outcome: 'hit'; reference: string | null }

export interface ProviderScreening {
  /**
   * Screens the provider and records a hit on the compliance side (alert or case) before
   * answering. Throws when it cannot screen (no list loaded, database error): registration then
   * fails closed.
   */
  screenProvider(req: ProviderScreeningRequest): Promise<ProviderScreeningResult>
}

/** 403 for a registration refused by sanctions screening; says nothing about the match itself. */
export function providerScreeningRefused(reference: string | null): ProblemError {
  return new ProblemError({
    status: 403,
    type: 'provider-screening-refused',
    title: 'Registration refused',
    detail:
      'The provider registration was refused after compliance screening. Contact support to review it.',
    extra: reference ? { screeningReference: reference } : undefined,
  })
}
