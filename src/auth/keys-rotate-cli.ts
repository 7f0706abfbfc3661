/**
 * @module `npm run keys:rotate [-- --batch-size N]`: re-wraps every exchange key, TOTP secret and
 * sealed KYC record under the active KEK (`EXCHANGE_KEY_ENCRYPTION_KEY`), with the old key in
 * `EXCHANGE_KEY_PREVIOUS_KEYS`. Safe while the app runs; rerun until it reports nothing left, then
 * drop the old key from the settings. Exit 0 when every record is under the active KEK, 1 if not.
 */
import process from 'node:process'
import { kycProfiles } from '../compliance/kyc.schema.ts'
import { exchangeKeys } from '../exchange-keys/exchange-keys.schema.ts'
import { openCliContext, runCli } from '../runtimes/cli-context.ts'
import { users } from './auth.schema.ts'
import { envelopeColumn } from './envelope-column.ts'
import { rewrapAll } from './envelope-rotation.ts'
import { envelopeFromSettings } from './key-material.ts'

runCli(async (args) => {
  const i = args.indexOf('--batch-size')
  const batchSize = i >= 0 ? Number(args[i + 1]) : 200
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    process.stderr.write('usage: npm run keys:rotate [-- --batch-size 1..10000]\n')
    return 2
  }
  const ctx = await openCliContext()
  try {
    const envelope = await envelopeFromSettings(ctx.settings.exchangeKeyEncryptionKeys)
    const db = ctx.database.db
    const reports = await rewrapAll({
      envelope,
      batchSize,
      sources: [
        envelopeColumn(db, 'exchange_keys.credentials', exchangeKeys, {
          id: exchangeKeys.id,
          record: exchangeKeys.credentials,
        }),
        envelopeColumn(db, 'users.totp_secret', users, { id: users.id, record: users.totpSecret }),
        envelopeColumn(db, 'kyc_profiles.sensitive', kycProfiles, {
          id: kycProfiles.id,
          record: kycProfiles.sensitive,
        }),
      ],
      onBatch: (r) =>
        process.stderr.write(`${r.source}: ${r.scanned} scanned, ${r.rewrapped} re-wrapped\n`),
    })
    let incomplete = false
    for (const r of reports) {
      process.stdout.write(
        `${r.source}: ${r.scanned} scanned, ${r.rewrapped} re-wrapped, ${r.current} already current, ` +
          `${r.raced} changed meanwhile, ${r.failed.length} failed\n`
      )
      for (const f of r.failed) process.stdout.write(`  failed ${f.id}: ${f.error}\n`)
      if (r.raced > 0 || r.failed.length > 0) incomplete = true
    }
    process.stdout.write(
      incomplete
        ? 'not complete: run again (or fix the failed rows)\n'
        : 'all records use the active key\n'
    )
    return incomplete ? 1 : 0
  } finally {
    await ctx.close()
  }
})
