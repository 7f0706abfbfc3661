/**
 * @module Sanctions lists and screenings: drizzle queries only. Entries, aliases and ID numbers are
 * written in batches inside the import's transaction and read back whole to build a matcher.
 */
import { and, asc, desc, eq, inArray, isNull, lt, or } from 'drizzle-orm'
import type { Queryable } from '../../db/types.ts'
import type { SanctionsEntry } from './sanctions-entries.ts'
import {
  sanctionsAliases,
  sanctionsEntries,
  sanctionsIdNumbers,
  sanctionsLists,
  screeningResults,
} from '../sanctions.schema.ts'

export type ListRow = typeof sanctionsLists.$inferSelect
export type ScreeningRow = typeof screeningResults.$inferSelect
export type ScreeningInsert = typeof screeningResults.$inferInsert

/** Rows per INSERT: well under PostgreSQL's 65,535 bound parameters at 7 columns. */
const BATCH = 1000

async function insertBatched<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH))
}

export function createSanctionsRepository(db: Queryable) {
  return {
    async activeLists(q: Queryable = db): Promise<ListRow[]> {
      return q
        .select()
        .from(sanctionsLists)
        .where(eq(sanctionsLists.active, true))
        .orderBy(asc(sanctionsLists.name))
    },

    async listVersions(limit: number, before?: string): Promise<ListRow[]> {
      return db
        .select()
        .from(sanctionsLists)
        .where(before ? lt(sanctionsLists.id, before) : undefined)
        .orderBy(desc(sanctionsLists.id))
        .limit(limit + 1)
    },

    async findVersion(name: string, version: string, q: Queryable = db): Promise<ListRow | null> {
      const [row] = await q
        .select()
        .from(sanctionsLists)
        .where(and(eq(sanctionsLists.name, name), eq(sanctionsLists.version, version)))
      return row ?? null
    },

    /** Writes a complete list version, inactive; `activate` switches to it. */
    async insertVersion(
      list: typeof sanctionsLists.$inferInsert,
      entries: readonly SanctionsEntry[],
      extra: Map<number, { title: string | null; remarks: string | null }>,
      aliases: {
        altNum: number
        entNum: number
        altType: string
        name: string
        remarks: string | null
      }[],
      q: Queryable
    ): Promise<ListRow> {
      const [row] = await q.insert(sanctionsLists).values(list).returning()
      const listId = row!.id
      await insertBatched(
        entries.map((e) => ({
          listId,
          entNum: e.entNum,
          name: e.name,
          type: e.type,
          programs: e.programs,
          title: extra.get(e.entNum)?.title ?? null,
          remarks: extra.get(e.entNum)?.remarks ?? null,
        })),
        (chunk) => q.insert(sanctionsEntries).values(chunk)
      )
      await insertBatched(
        aliases.map((a) => ({ listId, ...a })),
        (chunk) => q.insert(sanctionsAliases).values(chunk)
      )
      await insertBatched(
        entries.flatMap((e) =>
          e.ids.map((id, ordinal) => ({
            listId,
            entNum: e.entNum,
            ordinal,
            kind: id.kind,
            value: id.value,
            key: id.key,
            country: id.country,
          }))
        ),
        (chunk) => q.insert(sanctionsIdNumbers).values(chunk)
      )
      return row!
    },

    /** Makes `id` the one active version of its list; returns the version it replaced. */
    async activate(id: string, name: string, q: Queryable): Promise<ListRow | null> {
      const [previous] = await q
        .update(sanctionsLists)
        .set({ active: false })
        .where(and(eq(sanctionsLists.name, name), eq(sanctionsLists.active, true)))
        .returning()
      await q.update(sanctionsLists).set({ active: true }).where(eq(sanctionsLists.id, id))
      return previous ?? null
    },

    /** The lists' entries with their aliases and ID numbers, as the matcher takes them. */
    async loadEntries(lists: readonly ListRow[], q: Queryable = db): Promise<SanctionsEntry[]> {
      const ids = lists.map((l) => l.id)
      if (ids.length === 0) return []
      const nameOf = new Map(lists.map((l) => [l.id, l.name]))
      const [entries, aliases, idNumbers] = [
        await q
          .select()
          .from(sanctionsEntries)
          .where(inArray(sanctionsEntries.listId, ids))
          .orderBy(asc(sanctionsEntries.listId), asc(sanctionsEntries.entNum)),
        await q
          .select()
          .from(sanctionsAliases)
          .where(inArray(sanctionsAliases.listId, ids))
          .orderBy(asc(sanctionsAliases.altNum)),
        await q
          .select()
          .from(sanctionsIdNumbers)
          .where(inArray(sanctionsIdNumbers.listId, ids))
          .orderBy(asc(sanctionsIdNumbers.entNum), asc(sanctionsIdNumbers.ordinal)),
      ]
      const byKey = new Map<string, SanctionsEntry>()
      const out = entries.map((e) => {
        const entry: SanctionsEntry = {
          entNum: e.entNum,
          name: e.name,
          type: e.type,
          programs: e.programs,
          list: nameOf.get(e.listId)!,
          aliases: [],
          ids: [],
        }
        byKey.set(`${e.listId}:${e.entNum}`, entry)
        return entry
      })
      for (const a of aliases) {
        byKey.get(`${a.listId}:${a.entNum}`)?.aliases.push({ name: a.name, altType: a.altType })
      }
      for (const i of idNumbers) {
        byKey
          .get(`${i.listId}:${i.entNum}`)
          ?.ids.push({ kind: i.kind, value: i.value, key: i.key, country: i.country })
      }
      return out
    },

    /** Active versions whose approved users have not been screened again yet. */
    async listsAwaitingRescreen(now: Date): Promise<ListRow[]> {
      return db
        .select()
        .from(sanctionsLists)
        .where(
          and(
            eq(sanctionsLists.active, true),
            isNull(sanctionsLists.rescreenedAt),
            or(
              isNull(sanctionsLists.rescreenLeaseUntil),
              lt(sanctionsLists.rescreenLeaseUntil, now)
            )
          )
        )
    },

    /** Takes the re-screen of a version until `until`; false when another run holds or did it. */
    async claimRescreen(id: string, now: Date, until: Date): Promise<boolean> {
      const rows = await db
        .update(sanctionsLists)
        .set({ rescreenLeaseUntil: until })
        .where(
          and(
            eq(sanctionsLists.id, id),
            isNull(sanctionsLists.rescreenedAt),
            or(
              isNull(sanctionsLists.rescreenLeaseUntil),
              lt(sanctionsLists.rescreenLeaseUntil, now)
            )
          )
        )
        .returning({ id: sanctionsLists.id })
      return rows.length === 1
    },

    async markRescreened(id: string, at: Date): Promise<void> {
      await db
        .update(sanctionsLists)
        .set({ rescreenedAt: at, rescreenLeaseUntil: null })
        .where(eq(sanctionsLists.id, id))
    },

    async insertScreening(row: ScreeningInsert, q: Queryable = db): Promise<ScreeningRow> {
      const [inserted] = await q.insert(screeningResults).values(row).returning()
      return inserted!
    },

    async screeningsOfProfiles(profileIds: string[]): Promise<ScreeningRow[]> {
      if (profileIds.length === 0) return []
      return db
        .select()
        .from(screeningResults)
        .where(inArray(screeningResults.kycProfileId, profileIds))
        .orderBy(asc(screeningResults.id))
    },
  }
}

export type SanctionsRepository = ReturnType<typeof createSanctionsRepository>
