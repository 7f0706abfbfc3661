/**
 * @module readiness.config.json: ignore globs, suppressions (rule + path glob + optional fingerprint,
 * each with a mandatory reason) and the minimum score. Every suppression is listed in the report.
 */
import { RULES } from './rules/index.ts'
import type { Suppression } from './types.ts'

export interface AuditConfig {
  ignore: string[]
  suppressions: Suppression[]
  minScore: number
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export const DEFAULT_CONFIG: AuditConfig = { ignore: [], suppressions: [], minScore: 8 }
const KEYS = new Set(['$schema', 'ignore', 'suppressions', 'minScore'])
const SUPPRESSION_KEYS = new Set(['rule', 'path', 'fingerprint', 'reason'])

const isStr = (v: unknown): v is string => typeof v === 'string' && v.trim() !== ''

/** Parses and validates config text; every problem is listed in one ConfigError. */
export function parseConfig(text: string, source = 'readiness.config.json'): AuditConfig {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new ConfigError(`${source}: not valid JSON (${(err as Error).message})`)
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError(`${source}: must be a JSON object`)
  const obj = raw as Record<string, unknown>
  const problems: string[] = []
  for (const k of Object.keys(obj)) if (!KEYS.has(k)) problems.push(`unknown key "${k}"`)
  const ignore = obj.ignore ?? []
  if (!Array.isArray(ignore) || !ignore.every(isStr))
    problems.push('"ignore" must be an array of glob strings')
  const minScore = obj.minScore ?? DEFAULT_CONFIG.minScore
  if (typeof minScore !== 'number' || minScore < 0 || minScore > 10)
    problems.push('"minScore" must be a number from 0 to 10')
  const sups = obj.suppressions ?? []
  const suppressions: Suppression[] = []
  if (!Array.isArray(sups)) problems.push('"suppressions" must be an array')
  else {
    sups.forEach((s: unknown, i) => {
      const at = `suppressions[${i}]`
      if (!s || typeof s !== 'object') return problems.push(`${at} must be an object`)
      const o = s as Record<string, unknown>
      for (const k of Object.keys(o))
        if (!SUPPRESSION_KEYS.has(k)) problems.push(`${at}: unknown key "${k}"`)
      if (!isStr(o.rule) || !(o.rule in RULES))
        problems.push(`${at}: "rule" must be a registered rule id`)
      if (!isStr(o.path)) problems.push(`${at}: "path" (a path or glob) is required`)
      if (!isStr(o.reason) || o.reason.trim().length < 10)
        problems.push(`${at}: "reason" is mandatory (at least 10 characters)`)
      if (
        o.fingerprint !== undefined &&
        !(isStr(o.fingerprint) && /^[0-9a-f]{16}$/.test(o.fingerprint))
      )
        problems.push(`${at}: "fingerprint" must be 16 hex characters`)
      if (isStr(o.rule) && isStr(o.path) && isStr(o.reason)) {
        suppressions.push({
          rule: o.rule,
          path: o.path,
          reason: o.reason.trim(),
          ...(isStr(o.fingerprint) ? { fingerprint: o.fingerprint } : {}),
        })
      }
      return undefined
    })
  }
  if (problems.length) throw new ConfigError(`${source}:\n  - ${problems.join('\n  - ')}`)
  return { ignore: ignore as string[], suppressions, minScore: minScore as number }
}
