import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../db/execute.ts'
import { createScreeningService } from './screening.service.ts'
import {
  LISTED_ENT_NUM,
  LISTED_NAME,
  setupCompliance,
  TEST_ALT,
  TEST_SDN,
  type ComplianceHarness,
} from '../../../test/support/compliance.ts'

let h: ComplianceHarness
beforeAll(async () => {
  h = await setupCompliance()
})
afterAll(() => h?.close())

describe('POST /v1/compliance/screen', () => {
  it('should answer 503 before any list is imported rather than clear anyone', async () => {
    const officer = await h.officer()
    const res = await h.call('POST', '/v1/compliance/screen', {
      token: officer.accessToken,
      body: { name: LISTED_NAME },
    })
    expect(res.status).toBe(503)
    expect(res.body.type).toBe('/problems/sanctions-list-unavailable')
    await expect(
      h.compliance.screening.screenProvider({ providerRef: 'p-0', name: LISTED_NAME })
    ).rejects.toMatchObject({ status: 503 })
  })

  it('should return matches best first for officers, store and audit-log the screening', async () => {
    await h.importTestList()
    const officer = await h.officer()
    const res = await h.call('POST', '/v1/compliance/screen', {
      token: officer.accessToken,
      body: { name: LISTED_NAME, type: 'individual' },
    })
    expect(res.status).toBe(200)
    expect(res.body.lists).toEqual([{ name: 'SDN', version: 'test-1' }])
    expect(res.body.threshold).toBe(0.8)
    expect(res.body.matches[0]).toEqual({
      entNum: LISTED_ENT_NUM,
      name: 'RODRIGUEZ OREJUELA, Gilberto Jose',
      matchedName: expect.any(String),
      score: expect.any(Number),
      list: 'SDN',
      programs: ['SDNT'],
    })
    const scores = res.body.matches.map((m: { score: number }) => m.score)
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0.8)

    const [row] = await rowsOf<{
      context: string
      query_name: string
      hit: boolean
      screened_by: string
    }>(
      h.database.db,
      sql`select context, query_name, hit, screened_by from screening_results where id = ${res.body.screeningId}`
    )
    expect(row).toEqual({
      context: 'on_demand',
      query_name: LISTED_NAME,
      hit: true,
      screened_by: officer.id,
    })
    const [audit] = await rowsOf<{ actor_id: string; details: { matches: number } }>(
      h.database.db,
      sql`select actor_id, details from audit_log where action = 'sanctions.screened' and subject = ${`screening:${res.body.screeningId}`}`
    )
    expect(audit!.actor_id).toBe(officer.id)
    expect(audit!.details.matches).toBe(res.body.matches.length)

    const clear = await h.call('POST', '/v1/compliance/screen', {
      token: officer.accessToken,
      body: { name: 'Margarethe Vandersloot' },
    })
    expect(clear.body.matches).toEqual([])
  })

  it('should refuse non-officers (403) and malformed bodies (422)', async () => {
    const user = await h.signUp('curious@example.com')
    const denied = await h.call('POST', '/v1/compliance/screen', {
      token: user.accessToken,
      body: { name: LISTED_NAME },
    })
    expect(denied.status).toBe(403)
    const officer = await h.officer()
    const bad = await h.call('POST', '/v1/compliance/screen', {
      token: officer.accessToken,
      body: { name: '', type: 'spaceship' },
    })
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['name', 'type'])
  })

  it('should screen a marketplace provider and open a case on a hit', async () => {
    if ((await h.compliance.sanctionsRepo.activeLists()).length === 0) await h.importTestList()
    const provider = await h.signUp('provider@example.com')
    const hit = await h.compliance.screening.screenProvider({
      providerRef: 'listing-provider-1',
      name: 'Banco Nacional de Cuba',
      type: 'entity',
      subjectUserId: provider.id,
    })
    expect(hit.hit).toBe(true)
    expect(hit.matches[0]!.entNum).toBe(306)
    const officer = await h.officer()
    const kase = await h.call('GET', `/v1/compliance/cases/${hit.caseId}`, {
      token: officer.accessToken,
    })
    expect(kase.body).toMatchObject({ origin: 'screening', subjectUserId: provider.id })
    expect(kase.body.items[0].screening).toMatchObject({
      context: 'provider',
      providerRef: 'listing-provider-1',
      queryName: 'Banco Nacional de Cuba',
    })

    const clean = await h.compliance.screening.screenProvider({
      providerRef: 'listing-provider-2',
      name: 'Northwind Quant Signals',
      type: 'entity',
    })
    expect(clean).toMatchObject({ hit: false, caseId: null, matches: [] })
  })

  it('should build the matcher once per active list version and rebuild after an import', async () => {
    if ((await h.compliance.sanctionsRepo.activeLists()).length === 0) await h.importTestList()
    let loads = 0
    const repo = {
      ...h.compliance.sanctionsRepo,
      loadEntries: (lists: Parameters<typeof h.compliance.sanctionsRepo.loadEntries>[0]) => {
        loads++
        return h.compliance.sanctionsRepo.loadEntries(lists)
      },
    }
    const screening = createScreeningService({
      db: h.database.db,
      repo,
      intake: h.compliance.intake,
      auditLog: h.services.auditLog,
      clock: h.clock,
      threshold: 0.8,
    })
    const q = { name: 'Jose Santacruz Londono' }
    const first = await screening.screen(q, { context: 'on_demand' })
    await screening.screen(q, { context: 'on_demand' })
    expect(loads).toBe(1)
    expect(first!.matches[0]!.entNum).toBe(4109)

    await h.compliance.importList({
      sdn: Buffer.concat([
        TEST_SDN.subarray(0, -1),
        Buffer.from(
          '99301,"LONDONO, Jose Santacruz","individual","SDNT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\u001a'
        ),
      ]),
      alt: TEST_ALT,
      version: 'test-2',
    })
    const after = await screening.screen(q, { context: 'on_demand' })
    expect(loads).toBe(2)
    expect(after!.screening.lists).toEqual([{ name: 'SDN', version: 'test-2' }])
    expect(after!.matches.map((m) => m.entNum)).toContain(99301)
  })
})
