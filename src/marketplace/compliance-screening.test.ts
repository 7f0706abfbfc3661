import { describe, expect, it } from 'vitest'
import {
  providerScreeningFromCompliance,
  type ComplianceProviderScreener,
} from './compliance-screening.ts'

const request = {
  providerRef: 'marketplace_provider:p1',
  userId: 'u1',
  legalName: 'Cimex Iberica',
  displayName: 'Island',
  entityType: 'entity' as const,
}

describe('providerScreeningFromCompliance', () => {
  it('should pass the legal name, type, user and provider ref, and map a hit to its case', async () => {
    const seen: unknown[] = []
    const screener: ComplianceProviderScreener = {
      async screenProvider(input) {
        seen.push(input)
        return { hit: true, screeningId: 's1', caseId: 'c1' }
      },
    }
    expect(await providerScreeningFromCompliance(screener).screenProvider(request)).toEqual({
      outcome: 'hit',
      reference: 'c1',
    })
    expect(seen).toEqual([
      {
        providerRef: 'marketplace_provider:p1',
        name: 'Cimex Iberica',
        type: 'entity',
        subjectUserId: 'u1',
      },
    ])
  })

  it('should map a clear result to its screening and let failures through', async () => {
    const clear = providerScreeningFromCompliance({
      screenProvider: async () => ({ hit: false, screeningId: 's2', caseId: null }),
    })
    expect(await clear.screenProvider(request)).toEqual({ outcome: 'clear', reference: 's2' })
    const down = providerScreeningFromCompliance({
      screenProvider: async () => {
        throw new Error('no list')
      },
    })
    await expect(down.screenProvider(request)).rejects.toThrow('no list')
  })
})
