import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../db/execute.ts'
import { ROOT } from '../../../test/contract/servers.ts'
import { TEST_ENV } from '../../../test/support/app.ts'
import {
  kycBody,
  setupCompliance,
  TEST_ALT,
  TEST_SDN,
  type ComplianceHarness,
} from '../../../test/support/compliance.ts'
import { OfacParseError, SanctionsImportError, importSanctionsList } from './sanctions-import.ts'

let h: ComplianceHarness
beforeAll(async () => {
  h = await setupCompliance()
})
afterAll(() => h?.close())

const EOF = 0x1a

/** The test SDN file with extra CRLF rows before its 0x1A end byte. */
function sdnWith(...rows: string[]): Buffer {
  const body = TEST_SDN.at(-1) === EOF ? TEST_SDN.subarray(0, -1) : TEST_SDN
  return Buffer.concat([
    body,
    Buffer.from(rows.map((r) => `${r}\r\n`).join('')),
    Buffer.from([EOF]),
  ])
}
const sdnRow = (entNum: number, name: string) =>
  `${entNum},"${name}","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `

const activeVersions = async () =>
  (await h.compliance.sanctionsRepo.activeLists()).map((l) => `${l.name} ${l.version}`)

describe('sanctions import', () => {
  it('should import the list with name, version and time, and leave a re-import unchanged', async () => {
    const r = await h.compliance.importList({ sdn: TEST_SDN, alt: TEST_ALT, version: '2026-05-29' })
    expect(r.status).toBe('imported')
    expect(r.list).toMatchObject({
      name: 'SDN',
      version: '2026-05-29',
      active: true,
      entryCount: 145,
      aliasCount: 248,
    })
    expect(r.list.importedAt.toISOString()).toBe(h.clock.now().toISOString())
    const [counts] = await rowsOf<{ entries: number; aliases: number; ids: number }>(
      h.database.db,
      sql`select (select count(*)::int from sanctions_entries where list_id = ${r.list.id}) as entries,
                 (select count(*)::int from sanctions_aliases where list_id = ${r.list.id}) as aliases,
                 (select count(*)::int from sanctions_id_numbers where list_id = ${r.list.id}) as ids`
    )
    expect(counts).toEqual({ entries: 145, aliases: 248, ids: r.list.idNumberCount })
    expect(r.list.idNumberCount).toBeGreaterThan(0)

    const again = await h.compliance.importList({
      sdn: TEST_SDN,
      alt: TEST_ALT,
      version: '2026-05-29',
    })
    expect(again.status).toBe('unchanged')
    expect(await activeVersions()).toEqual(['SDN 2026-05-29'])
  })

  it('should refuse a broken file naming the line, and keep the previous list active', async () => {
    if ((await activeVersions()).length === 0) {
      await h.compliance.importList({ sdn: TEST_SDN, alt: TEST_ALT, version: '2026-05-29' })
    }
    const before = await activeVersions()
    const lines = TEST_SDN.toString('latin1').split('\r\n')
    const wrongColumns = Buffer.from(
      [...lines.slice(0, 2), '99001,"SHORT ROW","individual","SDGT"', ...lines.slice(2)].join(
        '\r\n'
      ),
      'latin1'
    )
    const err = await h.compliance
      .importList({ sdn: wrongColumns, version: 'broken-1' })
      .catch((e) => e)
    expect(err).toBeInstanceOf(OfacParseError)
    expect(err.message).toBe('SDN.CSV line 3: expected 12 columns, found 4')

    const unterminated = sdnWith(
      '99002,"OPEN QUOTE,"individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '
    )
    const quote = await h.compliance
      .importList({ sdn: unterminated, version: 'broken-2' })
      .catch((e) => e)
    expect(quote).toBeInstanceOf(OfacParseError)
    expect(quote.message).toBe('SDN.CSV line 146: unexpected text after a quoted field (field 2)')

    const orphanAlt = Buffer.concat([
      TEST_ALT.subarray(0, -1),
      Buffer.from('424242,99999,"aka","NOBODY LISTED",-0- \r\n'),
      Buffer.from([EOF]),
    ])
    const orphan = await h.compliance
      .importList({ sdn: TEST_SDN, alt: orphanAlt, version: 'broken-3' })
      .catch((e) => e)
    expect(orphan).toBeInstanceOf(OfacParseError)
    expect(orphan.message).toMatch(/^ALT\.CSV line 249: ent_num 424242 is not in SDN\.CSV/)

    const empty = await h.compliance
      .importList({ sdn: Buffer.from([EOF]), version: 'broken-4' })
      .catch((e) => e)
    expect(empty).toBeInstanceOf(SanctionsImportError)

    expect(await activeVersions()).toEqual(before)
    const [{ n }] = (await rowsOf<{ n: number }>(
      h.database.db,
      sql`select count(*)::int as n from sanctions_lists where version like 'broken-%'`
    )) as [{ n: number }]
    expect(n).toBe(0)
  })

  it('should roll the whole version back when the database fails mid-import', async () => {
    const before = await activeVersions()
    const repo = {
      ...h.compliance.sanctionsRepo,
      activate: async () => {
        throw new Error('could not extend file: No space left on device')
      },
    }
    const err = await importSanctionsList(
      { db: h.database.db, repo, clock: h.clock },
      { sdn: sdnWith(sdnRow(99003, 'MIDWAY, Failure')), version: 'half-written' }
    ).catch((e) => e)
    expect(err.message).toContain('No space left')
    expect(await activeVersions()).toEqual(before)
    const [{ n }] = (await rowsOf<{ n: number }>(
      h.database.db,
      sql`select count(*)::int as n from sanctions_entries e join sanctions_lists l on l.id = e.list_id
          where l.version = 'half-written'`
    )) as [{ n: number }]
    expect(n).toBe(0)
  })

  it('should screen approved and pending users again when a new version is imported', async () => {
    if ((await activeVersions()).length === 0) {
      await h.compliance.importList({ sdn: TEST_SDN, alt: TEST_ALT, version: '2026-05-29' })
    }
    const officer = await h.officer()
    const approved = await h.signUp('quill@example.com')
    const pending = await h.signUp('pending-quill@example.com')
    const clean = await h.signUp('clean@example.com')
    const submit = (u: typeof approved, legalName: string) =>
      h.call('POST', '/v1/kyc', { token: u.accessToken, body: kycBody({ legalName }) })
    expect((await submit(approved, 'Theodora Quillfeather')).body.status).toBe('pending')
    expect((await submit(pending, 'Bartholomew Ashgrove')).body.status).toBe('pending')
    expect((await submit(clean, 'Ingrid Solveig Haugland')).body.status).toBe('pending')
    for (const u of [approved, clean]) {
      const r = await h.call('POST', `/v1/compliance/kyc/${u.id}/decision`, {
        token: officer.accessToken,
        body: { decision: 'approved', reason: 'documents verified' },
      })
      expect(r.body.status).toBe('approved')
    }

    const next = await h.compliance.importList({
      sdn: sdnWith(sdnRow(99101, 'QUILLFEATHER, Theodora'), sdnRow(99102, 'ASHGROVE, Bartholomew')),
      alt: TEST_ALT,
      version: '2026-06-01',
    })
    expect(next.previous?.version).toBe('2026-05-29')
    expect(next.rescreen).toMatchObject({ hits: 2, held: 0 })
    expect(next.rescreen!.screened).toBeGreaterThanOrEqual(3)

    const status = async (u: typeof approved) =>
      (await h.call('GET', '/v1/kyc', { token: u.accessToken })).body.status
    expect([await status(approved), await status(pending), await status(clean)]).toEqual([
      'in_review',
      'in_review',
      'approved',
    ])
    const cases = await h.call('GET', `/v1/compliance/cases?subjectUserId=${approved.id}`, {
      token: officer.accessToken,
    })
    const kase = await h.call('GET', `/v1/compliance/cases/${cases.body.items[0].id}`, {
      token: officer.accessToken,
    })
    expect(kase.body.items[0].screening).toMatchObject({
      context: 'rescreen',
      hit: true,
      lists: [{ name: 'SDN', version: '2026-06-01' }],
    })
    expect(kase.body.items[0].screening.matches[0]).toMatchObject({ entNum: 99101 })
    const [audit] = await rowsOf<{ actor_id: string | null }>(
      h.database.db,
      sql`select actor_id from audit_log where action = 'kyc.rescreen_hit' and subject = ${`user:${approved.id}`}`
    )
    expect(audit).toEqual({ actor_id: null })

    // Done once: the scheduled job finds nothing left for this version.
    expect(await h.compliance.sanctionsRepo.listsAwaitingRescreen(h.clock.now())).toEqual([])
  })

  it('should hold a submission for review when its re-screen cannot run (fail closed)', async () => {
    const officer = await h.officer()
    const user = await h.signUp('unreadable@example.com')
    await h.call('POST', '/v1/kyc', { token: user.accessToken, body: kycBody() })
    await h.call('POST', `/v1/compliance/kyc/${user.id}/decision`, {
      token: officer.accessToken,
      body: { decision: 'approved', reason: 'documents verified' },
    })
    // Its record names a key-encryption key that is no longer configured: it cannot be unsealed.
    await h.database.db.execute(
      sql`update kyc_profiles set sensitive = jsonb_set(sensitive, '{kekId}', '"kek-retired"')
          where user_id = ${user.id}`
    )
    const r = await h.compliance.importList({
      sdn: sdnWith(sdnRow(99201, 'NOBODY, Inparticular')),
      alt: TEST_ALT,
      version: '2026-06-02',
    })
    expect(r.rescreen!.held).toBe(1)
    expect((await h.call('GET', '/v1/kyc', { token: user.accessToken })).body.status).toBe(
      'in_review'
    )
    const cases = await h.call('GET', `/v1/compliance/cases?subjectUserId=${user.id}`, {
      token: officer.accessToken,
    })
    expect(cases.body.items[0].title).toBe('KYC re-screen failed (UnknownKekError): screen by hand')
    const [audit] = await rowsOf<{ details: Record<string, unknown> }>(
      h.database.db,
      sql`select details from audit_log where action = 'kyc.rescreen_failed' and subject = ${`user:${user.id}`}`
    )
    expect(audit!.details).toMatchObject({ from: 'approved', error: 'UnknownKekError' })
    // The run completed: the version is marked as re-screened.
    expect(await h.compliance.sanctionsRepo.listsAwaitingRescreen(h.clock.now())).toEqual([])
  })

  it('should report list age to officers and to readiness', async () => {
    const officer = await h.officer()
    const user = await h.signUp('not-an-officer@example.com')
    expect(
      (await h.call('GET', '/v1/compliance/sanctions/lists', { token: user.accessToken })).status
    ).toBe(403)
    const lists = await h.call('GET', '/v1/compliance/sanctions/lists', {
      token: officer.accessToken,
    })
    expect(lists.status).toBe(200)
    const active = lists.body.items.filter((l: { active: boolean }) => l.active)
    expect(active).toHaveLength(1)
    expect(active[0]).toMatchObject({ name: 'SDN', ageHours: 0 })

    const check = h.compliance.screening.readiness({ maxAgeHours: 24, production: true })
    expect(await check.run()).toMatchObject({ status: 'pass' })
    h.clock.advance(25 * 3_600_000)
    expect(await check.run()).toMatchObject({ status: 'fail', detail: 'older than 24 h: SDN' })
    const ready = await h.app.request('/health/ready')
    // The app's own check uses SANCTIONS_LIST_MAX_AGE_HOURS (a week by default): still ready.
    expect(ready.status).toBe(200)
    expect((await ready.json()).checks['sanctions-list']).toMatchObject({ status: 'pass' })
  })
})

