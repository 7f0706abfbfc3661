import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupAccounts, type AccountsHarness } from '../../../test/support/auth.ts'
import { createPgliteTestDatabase, createPostgresTestDatabase } from '../../../test/support/db.ts'
import { rowsOf } from '../../db/execute.ts'
import { openPostgres } from '../../db/postgres.ts'
import type { Database } from '../../db/types.ts'
import { fixedClock } from '../../lib/clock.ts'
import { createAuditLog } from './audit-log.ts'

const clock = fixedClock('2026-03-01T09:00:00Z')

/** Runs `sql` as the superuser with the append-only triggers off: what an attacker with DB access could do. */
async function tamper(url: string, statement: string) {
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await admin.begin(async (tx) => {
      await tx.unsafe('alter table audit_log disable trigger user')
      await tx.unsafe(statement)
      await tx.unsafe('alter table audit_log enable trigger user')
    })
  } finally {
    await admin.end()
  }
}

async function seed(database: Database, n: number) {
  const log = createAuditLog({ db: database.db, clock })
  const out = []
  for (let i = 0; i < n; i++) {
    clock.advance(1_000)
    out.push(
      await log.append({
        actor: null,
        action: 'test.event',
        subject: `thing:${i}`,
        requestId: `r${i}`,
        ip: '192.0.2.1',
        details: { i, amount: '10.50' },
      })
    )
  }
  return { log, rows: out }
}

describe('audit log', () => {
  it('should keep one valid chain when many instances append at once', async () => {
    const database = await createPostgresTestDatabase()
    // Four pools stand in for four app instances.
    const instances = Array.from({ length: 4 }, () => openPostgres(database.url, { max: 3 }))
    try {
      await Promise.all(
        instances.flatMap((inst, k) => {
          const log = createAuditLog({ db: inst.db, clock })
          return Array.from({ length: 15 }, (_, i) =>
            log.append({ actor: null, action: 'load', details: { k, i } })
          )
        })
      )
      const result = await createAuditLog({ db: database.db, clock }).verify()
      expect(result).toMatchObject({ ok: true, count: 60 })
      const links = await rowsOf<{ forks: number }>(
        database.db,
        sql`select count(*)::int - count(distinct prev_hash)::int as forks from audit_log`
      )
      expect(links[0]!.forks).toBe(0)
    } finally {
      await Promise.all(instances.map((i) => i.close()))
      await database.close()
    }
  })

  it("should commit an event with the caller's transaction, or not at all", async () => {
    const database = await createPostgresTestDatabase()
    try {
      const { log } = await seed(database, 2)
      await expect(
        database.db.transaction(async (tx) => {
          await log.append({ actor: null, action: 'rolled.back' }, tx)
          throw new Error('abort')
        })
      ).rejects.toThrow('abort')
      await database.db.transaction((tx) => log.append({ actor: null, action: 'committed' }, tx))
      const actions = await rowsOf<{ action: string }>(
        database.db,
        sql`select action from audit_log order by seq`
      )
      expect(actions.map((a) => a.action)).toEqual(['test.event', 'test.event', 'committed'])
      expect(await log.verify()).toMatchObject({ ok: true, count: 3 })
    } finally {
      await database.close()
    }
  })

  it('should refuse UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const database = await createPostgresTestDatabase()
    try {
      await seed(database, 1)
      for (const stmt of [
        sql`update audit_log set action = 'x'`,
        sql`delete from audit_log`,
        sql`truncate audit_log`,
      ]) {
        await expect(database.db.execute(stmt)).rejects.toThrow()
      }
      expect(await createAuditLog({ db: database.db, clock }).verify()).toMatchObject({
        ok: true,
        count: 1,
      })
    } finally {
      await database.close()
    }
  })

  it('should find a tampered row, a deleted row and dropped newest rows', async () => {
    const database = await createPostgresTestDatabase()
    try {
      const { log, rows } = await seed(database, 6)
      const head = await log.head()
      expect(head).toEqual({ seq: rows[5]!.seq, hash: rows[5]!.hash })
      expect(await log.verify({ expectedHead: head!.hash })).toMatchObject({
        ok: true,
        count: 6,
        headSeq: rows[5]!.seq,
      })

      await tamper(
        database.url,
        `update audit_log set details = '{"i": 2, "amount": "99999.00"}' where seq = ${rows[2]!.seq}`
      )
      expect(await log.verify()).toMatchObject({
        ok: false,
        index: 2,
        seq: rows[2]!.seq,
        rowId: rows[2]!.id,
        reason: 'hash-mismatch',
      })
      await tamper(
        database.url,
        `update audit_log set details = '{"i": 2, "amount": "10.50"}', ip = '10.0.0.1' where seq = ${rows[2]!.seq}`
      )
      expect(await log.verify()).toMatchObject({
        ok: false,
        seq: rows[2]!.seq,
        reason: 'hash-mismatch',
      })
      await tamper(
        database.url,
        `update audit_log set ip = '192.0.2.1' where seq = ${rows[2]!.seq}`
      )
      expect(await log.verify()).toMatchObject({ ok: true })

      await tamper(database.url, `delete from audit_log where seq = ${rows[3]!.seq}`)
      expect(await log.verify()).toMatchObject({
        ok: false,
        index: 3,
        rowId: rows[4]!.id,
        reason: 'prev-hash-mismatch',
      })
    } finally {
      await database.close()
    }
  })

  it('should detect dropped newest rows only against an anchored head', async () => {
    const database = await createPostgresTestDatabase()
    try {
      const { log, rows } = await seed(database, 3)
      await tamper(database.url, `delete from audit_log where seq = ${rows[2]!.seq}`)
      expect(await log.verify()).toMatchObject({ ok: true, count: 2 })
      expect(await log.verify({ expectedHead: rows[2]!.hash })).toMatchObject({
        ok: false,
        reason: 'head-mismatch',
      })
    } finally {
      await database.close()
    }
  })

  it('should append and verify on PGlite too', async () => {
    const database = await createPgliteTestDatabase()
    try {
      const { log } = await seed(database, 3)
      expect(await log.verify({ pageSize: 2 })).toMatchObject({ ok: true, count: 3 })
    } finally {
      await database.close()
    }
  })
})

