/**
 * @module `npm run analytics:rebuild [-- --user <uuid>]`: recomputes FIFO books, trade rows and
 * daily rollups from the fills table (see rebuild.ts). With the embedded PGlite database run it
 * while the server is stopped (PGlite is single-process).
 */
import process from 'node:process'
import { parseArgs } from 'node:util'
import { applyMigrations } from '../../db/migrate.ts'
import { openCliContext, runCli } from '../../runtimes/cli-context.ts'
import { rebuildAnalytics } from './rebuild.ts'

runCli(async () => {
  const { values } = parseArgs({ options: { user: { type: 'string' } } })
  const ctx = await openCliContext()
  try {
    if (ctx.settings.autoMigrate)
      await applyMigrations({ database: ctx.database, url: ctx.settings.databaseUrl })
    const started = performance.now()
    const r = await rebuildAnalytics(ctx.database.db, ctx.services.analytics.store, {
      userId: values.user,
    })
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    process.stdout.write(
      `rebuilt ${r.books} books of ${r.users} users: ${r.fills} fills, ${r.trades} trades in ${seconds} s\n`
    )
    return 0
  } finally {
    await ctx.close()
  }
})
