import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../db/execute.ts'
import { uuidv7 } from '../../lib/ids.ts'
import { dec } from '../../lib/money.ts'
import { setupCompliance, type ComplianceHarness } from '../../../test/support/compliance.ts'
import type { TestUser } from '../../../test/support/auth.ts'
import { CSV_COLUMNS, csvCell } from './case-export.ts'

let h: ComplianceHarness
beforeAll(async () => {
  h = await setupCompliance()
})
afterAll(() => h?.close())

/** A checked order worth `usd` USD: a $9,500 one raises a just-under-threshold alert. */
async function order(user: TestUser, usd: string) {
  return h.compliance.preTrade.check({
    userId: user.id,
    orderId: uuidv7(),
    venue: 'sim',
    symbol: 'X/USD',
    side: 'buy',
    amount: dec('1'),
    price: dec(usd),
    quoteCurrency: 'USD',
    now: h.clock.now(),
  })
}

const actions = async (subject: string) =>
  (
    await rowsOf<{ action: string }>(
      h.database.db,
      sql`select action from audit_log where subject = ${subject} order by seq`
    )
  ).map((r) => r.action)

describe('alerts and cases', () => {
  it('should keep alerts and cases from anyone but officers (403)', async () => {
    const user = await h.signUp('nosy@example.com')
    for (const path of ['/v1/compliance/alerts', '/v1/compliance/cases']) {
      expect((await h.call('GET', path, { token: user.accessToken })).status).toBe(403)
    }
    const post = await h.call('POST', '/v1/compliance/cases', {
      token: user.accessToken,
      body: { title: 'my own case' },
    })
    expect(post.status).toBe(403)
  })

  it('should list and resolve alerts with a reason, once', async () => {
    const officer = await h.officer()
    const user = await h.signUp('alerted@example.com')
    const checked = await order(user, '9500')
    expect(checked.decision).toBe('review')
    const list = await h.call('GET', `/v1/compliance/alerts?status=open&userId=${user.id}`, {
      token: officer.accessToken,
    })
    expect(list.status).toBe(200)
    expect(list.body.items).toHaveLength(1)
    const alert = list.body.items[0]
    expect(alert).toMatchObject({
      ruleId: 'just-under-threshold',
      status: 'open',
      caseIds: [checked.caseId],
      inputs: { orderUsd: '9500' },
    })
    const path = `/v1/compliance/alerts/${alert.id}/resolve`
    const noReason = await h.call('POST', path, {
      token: officer.accessToken,
      body: { resolution: 'false_positive' },
    })
    expect(noReason.status).toBe(422)
    const ok = await h.call('POST', path, {
      token: officer.accessToken,
      body: { resolution: 'false_positive', reason: 'salary payment, documented' },
    })
    expect(ok.body).toMatchObject({
      status: 'resolved',
      resolution: 'false_positive',
      resolvedBy: officer.id,
    })
    const twice = await h.call('POST', path, {
      token: officer.accessToken,
      body: { resolution: 'escalated', reason: 'second thoughts' },
    })
    expect(twice.status).toBe(409)
    expect(
      (
        await h.call('POST', `/v1/compliance/alerts/${crypto.randomUUID()}/resolve`, {
          token: officer.accessToken,
          body: { resolution: 'escalated', reason: 'who?' },
        })
      ).status
    ).toBe(404)
    expect(await actions(`alert:${alert.id}`)).toEqual(['alert.resolved'])
  })

  it('should open, assign, annotate and close a case, audit-logging each step', async () => {
    const officer = await h.officer()
    const colleague = await h.officer()
    const user = await h.signUp('subject@example.com')
    const first = await order(user, '9600')
    const opened = await h.call('POST', '/v1/compliance/cases', {
      token: officer.accessToken,
      body: {
        title: 'Pattern of just-under orders',
        subjectUserId: user.id,
        alertIds: first.alertIds,
        note: 'Opened after the weekly review.',
      },
    })
    expect(opened.status).toBe(201)
    const id = opened.body.id
    expect(opened.body).toMatchObject({ origin: 'manual', status: 'open', openedBy: officer.id })
    expect(opened.body.items.map((i: { kind: string }) => i.kind)).toEqual(['alert'])
    expect(opened.body.notes).toHaveLength(1)

    const badAssignee = await h.call('POST', `/v1/compliance/cases/${id}/assign`, {
      token: officer.accessToken,
      body: { assigneeId: user.id },
    })
    expect(badAssignee.status).toBe(422)
    const assigned = await h.call('POST', `/v1/compliance/cases/${id}/assign`, {
      token: officer.accessToken,
      body: { assigneeId: colleague.id },
    })
    expect(assigned.body).toMatchObject({ status: 'assigned', assigneeId: colleague.id })
    const note = await h.call('POST', `/v1/compliance/cases/${id}/notes`, {
      token: colleague.accessToken,
      body: { body: 'Called the customer; payroll confirmed.' },
    })
    expect(note.status).toBe(201)

    const noReason = await h.call('POST', `/v1/compliance/cases/${id}/close`, {
      token: colleague.accessToken,
      body: { resolution: 'no_suspicious_activity', reason: '' },
    })
    expect(noReason.status).toBe(422)
    const closed = await h.call('POST', `/v1/compliance/cases/${id}/close`, {
      token: colleague.accessToken,
      body: {
        resolution: 'no_suspicious_activity',
        reason: 'payroll confirmed by employer letter',
      },
    })
    expect(closed.body).toMatchObject({
      status: 'closed',
      resolution: 'no_suspicious_activity',
      closeReason: 'payroll confirmed by employer letter',
      closedBy: colleague.id,
    })
    // The case's open alert is resolved with it.
    expect(closed.body.items[0].alert).toMatchObject({
      status: 'resolved',
      resolution: 'no_suspicious_activity',
    })
    for (const [path, body] of [
      ['close', { resolution: 'escalated', reason: 'again' }],
      ['notes', { body: 'late note' }],
      ['assign', {}],
    ] as const) {
      const res = await h.call('POST', `/v1/compliance/cases/${id}/${path}`, {
        token: officer.accessToken,
        body,
      })
      expect(res.status, path).toBe(409)
    }
    expect(await actions(`case:${id}`)).toEqual([
      'case.opened',
      'case.assigned',
      'case.note_added',
      'case.closed',
    ])
    const filtered = await h.call(
      'GET',
      `/v1/compliance/cases?status=closed&subjectUserId=${user.id}`,
      {
        token: officer.accessToken,
      }
    )
    expect(filtered.body.items.map((c: { id: string }) => c.id)).toEqual([id])
  })

  it('should export a case and a date range as JSON and CSV for a regulator', async () => {
    const officer = await h.officer()
    const user = await h.signUp('exported@example.com')
    const checked = await order(user, '9700')
    await h.call('POST', `/v1/compliance/cases/${checked.caseId}/notes`, {
      token: officer.accessToken,
      body: { body: '=HYPERLINK("http://evil.example","click"), "quoted"\nsecond line' },
    })
    const json = await h.call('GET', `/v1/compliance/cases/${checked.caseId}/export?format=json`, {
      token: officer.accessToken,
    })
    expect(json.status).toBe(200)
    expect(json.headers.get('content-disposition')).toBe(
      `attachment; filename="case-${checked.caseId}.json"`
    )
    expect(json.body.cases).toHaveLength(1)
    expect(json.body.cases[0]).toMatchObject({
      id: checked.caseId,
      origin: 'monitoring',
      subjectUserId: user.id,
    })
    expect(json.body.cases[0].items[0].alert).toMatchObject({ ruleId: 'just-under-threshold' })
    expect(json.body.cases[0].notes[0].body).toContain('HYPERLINK')

    const csv = await h.call('GET', `/v1/compliance/cases/${checked.caseId}/export?format=csv`, {
      token: officer.accessToken,
    })
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const lines = csv.text.split('\r\n')
    expect(lines[0]).toBe(CSV_COLUMNS.join(','))
    expect(lines[1]).toContain(`${checked.caseId},`)
    expect(lines[1]).toContain(',alert,')
    expect(lines[1]).toContain(',just-under-threshold,review,')
    // The note is one quoted field, with the formula neutralised.
    expect(csv.text).toContain(
      `"'=HYPERLINK(""http://evil.example"",""click""), ""quoted""\nsecond line"`
    )

    const from = new Date(h.clock.now().getTime() - 60_000).toISOString()
    const to = new Date(h.clock.now().getTime() + 60_000).toISOString()
    const range = await h.call(
      'GET',
      `/v1/compliance/cases/export?from=${from}&to=${to}&format=json`,
      {
        token: officer.accessToken,
      }
    )
    expect(range.status).toBe(200)
    expect(range.body).toMatchObject({ from, to })
    expect(range.body.cases.map((c: { id: string }) => c.id)).toContain(checked.caseId)
    const rangeCsv = await h.call(
      'GET',
      `/v1/compliance/cases/export?from=${from}&to=${to}&format=csv`,
      {
        token: officer.accessToken,
      }
    )
    expect(rangeCsv.text.split('\r\n').filter((l) => l.includes(checked.caseId!)).length).toBe(2)
    const earlier = await h.call(
      'GET',
      '/v1/compliance/cases/export?from=2020-01-01&to=2020-02-01',
      {
        token: officer.accessToken,
      }
    )
    expect(earlier.body.cases).toEqual([])
    const backwards = await h.call('GET', `/v1/compliance/cases/export?from=${to}&to=${from}`, {
      token: officer.accessToken,
    })
    expect(backwards.status).toBe(422)
    const user2 = await h.signUp('exporter@example.com')
    expect(
      (
        await h.call('GET', `/v1/compliance/cases/${checked.caseId}/export`, {
          token: user2.accessToken,
        })
      ).status
    ).toBe(403)
    expect(await actions(`case:${checked.caseId}`)).toContain('case.exported')
  })
})

describe('csvCell', () => {
  it('should quote separators and neutralise formula prefixes', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('-2')).toBe("'-2")
    expect(csvCell(0.75)).toBe('0.75')
    expect(csvCell(null)).toBe('')
  })
})