describe('GET /v1/compliance/audit-log/verify', () => {
  let h: AccountsHarness
  beforeAll(async () => {
    h = await setupAccounts()
  })
  afterAll(() => h?.close())

  it('should answer admins and compliance officers, and refuse everyone else', async () => {
    const user = await h.signUp('uri@example.com')
    const officer = await h.signUp('vera@example.com')
    const admin = await h.signUp('walt@example.com')
    await h.services.accounts.users.setRoleByEmail(officer.email, 'compliance_officer')
    await h.services.accounts.users.setRoleByEmail(admin.email, 'admin')
    const denied = await h.call('GET', '/v1/compliance/audit-log/verify', {
      token: user.accessToken,
    })
    expect(denied.status).toBe(403)
    expect(denied.body.type).toBe('/problems/insufficient-role')
    for (const who of [officer, admin]) {
      const res = await h.call('GET', '/v1/compliance/audit-log/verify', { token: who.accessToken })
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({
        ok: true,
        count: expect.any(Number),
        headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      })
    }
    const head = await h.services.auditLog.head()
    const wrong = await h.call(
      'GET',
      `/v1/compliance/audit-log/verify?expectedHead=${'0'.repeat(64)}`,
      { token: admin.accessToken }
    )
    expect(wrong.body).toMatchObject({ ok: false, reason: 'head-mismatch' })
    const right = await h.call(
      'GET',
      `/v1/compliance/audit-log/verify?expectedHead=${head!.hash}`,
      { token: admin.accessToken }
    )
    expect(right.body.ok).toBe(true)
    expect(
      (
        await h.call('GET', '/v1/compliance/audit-log/verify?expectedHead=nope', {
          token: admin.accessToken,
        })
      ).status
    ).toBe(422)
  })

  it('should record who did what: logins, role changes and key events with request id and IP', async () => {
    const admin = await h.signUp('xena@example.com')
    await h.services.accounts.users.setRoleByEmail(admin.email, 'admin')
    const target = await h.signUp('yuri@example.com')
    const res = await h.call('PUT', `/v1/admin/users/${target.id}/role`, {
      token: admin.accessToken,
      body: { role: 'compliance_officer' },
      ip: '203.0.113.50',
      headers: { 'x-request-id': 'req-role-change-1' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: target.id,
      email: target.email,
      role: 'compliance_officer',
      previousRole: 'user',
    })
    const [row] = await rowsOf<Record<string, unknown>>(
      h.database.db,
      sql`select actor_id, subject, request_id, ip, details from audit_log where action = 'user.role_changed' and subject = ${`user:${target.id}`}`
    )
    expect(row).toEqual({
      actor_id: admin.id,
      subject: `user:${target.id}`,
      request_id: 'req-role-change-1',
      ip: '203.0.113.50',
      details: { from: 'user', to: 'compliance_officer', via: 'http' },
    })
    // Not an admin, not your own role, not a user that doesn't exist.
    expect(
      (
        await h.call('PUT', `/v1/admin/users/${admin.id}/role`, {
          token: target.accessToken,
          body: { role: 'user' },
        })
      ).status
    ).toBe(403)
    expect(
      (
        await h.call('PUT', `/v1/admin/users/${admin.id}/role`, {
          token: admin.accessToken,
          body: { role: 'user' },
        })
      ).status
    ).toBe(409)
    expect(
      (
        await h.call('PUT', `/v1/admin/users/${crypto.randomUUID()}/role`, {
          token: admin.accessToken,
          body: { role: 'user' },
        })
      ).status
    ).toBe(404)
    expect(
      (
        await h.call('PUT', `/v1/admin/users/${target.id}/role`, {
          token: admin.accessToken,
          body: { role: 'root' },
        })
      ).status
    ).toBe(422)
    const logins = await rowsOf<{ n: number }>(
      h.database.db,
      sql`select count(*)::int as n from audit_log where action = 'auth.login.succeeded' and actor_id = ${target.id}`
    )
    expect(logins[0]!.n).toBe(1)
  })
})
