import { describe, expect, it } from 'vitest'
import {
  GENESIS_HASH,
  canonicalJson,
  chainAuditRow,
  computeAuditHash,
  createChainVerifier,
  verifyChain,
  type AuditEventFields,
  type AuditRow,
} from './chain.ts'

async function buildChain(n: number): Promise<AuditRow[]> {
  const rows: AuditRow[] = []
  for (let i = 0; i < n; i++) {
    const fields: AuditEventFields = {
      id: `row-${i}`,
      actorId: i % 2 ? `user-${i}` : null,
      action: i % 2 ? 'kyc.decision' : 'auth.login.failed',
      subject: i % 2 ? `user:${i}` : null,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i, 123)),
      requestId: `req-${i}`,
      ip: i % 2 ? '203.0.113.7' : null,
      details: { amount: '10000.50', tier: i, flags: ['manual', null], note: 'Zoë ✓' },
    }
    rows.push(await chainAuditRow(fields, rows.at(-1) ?? null))
  }
  return rows
}

describe('audit-log chain', () => {
  it('should verify an intact chain and report its head', async () => {
    const rows = await buildChain(6)
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH)
    expect(rows[3]!.prevHash).toBe(rows[2]!.hash)
    expect(await verifyChain(rows)).toEqual({ ok: true, count: 6, headHash: rows[5]!.hash })
    expect(await verifyChain([])).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH })
  })

  it('should survive a database round trip (jsonb key order, ISO timestamps)', async () => {
    const rows = await buildChain(4)
    const stored = rows.map((r) => {
      const back = JSON.parse(JSON.stringify(r)) as AuditRow
      // jsonb reorders keys; PostgreSQL returns the timestamp, here as an ISO string.
      back.details = Object.fromEntries(Object.entries(back.details as object).reverse())
      return back
    })
    expect((await verifyChain(stored)).ok).toBe(true)
  })

  it('should find a tampered row by id, whichever field changed', async () => {
    const edits: Array<(r: AuditRow) => AuditRow> = [
      (r) => ({ ...r, details: { ...(r.details as object), amount: '99999.50' } }),
      (r) => ({ ...r, actorId: 'user-999' }),
      (r) => ({ ...r, action: 'kyc.approved' }),
      (r) => ({ ...r, occurredAt: new Date(Date.UTC(2026, 0, 2)) }),
      (r) => ({ ...r, requestId: null }),
      (r) => ({ ...r, subject: 'user:999' }),
      (r) => ({ ...r, ip: '198.51.100.1' }),
      (r) => ({ ...r, id: 'row-x' }),
    ]
    for (const edit of edits) {
      const rows = await buildChain(5)
      rows[2] = edit(rows[2]!)
      expect(await verifyChain(rows)).toMatchObject({
        ok: false,
        index: 2,
        reason: 'hash-mismatch',
      })
    }
  })

  it('should detect a deleted row at the row after the gap', async () => {
    const rows = await buildChain(5)
    rows.splice(2, 1)
    expect(await verifyChain(rows)).toMatchObject({
      ok: false,
      index: 2,
      rowId: 'row-3',
      reason: 'prev-hash-mismatch',
    })
    // Deleting the first row breaks the genesis link.
    expect(await verifyChain((await buildChain(3)).slice(1))).toMatchObject({
      index: 0,
      rowId: 'row-1',
    })
  })

  it('should detect reordered rows', async () => {
    const rows = await buildChain(5)
    ;[rows[1], rows[2]] = [rows[2]!, rows[1]!]
    expect(await verifyChain(rows)).toMatchObject({
      ok: false,
      index: 1,
      rowId: 'row-2',
      reason: 'prev-hash-mismatch',
    })
  })

  it('should detect an inserted row even when its own hash is right', async () => {
    const rows = await buildChain(4)
    const forged = await chainAuditRow(
      {
        id: 'forged',
        actorId: 'admin',
        action: 'kyc.approved',
        occurredAt: new Date(),
        subject: null,
        requestId: null,
        ip: null,
        details: {},
      },
      rows[1]!
    )
    rows.splice(2, 0, forged)
    expect(await verifyChain(rows)).toMatchObject({
      ok: false,
      index: 3,
      rowId: 'row-2',
      reason: 'prev-hash-mismatch',
    })
  })

  it('should need the anchored head to catch a rewritten tail or dropped newest rows', async () => {
    const rows = await buildChain(5)
    const head = rows[4]!.hash
    expect(await verifyChain(rows.slice(0, 4))).toMatchObject({ ok: true })
    expect(await verifyChain(rows.slice(0, 4), { expectedHead: head })).toMatchObject({
      ok: false,
      reason: 'head-mismatch',
      index: 4,
      rowId: null,
    })
    // A writer who recomputes every hash after an edit yields a self-consistent chain…
    const rewritten = [...rows.slice(0, 2)]
    for (const r of rows.slice(2)) {
      rewritten.push(await chainAuditRow({ ...r, details: { rewritten: true } }, rewritten.at(-1)!))
    }
    expect((await verifyChain(rewritten)).ok).toBe(true)
    // …that the external anchor exposes.
    expect(await verifyChain(rewritten, { expectedHead: head })).toMatchObject({
      reason: 'head-mismatch',
    })
  })

  it('should refuse malformed rows instead of throwing', async () => {
    const rows = await buildChain(3)
    const badHash = [rows[0]!, { ...rows[1]!, hash: 'XYZ' }]
    expect(await verifyChain(badHash)).toMatchObject({ ok: false, index: 1, reason: 'malformed' })
    const badDetails = [{ ...rows[0]!, details: { n: Number.NaN } }]
    expect(await verifyChain(badDetails)).toMatchObject({
      ok: false,
      index: 0,
      reason: 'malformed',
    })
    const badDate = [{ ...rows[0]!, occurredAt: 'not a date' }]
    expect(await verifyChain(badDate)).toMatchObject({ ok: false, index: 0, reason: 'malformed' })
  })

  it('should verify page by page from an anchor, and accept async iterables', async () => {
    const rows = await buildChain(6)
    const secondPage = createChainVerifier({ anchor: rows[2]!.hash, expectedHead: rows[5]!.hash })
    for (const r of rows.slice(3)) expect(await secondPage.push(r)).toBeNull()
    expect(secondPage.finish()).toEqual({ ok: true, count: 3, headHash: rows[5]!.hash })
    async function* stream() {
      yield* rows
    }
    expect(await verifyChain(stream())).toMatchObject({ ok: true, count: 6 })
  })

  it('should hash canonically (RFC 8785) and reject values without a JSON form', async () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1.5, y: -0 }, u: undefined })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"y":0,"z":1.5}}'
    )
    expect(canonicalJson([1e21, 1e-7, 0.1, 123456789012])).toBe('[1e+21,1e-7,0.1,123456789012]')
    // RFC 8785 §3.2.3: keys sort by UTF-16 code units.
    const keys = ['\u20ac', '\r', '\ud83d\ude00', '\u00f6', '\ufb33', '1', '\u0080']
    expect(canonicalJson(Object.fromEntries(keys.map((k) => [k, 0])))).toBe(
      '{"\\r":0,"1":0,"\u0080":0,"ö":0,"€":0,"😀":0,"דּ":0}'
    )
    for (const bad of [Number.POSITIVE_INFINITY, [undefined], new Map(), 10n, () => 1]) {
      expect(() => canonicalJson(bad), String(bad)).toThrow(TypeError)
    }
    const fields: AuditEventFields = {
      id: 'x',
      actorId: null,
      action: 'a',
      subject: null,
      occurredAt: '2026-01-01T00:00:00.000Z',
      requestId: null,
      ip: null,
      details: {},
    }
    expect(await computeAuditHash(fields, GENESIS_HASH)).toBe(
      await computeAuditHash(
        { ...fields, occurredAt: new Date('2026-01-01T00:00:00Z') },
        GENESIS_HASH
      )
    )
  })
})
