/**
 * @module Sanctions screening over the lists in the database: a matcher built from the active list
 * versions (cached per process, keyed by those versions, rebuilt when an import activates a new
 * one), every screening stored with its result, on-demand screening for officers, provider
 * screening for the marketplace, and the list-age readiness check.
 */
import { assertOfficer } from '../officer.ts'
import type { Actor } from '../../auth/actor.ts'
import type { AuditLog } from '../audit-log/audit-log.ts'
import type { Db, Queryable } from '../../db/types.ts'
import type { ReadinessCheck } from '../../health/health.checks.ts'
import { toPage, type Page, type PageParams } from '../../http/pagination.ts'
import type { Clock } from '../../lib/clock.ts'
import { uuidv7 } from '../../lib/ids.ts'
import { ProblemError } from '../../lib/problem.ts'
import type { CaseIntake } from '../cases/case-intake.ts'
import type { ScreeningContext, StoredMatch } from '../sanctions.schema.ts'
import { auditMeta } from '../../auth/actor.ts'
import { createSanctionsMatcher, type SanctionsMatch, type ScreenQuery } from './matcher.ts'
import type { SanctionsMatcher } from './matcher.ts'
import type { ListRow, SanctionsRepository, ScreeningRow } from './sanctions.repository.ts'

/** No list is active: screening cannot run, and nobody may be cleared as if it had. */
export class SanctionsListUnavailable extends ProblemError {
  constructor() {
    super({
      status: 503,
      type: 'sanctions-list-unavailable',
      detail:
        'No sanctions list is imported yet (npm run sanctions:import), so nobody can be screened.',
    })
  }
}

export interface Screening {
  screening: ScreeningRow
  matches: SanctionsMatch[]
  hit: boolean
}

export interface ScreeningContextInput {
  context: ScreeningContext
  subjectUserId?: string | null
  kycProfileId?: string | null
  providerRef?: string | null
  screenedBy?: string | null
  /** Store the screened name in clear (on-demand and provider screenings only). */
  storeName?: boolean
}

export interface ListView {
  id: string
  name: string
  version: string
  importedAt: string
  ageHours: number
  active: boolean
  entries: number
  aliases: number
  idNumbers: number
  rescreenedAt: string | null
}