describe('sanctions readiness without a list', () => {
  it('should pass in development with a detail saying so, and fail in production', async () => {
    const repo = { ...h.compliance.sanctionsRepo, activeLists: async () => [] }
    const { createScreeningService } = await import('./screening.service.ts')
    const make = (production: boolean) =>
      createScreeningService({
        db: h.database.db,
        repo,
        intake: h.compliance.intake,
        auditLog: h.services.auditLog,
        clock: h.clock,
        threshold: 0.8,
      }).readiness({ maxAgeHours: 24, production })
    expect(await make(false).run()).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining('no sanctions list imported'),
    })
    expect(await make(true).run()).toMatchObject({ status: 'fail' })
  })
})

describe('npm run sanctions:import', () => {
  const run = promisify(execFile)
  async function cli(args: string[]) {
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        ['--import', 'tsx', 'src/compliance/sanctions/sanctions-import-cli.ts', ...args],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            NODE_ENV: 'test',
            DATABASE_URL: h.database.url!,
            JWT_SECRET: TEST_ENV.JWT_SECRET!,
            EXCHANGE_KEY_ENCRYPTION_KEY: TEST_ENV.EXCHANGE_KEY_ENCRYPTION_KEY!,
          },
          timeout: 60_000,
        }
      )
      return { code: 0, stdout, stderr }
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string }
      return { code: e.code, stdout: e.stdout, stderr: e.stderr }
    }
  }

  it('should import from files, refuse a broken one naming file and line (exit 1), and explain usage (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdn-'))
    const broken = join(dir, 'sdn-broken.csv')
    writeFileSync(broken, '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"\r\n')
    const bad = await cli(['--file', broken, '--version', 'cli-broken'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('SDN.CSV line 1: expected 12 columns, found 4')
    expect(bad.stderr).toContain(broken)
    expect(bad.stderr).toContain('the active list is unchanged')

    const ok = await cli([
      '--file',
      join(ROOT, 'test/fixtures/sanctions/sdn.csv'),
      '--alt',
      join(ROOT, 'test/fixtures/sanctions/alt.csv'),
      '--version',
      'cli-1',
    ])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/^imported SDN cli-1 at .*: 145 entries, 248 aliases, \d+ ID numbers/)
    expect(await activeVersions()).toEqual(['SDN cli-1'])

    expect((await cli(['--alt', 'x.csv'])).code).toBe(2)
  }, 120_000)
})
