/**
 * @module `npm run audit-log:verify [-- --expected-head <sha256>]`: checks the whole audit-log hash
 * chain and prints the first broken link. Exit 0 intact, 1 broken, 2 usage or runtime error.
 */
import process from 'node:process'
import { openCliContext, runCli } from '../../runtimes/cli-context.ts'

runCli(async (args) => {
  const i = args.indexOf('--expected-head')
  const expectedHead = i >= 0 ? args[i + 1] : undefined
  if ((i >= 0 && !/^[0-9a-f]{64}$/.test(expectedHead ?? '')) || args.length !== (i >= 0 ? 2 : 0)) {
    process.stderr.write('usage: npm run audit-log:verify [-- --expected-head <64 hex digits>]\n')
    return 2
  }
  const ctx = await openCliContext()
  try {
    const result = await ctx.services.auditLog.verify({ expectedHead })
    if (result.ok) {
      process.stdout.write(
        `audit log intact: ${result.count} rows, head seq ${result.headSeq ?? '-'} hash ${result.headHash}\n`
      )
      return 0
    }
    process.stdout.write(
      `audit log BROKEN at row #${result.index + 1} (seq ${result.seq ?? '-'}, id ${result.rowId ?? '-'}): ` +
        `${result.reason}: ${result.detail}\n`
    )
    return 1
  } finally {
    await ctx.close()
  }
})
