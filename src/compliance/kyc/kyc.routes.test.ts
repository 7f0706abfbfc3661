import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../db/execute.ts'
import {
  kycBody,
  LISTED_ENT_NUM,
  LISTED_NAME,
  setupCompliance,
  type ComplianceHarness,
} from '../../../test/support/compliance.ts'

let h: ComplianceHarness
beforeAll(async () => {
  h = await setupCompliance()
})
afterAll(() => h?.close())

const auditRows = (action: string, subject: string) =>
  rowsOf<{ actor_id: string | null; details: Record<string, unknown> }>(
    h.database.db,
    sql`select actor_id, details from audit_log where action = ${action} and subject = ${subject} order by seq`
  )

describe('KYC routes', () => {
  it('should refuse malformed or missing fields with 422 naming each field', async () => {
    const user = await h.signUp('malformed@example.com')
    const res = await h.call('POST', '/v1/kyc', {
      token: user.accessToken,
      body: {
        legalName: '4',
        dateOfBirth: '2019-02-30',
        country: 'XX',
        address: { city: '' },
        documentType: 'library_card',
      },
    })
    expect(res.status).toBe(422)
    const paths = new Set((res.body.errors as { path: string }[]).map((e) => e.path))
    expect([...paths].sort()).toEqual([
      'address.city',
      'address.line1',
      'country',
      'dateOfBirth',
      'documentNumber',
      'documentType',
      'legalName',
    ])
    const minor = await h.call('POST', '/v1/kyc', {
      token: user.accessToken,
      body: kycBody({ dateOfBirth: '2010-01-01' }),
    })
    expect(minor.status).toBe(422)
    expect(minor.body.errors).toEqual([
      { path: 'dateOfBirth', message: 'You must be at least 18 years old.' },
    ])
    expect((await h.call('GET', '/v1/kyc', { token: user.accessToken })).body.status).toBe(
      'not_started'
    )
  })

  it('should take a clean submission as pending before any list exists, and refuse a second one', async () => {
    const user = await h.signUp('early@example.com')
    const res = await h.call('POST', '/v1/kyc', { token: user.accessToken, body: kycBody() })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ status: 'pending', country: 'NL', documentType: 'passport' })
    expect(res.text).not.toContain('Vandersloot')
    const again = await h.call('POST', '/v1/kyc', { token: user.accessToken, body: kycBody() })
    expect(again.status).toBe(409)
    expect(again.body.type).toBe('/problems/kyc-already-submitted')

    // Never screened: an officer cannot approve it until a list has been imported.
    const officer = await h.officer()
    const approve = await h.call('POST', `/v1/compliance/kyc/${user.id}/decision`, {
      token: officer.accessToken,
      body: { decision: 'approved', reason: 'documents verified' },
    })
    expect(approve.status).toBe(409)
    expect(approve.body.type).toBe('/problems/kyc-not-screened')
  })

  it('should seal the personal fields and show them only to officers, audit-logging the view', async () => {
    await h.importTestList()
    const user = await h.signUp('sealed@example.com')
    const sub = await h.call('POST', '/v1/kyc', { token: user.accessToken, body: kycBody() })
    expect(sub.status).toBe(201)
    const [row] = await rowsOf<{ sensitive: string }>(
      h.database.db,
      sql`select sensitive::text from kyc_profiles where id = ${sub.body.id}`
    )
    expect(row!.sensitive).not.toContain('Vandersloot')
    expect(row!.sensitive).not.toContain('NX4512337')
    expect(row!.sensitive).toContain('"kekId"')

    const mine = await h.call('GET', `/v1/kyc/${sub.body.id}`, { token: user.accessToken })
    expect(mine.status).toBe(200)
    expect(mine.text).not.toContain('Vandersloot')
    expect(
      (await h.call('GET', `/v1/compliance/kyc/${user.id}`, { token: user.accessToken })).status
    ).toBe(403)

    const officer = await h.officer()
    const file = await h.call('GET', `/v1/compliance/kyc/${user.id}`, {
      token: officer.accessToken,
    })
    expect(file.status).toBe(200)
    expect(file.body.current).toMatchObject({
      status: 'pending',
      legalName: 'Margarethe Vandersloot',
      documentNumber: 'NX4512337',
      dateOfBirth: '1984-05-17',
    })
    expect(file.body.screenings).toHaveLength(1)
    expect(file.body.screenings[0]).toMatchObject({ context: 'kyc', hit: false, queryName: null })
    expect(await auditRows('kyc.viewed', `user:${user.id}`)).toEqual([
      { actor_id: officer.id, details: { kycId: sub.body.id } },
    ])
  })

  it('should put a listed name in review, open a case with the hit, and refuse a second submission with 409', async () => {
    if ((await h.compliance.sanctionsRepo.activeLists()).length === 0) await h.importTestList()
    const user = await h.signUp('listed@example.com')
    const sub = await h.call('POST', '/v1/kyc', {
      token: user.accessToken,
      body: kycBody({ legalName: LISTED_NAME, country: 'CO', documentNumber: 'CO778812' }),
    })
    expect(sub.status).toBe(201)
    expect(sub.body.status).toBe('in_review')
    // Nothing in the user's answer says why (no tipping-off).
    expect(sub.text).not.toMatch(/sanction|screen|OREJUELA/i)

    const again = await h.call('POST', '/v1/kyc', { token: user.accessToken, body: kycBody() })
    expect(again.status).toBe(409)
    expect(again.body.type).toBe('/problems/kyc-in-review')

    const officer = await h.officer()
    const cases = await h.call('GET', `/v1/compliance/cases?subjectUserId=${user.id}`, {
      token: officer.accessToken,
    })
    expect(cases.body.items).toHaveLength(1)
    expect(cases.body.items[0]).toMatchObject({ origin: 'screening', status: 'open' })
    const kase = await h.call('GET', `/v1/compliance/cases/${cases.body.items[0].id}`, {
      token: officer.accessToken,
    })
    expect(kase.body.items).toHaveLength(1)
    expect(kase.body.items[0].screening).toMatchObject({
      context: 'kyc',
      hit: true,
      kycId: sub.body.id,
    })
    expect(kase.body.items[0].screening.matches[0]).toMatchObject({
      entNum: LISTED_ENT_NUM,
      list: 'SDN',
    })
    expect(kase.body.items[0].screening.matches[0].score).toBeGreaterThanOrEqual(0.8)
    expect(await auditRows('kyc.submitted', `kyc:${sub.body.id}`)).toEqual([
      { actor_id: user.id, details: { status: 'in_review', screened: true, hit: true } },
    ])
  })

  it('should let only officers decide, with a reason, audit-logged; never their own KYC', async () => {
    if ((await h.compliance.sanctionsRepo.activeLists()).length === 0) await h.importTestList()
    const user = await h.signUp('decide@example.com')
    await h.call('POST', '/v1/kyc', { token: user.accessToken, body: kycBody() })
    const path = `/v1/compliance/kyc/${user.id}/decision`
    const other = await h.signUp('bystander@example.com')
    const byUser = await h.call('POST', path, {
      token: other.accessToken,
      body: { decision: 'approved', reason: 'looks fine' },
    })
    expect(byUser.status).toBe(403)

    const officer = await h.officer()
    const noReason = await h.call('POST', path, {
      token: officer.accessToken,
      body: { decision: 'approved' },
    })
    expect(noReason.status).toBe(422)
    expect(noReason.body.errors[0].path).toBe('reason')

    const approved = await h.call('POST', path, {
      token: officer.accessToken,
      body: { decision: 'approved', reason: 'passport checked against the video call' },
    })
    expect(approved.status).toBe(200)
    expect(approved.body.status).toBe('approved')
    expect((await h.call('GET', '/v1/kyc', { token: user.accessToken })).body.status).toBe(
      'approved'
    )
    expect(await auditRows('kyc.decision', `user:${user.id}`)).toEqual([
      {
        actor_id: officer.id,
        details: {
          kycId: approved.body.id,
          from: 'pending',
          decision: 'approved',
          reason: 'passport checked against the video call',
          expiresAt: null,
        },
      },
    ])

    const reject = await h.call('POST', path, {
      token: officer.accessToken,
      body: { decision: 'rejected', reason: 'document reported stolen' },
    })
    expect(reject.body.status).toBe('rejected')
    const file = await h.call('GET', `/v1/compliance/kyc/${user.id}`, {
      token: officer.accessToken,
    })
    expect(file.body.decisions.map((d: { to: string }) => d.to)).toEqual([
      'pending',
      'approved',
      'rejected',
    ])
    // A rejected submission is final; the user may submit again.
    const stale = await h.call('POST', path, {
      token: officer.accessToken,
      body: { decision: 'approved', reason: 'changed my mind' },
    })
    expect(stale.status).toBe(409)
    const resubmit = await h.call('POST', '/v1/kyc', { token: user.accessToken, body: kycBody() })
    expect(resubmit.status).toBe(201)
    expect(resubmit.body.id).not.toBe(approved.body.id)

    await h.call('POST', '/v1/kyc', { token: officer.accessToken, body: kycBody() })
    const own = await h.call('POST', `/v1/compliance/kyc/${officer.id}/decision`, {
      token: officer.accessToken,
      body: { decision: 'approved', reason: 'it is me' },
    })
    expect(own.status).toBe(403)
    expect(own.body.type).toBe('/problems/own-kyc')
  })

  it("should answer 404 for another user's submission and for an unknown user", async () => {
    const a = await h.signUp('owner-a@example.com')
    const b = await h.signUp('owner-b@example.com')
    const sub = await h.call('POST', '/v1/kyc', { token: a.accessToken, body: kycBody() })
    expect((await h.call('GET', `/v1/kyc/${sub.body.id}`, { token: b.accessToken })).status).toBe(
      404
    )
    expect((await h.call('GET', '/v1/kyc/not-a-uuid', { token: b.accessToken })).status).toBe(404)
    const officer = await h.officer()
    const none = await h.call('POST', `/v1/compliance/kyc/${crypto.randomUUID()}/decision`, {
      token: officer.accessToken,
      body: { decision: 'approved', reason: 'no such person' },
    })
    expect(none.status).toBe(404)
  })

  it('should let an approval lapse at its expiry and then accept a new submission', async () => {
    if ((await h.compliance.sanctionsRepo.activeLists()).length === 0) await h.importTestList()
    const user = await h.signUp('lapse@example.com')
    await h.call('POST', '/v1/kyc', { token: user.accessToken, body: kycBody() })
    const officer = await h.officer()
    // Ten minutes: the user's access token (15 min) is still valid when it lapses.
    const expiresAt = new Date(h.clock.now().getTime() + 600_000).toISOString()
    const ok = await h.call('POST', `/v1/compliance/kyc/${user.id}/decision`, {
      token: officer.accessToken,
      body: { decision: 'approved', reason: 'verified', expiresAt },
    })
    expect(ok.body).toMatchObject({ status: 'approved', expiresAt })
    h.clock.advance(600_000)
    expect((await h.call('GET', '/v1/kyc', { token: user.accessToken })).body.status).toBe(
      'expired'
    )
    const again = await h.call('POST', '/v1/kyc', { token: user.accessToken, body: kycBody() })
    expect(again.status).toBe(201)
    expect(again.body.status).toBe('pending')
  })
})
