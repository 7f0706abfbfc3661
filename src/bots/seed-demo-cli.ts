/**
 * @module `npm run seed:demo`: the demo user and bots on the synthetic `sim` venue (see
 * demo-seed.ts). Exit 1 when refused (production, or ENABLE_MOCK_DATA off). With the embedded
 * PGlite database run it while the server is stopped (PGlite is single-process).
 */
import process from 'node:process'
import { applyMigrations } from '../db/migrate.ts'
import { openCliContext, runCli } from '../runtimes/cli-context.ts'
import { DemoSeedRefused, seedDemo } from './demo-seed.ts'

runCli(async () => {
  const ctx = await openCliContext()
  try {
    if (ctx.settings.autoMigrate)
      await applyMigrations({ database: ctx.database, url: ctx.settings.databaseUrl })
    const r = await seedDemo(ctx.settings, ctx.services)
    process.stdout.write(
      [
        `demo user: ${r.email} (${r.userId})`,
        r.password
          ? `password (shown once): ${r.password}`
          : 'password: unchanged (the user existed already)',
        `bots started: ${r.created.join(', ') || 'none'}${r.existing.length ? `; already there: ${r.existing.join(', ')}` : ''}`,
        'They trade on the SYNTHETIC sim venue every BOT_TICK_SECONDS while the server runs (npm start).',
      ].join('\n') + '\n'
    )
    return 0
  } catch (err) {
    if (err instanceof DemoSeedRefused) {
      process.stderr.write(`refused: ${err.message}\n`)
      return 1
    }
    throw err
  } finally {
    await ctx.close()
  }
})
