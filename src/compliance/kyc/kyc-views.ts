/**
 * @module How KYC is shown: to the user (status and document kind, nothing that reveals a
 * screening) and to officers (the decrypted submission, its history and screenings).
 */
import type { ScreeningRow } from '../sanctions/sanctions.repository.ts'
import type { KycStatus } from '../pre-trade.ts'
import { effectiveStatus, type KycDecisionRow, type KycRow } from './kyc.repository.ts'

/** The sealed part of a submission. */
export interface Sensitive {
  legalName: string
  dateOfBirth: string
  address: { line1: string; line2?: string; city: string; postalCode?: string; region?: string }
  documentNumber: string
}

export interface KycView {
  /** Null when nothing was submitted (`not_started`). */
  id: string | null
  status: KycStatus
  country: string | null
  documentType: string | null
  submittedAt: string | null
  decidedAt: string | null
  expiresAt: string | null
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null

export function kycView(row: KycRow | null, now: Date): KycView {
  if (!row) {
    return {
      id: null,
      status: 'not_started',
      country: null,
      documentType: null,
      submittedAt: null,
      decidedAt: null,
      expiresAt: null,
    }
  }
  return {
    id: row.id,
    status: effectiveStatus(row, now),
    country: row.country,
    documentType: row.documentType,
    submittedAt: row.submittedAt.toISOString(),
    decidedAt: iso(row.decidedAt),
    expiresAt: iso(row.expiresAt),
  }
}

export function screeningView(s: ScreeningRow) {
  return {
    id: s.id,
    context: s.context,
    kycId: s.kycProfileId,
    providerRef: s.providerRef,
    queryName: s.queryName,
    lists: s.lists,
    threshold: s.threshold,
    hit: s.hit,
    topScore: s.topScore,
    matches: s.matches,
    screenedBy: s.screenedBy,
    createdAt: s.createdAt.toISOString(),
  }
}

export function officerKycView(input: {
  rows: KycRow[]
  sensitive: Sensitive
  decisions: KycDecisionRow[]
  screenings: ScreeningRow[]
  now: Date
}) {
  const [current, ...earlier] = input.rows
  return {
    userId: current!.userId,
    current: {
      ...kycView(current!, input.now),
      ...input.sensitive,
      lastScreenedAt: iso(current!.lastScreenedAt),
    },
    earlierSubmissions: earlier.map((r) => kycView(r, input.now)),
    decisions: input.decisions.map((d) => ({
      id: d.id,
      kycId: d.profileId,
      from: d.fromStatus,
      to: d.toStatus,
      decidedBy: d.decidedBy,
      reason: d.reason,
      screeningId: d.screeningId,
      at: d.createdAt.toISOString(),
    })),
    screenings: input.screenings.map(screeningView),
  }
}