export function createScreeningService(deps: {
  db: Db
  repo: SanctionsRepository
  intake: Pick<CaseIntake, 'fileScreeningHit'>
  auditLog: AuditLog
  clock: Clock
  /** `settings.sanctions.matchThreshold`. */
  threshold: number
}) {
  const { db, repo, intake, auditLog, clock, threshold } = deps
  let cached: { key: string; built: Promise<SanctionsMatcher> } | null = null

  /** The matcher over the active versions, or null when there is none. */
  async function current(
    q: Queryable = db
  ): Promise<{ matcher: SanctionsMatcher; lists: ListRow[] } | null> {
    const lists = await repo.activeLists(q)
    if (lists.length === 0) return null
    const key = lists
      .map((l) => l.id)
      .sort()
      .join(',')
    if (cached?.key !== key) {
      // Loaded on `q`: inside a transaction on PGlite's single connection, `db` would wait for it.
      const built = repo
        .loadEntries(lists, q)
        .then((entries) => createSanctionsMatcher(entries, { threshold }))
      const entry = { key, built }
      cached = entry
      built.catch(() => {
        if (cached === entry) cached = null
      })
    }
    return { matcher: await cached.built, lists }
  }

  /** Screens and stores the result; null when no list is active. */
  async function screen(
    query: ScreenQuery,
    ctx: ScreeningContextInput,
    q: Queryable = db
  ): Promise<Screening | null> {
    const found = await current(q)
    if (!found) return null
    const matches = found.matcher.screen(query)
    const now = clock.now()
    const screening = await repo.insertScreening(
      {
        id: uuidv7(now.getTime()),
        context: ctx.context,
        subjectUserId: ctx.subjectUserId ?? null,
        kycProfileId: ctx.kycProfileId ?? null,
        providerRef: ctx.providerRef ?? null,
        queryName: ctx.storeName ? query.name : null,
        queryType: query.type ?? null,
        lists: found.lists.map((l) => ({ name: l.name, version: l.version })),
        threshold: found.matcher.threshold,
        matches: matches.map(stored),
        topScore: matches[0]?.score ?? null,
        hit: matches.length > 0,
        screenedBy: ctx.screenedBy ?? null,
        createdAt: now,
      },
      q
    )
    return { screening, matches, hit: matches.length > 0 }
  }

  const listView = (l: ListRow, now: Date): ListView => ({
    id: l.id,
    name: l.name,
    version: l.version,
    importedAt: l.importedAt.toISOString(),
    ageHours: Math.round(((now.getTime() - l.importedAt.getTime()) / 3_600_000) * 10) / 10,
    active: l.active,
    entries: l.entryCount,
    aliases: l.aliasCount,
    idNumbers: l.idNumberCount,
    rescreenedAt: l.rescreenedAt?.toISOString() ?? null,
  })

  return {
    current,
    screen,
    threshold,

    /** `POST /v1/compliance/screen`: officers screen a name; stored and audit-logged. */
    async screenOnDemand(actor: Actor, query: ScreenQuery) {
      assertOfficer(actor)
      const result = await db.transaction(async (tx) => {
        const r = await screen(
          query,
          { context: 'on_demand', screenedBy: actor.principal.userId, storeName: true },
          tx
        )
        if (!r) throw new SanctionsListUnavailable()
        await auditLog.append(
          {
            ...auditMeta(actor),
            action: 'sanctions.screened',
            subject: `screening:${r.screening.id}`,
            details: { matches: r.matches.length, topScore: r.matches[0]?.score ?? null },
          },
          tx
        )
        return r
      })
      return {
        screeningId: result.screening.id,
        threshold: result.screening.threshold,
        lists: result.screening.lists,
        matches: result.matches.map(({ entNum, name, matchedName, score, list, programs }) => ({
          entNum,
          name,
          matchedName,
          score,
          list,
          programs,
        })),
      }
    },

    /**
     * For the marketplace at provider registration: screens the provider's name (and ID numbers);
     * a hit opens a case. Throws `SanctionsListUnavailable` when no list is active: a provider
     * must not be registered unscreened.
     */
    async screenProvider(
      input: {
        providerRef: string
        name: string
        type?: 'individual' | 'entity'
        idNumbers?: string[]
        subjectUserId?: string | null
      },
      q: Queryable = db
    ): Promise<{
      hit: boolean
      screeningId: string
      caseId: string | null
      matches: SanctionsMatch[]
    }> {
      return q.transaction(async (tx) => {
        const r = await screen(
          { name: input.name, type: input.type, idNumbers: input.idNumbers },
          {
            context: 'provider',
            providerRef: input.providerRef,
            subjectUserId: input.subjectUserId ?? null,
            storeName: true,
          },
          tx
        )
        if (!r) throw new SanctionsListUnavailable()
        const caseId = r.hit
          ? await intake.fileScreeningHit(
              {
                subjectUserId: input.subjectUserId ?? null,
                screeningId: r.screening.id,
                title: `Sanctions screening hit at provider registration (${input.providerRef})`,
              },
              tx
            )
          : null
        return { hit: r.hit, screeningId: r.screening.id, caseId, matches: r.matches }
      })
    },

    async listVersions(actor: Actor, page: PageParams): Promise<Page<ListView>> {
      assertOfficer(actor)
      const now = clock.now()
      return toPage(await repo.listVersions(page.limit, page.cursor), page.limit, (l) =>
        listView(l, now)
      )
    },

    /**
     * `/health/ready`: fails when an active list is older than `maxAgeHours`, or when there is
     * none in production; in development a missing list passes with a detail saying so.
     */
    readiness(opts: { maxAgeHours: number; production: boolean }): ReadinessCheck {
      return {
        name: 'sanctions-list',
        async run() {
          const lists = await repo.activeLists()
          if (lists.length === 0) {
            return {
              status: opts.production ? 'fail' : 'pass',
              detail:
                'no sanctions list imported (npm run sanctions:import); screening is unavailable',
            }
          }
          const now = clock.now()
          const views = lists.map((l) => listView(l, now))
          const stale = views.filter((l) => l.ageHours > opts.maxAgeHours)
          return {
            status: stale.length > 0 ? 'fail' : 'pass',
            maxAgeHours: opts.maxAgeHours,
            lists: views.map(({ name, version, ageHours }) => ({ name, version, ageHours })),
            ...(stale.length > 0 && {
              detail: `older than ${opts.maxAgeHours} h: ${stale.map((l) => l.name).join(', ')}`,
            }),
          }
        },
      }
    },
  }
}

export type ScreeningService = ReturnType<typeof createScreeningService>

function stored(m: SanctionsMatch): StoredMatch {
  return {
    entNum: m.entNum,
    name: m.name,
    matchedName: m.matchedName,
    score: m.score,
    list: m.list,
    programs: m.programs,
    type: m.type,
    matchedOn: m.matchedOn,
  }
}
