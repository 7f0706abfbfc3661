import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main, type CliIo } from './cli.ts'

const fixtures = new URL('./test/fixtures/', import.meta.url).pathname

function io(isTty = false) {
  const out: string[] = []
  const err: string[] = []
  const value: CliIo = {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    isTty,
    cwd: fixtures,
  }
  return { value, out: () => out.join(''), err: () => err.join('') }
}

describe('readiness-audit CLI', () => {
  it('should exit 0 and print Markdown for a clean repository', async () => {
    const t = io()
    expect(await main(['clean-ts'], t.value)).toBe(0)
    expect(t.out()).toContain('**Status**: ✅ **READY**')
    expect(t.err()).toBe('')
  })

  it('should exit 1 for a repository with critical findings', async () => {
    const t = io()
    expect(await main(['broken-py', '--format', 'json'], t.value)).toBe(1)
    expect(JSON.parse(t.out()).verdict).toBe('NOT READY')
  })

  it('should exit 1 when the overall score is below --min-score even without criticals', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-min-'))
    writeFileSync(join(dir, 'a.ts'), "export function f() {\n  console.log('x')\n}\n")
    const t = io()
    expect(await main([dir, '--format', 'json', '--min-score', '10'], t.value)).toBe(1)
    expect(JSON.parse(t.out()).reasons[0]).toMatch(/below the minimum 10/)
    expect(await main([dir, '--min-score', '5'], io().value)).toBe(0)
  })

  it('should write every requested format to --out and summarise on stderr', async () => {
    const out = mkdtempSync(join(tmpdir(), 'audit-out-'))
    const t = io()
    expect(await main(['broken-ts', '--format', 'md,json,sarif,html', '--out', out], t.value)).toBe(
      1
    )
    for (const ext of ['md', 'json', 'sarif', 'html'])
      expect(existsSync(join(out, `readiness-report.${ext}`)), ext).toBe(true)
    expect(t.out()).toBe('')
    expect(t.err()).toMatch(/NOT READY/)
    const quiet = io()
    await main(['broken-ts', '--out', out, '--quiet'], quiet.value)
    expect(quiet.err()).toBe('')
  })

  it('should show progress only on a TTY', async () => {
    const tty = io(true)
    await main(['clean-ts', '--format', 'json'], tty.value)
    expect(tty.err()).toMatch(/\[readiness-audit\] \d+\/\d+ files/)
    const quiet = io(true)
    await main(['clean-ts', '--format', 'json', '--quiet'], quiet.value)
    expect(quiet.err()).toBe('')
  })

  it('should apply --config ignore globs and suppressions, listing them in the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-cfg-'))
    const cfg = join(dir, 'readiness.config.json')
    writeFileSync(
      cfg,
      JSON.stringify({
        ignore: ['app/routes/**'],
        suppressions: [
          {
            rule: 'monitoring/console-logging',
            path: 'app/main.py',
            reason: 'start-up banner printed before logging is configured',
          },
        ],
      })
    )
    const t = io()
    await main(['broken-py', '--config', cfg, '--format', 'json'], t.value)
    const doc = JSON.parse(t.out())
    expect(doc.findings.some((f: { path: string }) => f.path.startsWith('app/routes/'))).toBe(false)
    expect(doc.suppressions).toEqual([
      {
        rule: 'monitoring/console-logging',
        path: 'app/main.py',
        reason: 'start-up banner printed before logging is configured',
        matched: 1,
      },
    ])
    expect(doc.ignore).toEqual(['app/routes/**'])
  })

  it('should exit 2 on usage and config errors', async () => {
    const bad = io()
    expect(await main(['--format', 'pdf'], bad.value)).toBe(2)
    expect(bad.err()).toMatch(/unknown format "pdf"/)
    expect(await main(['--min-score', 'eleven'], io().value)).toBe(2)
    expect(await main(['a', 'b'], io().value)).toBe(2)
    expect(await main(['no-such-dir'], io().value)).toBe(2)
    const dir = mkdtempSync(join(tmpdir(), 'audit-bad-'))
    writeFileSync(
      join(dir, 'readiness.config.json'),
      JSON.stringify({ suppressions: [{ rule: 'monitoring/console-logging', path: 'x' }] })
    )
    const t = io()
    expect(await main([dir], t.value)).toBe(2)
    expect(t.err()).toMatch(/"reason" is mandatory/)
  })

  it('should print usage with --help', async () => {
    const t = io()
    expect(await main(['--help'], t.value)).toBe(0)
    expect(t.out()).toContain('Exit codes: 0 ready, 1 not ready, 2 usage or runtime error.')
    expect(readFileSync(new URL('./bin.mjs', import.meta.url), 'utf8')).toContain(
      "import('./cli.ts')"
    )
  })
})
