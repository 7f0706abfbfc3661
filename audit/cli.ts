/**
 * @module readiness-audit CLI: argument parsing, progress on a TTY, report files, exit codes
 * (0 READY, 1 NOT READY or below --min-score, 2 usage or runtime error).
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, DEFAULT_CONFIG, parseConfig, type AuditConfig } from './config.ts'
import { probeDeployment } from './collect/probe.ts'
import { fsReader } from './collect/reader.ts'
import { runAudit } from './engine.ts'
import { renderHtml } from './report/html.ts'
import { renderJson } from './report/json.ts'
import { renderMarkdown } from './report/markdown.ts'
import { buildModel, type ReportModel } from './report/model.ts'
import { renderSarif } from './report/sarif.ts'
import { ALL_RULES } from './rules/index.ts'

export interface CliIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
  isTty: boolean
  cwd: string
}

const FORMATS = {
  md: renderMarkdown,
  json: renderJson,
  sarif: renderSarif,
  html: renderHtml,
} as const
type Format = keyof typeof FORMATS
const EXT: Record<Format, string> = { md: 'md', json: 'json', sarif: 'sarif', html: 'html' }

export const USAGE = `Usage: readiness-audit [path] [options]

  path                    repository to audit (default: current directory)
  --url <url>             also probe a running deployment
  --format <list>         md,json,sarif,html (default: md)
  --out <dir>             write readiness-report.<ext> files there (otherwise print the first format)
  --min-score <n>         NOT READY below this overall score (default: config or 8)
  --config <file>         config file (default: <path>/readiness.config.json when present)
  --quiet                 no progress or summary on stderr
  -h, --help              this text

Exit codes: 0 ready, 1 not ready, 2 usage or runtime error.
`

class UsageError extends Error {
  override name = 'UsageError'
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      format: { type: 'string', default: 'md' },
      out: { type: 'string' },
      'min-score': { type: 'string' },
      config: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (positionals.length > 1)
    throw new UsageError(`expected at most one path, got ${positionals.length}`)
  const formats = values.format
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
  for (const f of formats)
    if (!(f in FORMATS)) throw new UsageError(`unknown format "${f}" (md, json, sarif, html)`)
  let minScore: number | undefined
  if (values['min-score'] !== undefined) {
    minScore = Number(values['min-score'])
    if (!Number.isFinite(minScore) || minScore < 0 || minScore > 10)
      throw new UsageError('--min-score must be a number from 0 to 10')
  }
  if (values.url !== undefined && !/^https?:\/\/[^\s]+$/.test(values.url))
    throw new UsageError('--url must be an http(s) URL')
  return { ...values, path: positionals[0], formats: formats as Format[], minScore }
}

async function loadConfig(
  root: string,
  explicit: string | undefined,
  cwd: string
): Promise<AuditConfig> {
  const file = explicit ? resolve(cwd, explicit) : join(root, 'readiness.config.json')
  if (!explicit && !existsSync(file)) return DEFAULT_CONFIG
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw new ConfigError(`cannot read config ${explicit ?? file}`)
  }
  return parseConfig(text, explicit ?? 'readiness.config.json')
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let opts: ReturnType<typeof parse>
  try {
    opts = parse(argv)
  } catch (err) {
    io.stderr(`readiness-audit: ${(err as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (opts.help) {
    io.stdout(USAGE)
    return 0
  }
  try {
    const root = resolve(io.cwd, opts.path ?? '.')
    if (!existsSync(root)) throw new UsageError(`no such directory: ${opts.path}`)
    const config = await loadConfig(root, opts.config, io.cwd)
    const progress = io.isTty && !opts.quiet
    const url = opts.url
    const result = await runAudit({
      reader: fsReader(root),
      rules: ALL_RULES,
      rootName: basename(root),
      ignoreGlobs: config.ignore,
      suppressions: config.suppressions,
      minScore: opts.minScore ?? config.minScore,
      ...(url ? { probe: () => probeDeployment(url) } : {}),
      ...(progress
        ? {
            onProgress: (d: number, t: number) =>
              (d % 25 === 0 || d === t) && io.stderr(`\r[readiness-audit] ${d}/${t} files`),
          }
        : {}),
    })
    if (progress) io.stderr('\n')
    const model: ReportModel = buildModel(
      result,
      ALL_RULES.map((r) => r.meta)
    )
    if (opts.out) {
      const dir = resolve(io.cwd, opts.out)
      await mkdir(dir, { recursive: true })
      for (const f of opts.formats)
        await writeFile(join(dir, `readiness-report.${EXT[f]}`), FORMATS[f](model))
    } else {
      io.stdout(FORMATS[opts.formats[0] ?? 'md'](model))
    }
    if (!opts.quiet && (opts.out || io.isTty)) {
      io.stderr(
        `readiness-audit: ${model.verdict} — overall ${model.overall?.toFixed(2) ?? 'N/A'}/10; ${model.counts.critical} critical, ${model.counts.high} high open\n`
      )
    }
    return model.verdict === 'READY' ? 0 : 1
  } catch (err) {
    io.stderr(`readiness-audit: ${err instanceof Error ? err.message : String(err)}\n`)
    return 2
  }
}
