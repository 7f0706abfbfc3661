/**
 * @module Adapts the compliance feature's provider screening (`screening.screenProvider` of the
 * sanctions screening service: stores the screening, opens a case on a hit, throws
 * `SanctionsListUnavailable` (503) without an active list) to the marketplace's
 * `ProviderScreening`. Structural, so the marketplace does not import compliance internals.
 */
import type { ProviderScreening } from './screening.ts'

export interface ComplianceProviderScreener {
  screenProvider(input: {
    providerRef: string
    name: string
    type?: 'individual' | 'entity'
    subjectUserId?: string | null
  }): Promise<{ hit: boolean; screeningId: string; caseId: string | null }>
}

/**
 * @example
 * createServices(core, { providerScreening: providerScreeningFromCompliance(compliance.screening) })
 */
export function providerScreeningFromCompliance(
  screener: ComplianceProviderScreener
): ProviderScreening {
  return {
    async screenProvider(req) {
      const r = await screener.screenProvider({
        providerRef: req.providerRef,
        name: req.legalName,
        type: req.entityType,
        subjectUserId: req.userId,
      })
      // A hit is referred to by its case (what an officer works on), a clear result by the screening.
      return r.hit
        ? { outcome: 'hit', reference: r.caseId ?? r.screeningId }
        : { outcome: 'clear', reference: r.screeningId }
    },
  }
}
