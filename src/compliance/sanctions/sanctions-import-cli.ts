/**
 * @module `npm run sanctions:import -- --file sdn.csv [--alt alt.csv] [--list SDN] [--version X]`:
 * imports an OFAC list version atomically (the previous version stays active on any error), then
 * screens approved and pending KYC submissions against it. Exit 0 imported or already active,
 * 1 refused (the reason names the file and line), 2 usage.
 */
import { readFile } from 'node:fs/promises'
import process from 'node:process'
import { openCliContext, runCli } from '../../runtimes/cli-context.ts'
import { OfacParseError, SanctionsImportError } from './sanctions-import.ts'

const USAGE =
  'usage: npm run sanctions:import -- --file sdn.csv [--alt alt.csv] [--list SDN] [--version X]\n'

function parseArgs(args: string[]): Record<string, string> | null {
  const out: Record<string, string> = {}
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i]
    const value = args[i + 1]
    if (!key || !['--file', '--alt', '--list', '--version'].includes(key) || !value) return null
    if (key.slice(2) in out) return null
    out[key.slice(2)] = value
  }
  return out.file ? out : null
}

runCli(async (args) => {
  const opts = parseArgs(args)
  if (!opts) {
    process.stderr.write(USAGE)
    return 2
  }
  let sdn: Uint8Array
  let alt: Uint8Array | undefined
  try {
    sdn = await readFile(opts.file!)
    alt = opts.alt ? await readFile(opts.alt) : undefined
  } catch (err) {
    process.stderr.write(
      `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? 'error'}\n`
    )
    return 2
  }
  const ctx = await openCliContext()
  try {
    const r = await ctx.services.compliance.importList({
      sdn,
      alt,
      list: opts.list,
      version: opts.version,
    })
    const l = r.list
    if (r.status === 'unchanged') {
      process.stdout.write(
        `${l.name} ${l.version} is already the active version; nothing changed\n`
      )
      return 0
    }
    process.stdout.write(
      `imported ${l.name} ${l.version} at ${l.importedAt.toISOString()}: ${l.entryCount} entries, ` +
        `${l.aliasCount} aliases, ${l.idNumberCount} ID numbers` +
        (r.previous ? ` (replaces ${r.previous.version})` : '') +
        '\n'
    )
    if (r.rescreen) {
      process.stdout.write(
        `re-screened ${r.rescreen.screened} KYC submissions: ${r.rescreen.hits} hit(s), ` +
          `${r.rescreen.held} held for review (could not be screened)\n`
      )
    }
    return 0
  } catch (err) {
    if (err instanceof OfacParseError || err instanceof SanctionsImportError) {
      const path =
        err instanceof OfacParseError ? (err.file === 'ALT.CSV' ? opts.alt : opts.file) : null
      process.stderr.write(
        `sanctions import refused: ${err.message}${path ? ` (${path})` : ''}; ` +
          'the active list is unchanged\n'
      )
      return 1
    }
    throw err
  } finally {
    await ctx.close()
  }
})
