/**
 * @module The audit pipeline: collect facts → parse each production source once → run every rule
 * on it → repo-level rules → suppressions → score. A crashing rule becomes an `error` result and
 * the run continues (scorecard's zrunner).
 */
import { createHash } from 'node:crypto'
import picomatch from 'picomatch'
import { collectFacts } from './collect/facts.ts'
import { createSourceParser, looksGenerated, type SourceParser } from './collect/parse.ts'
import type { RepoReader } from './collect/reader.ts'
import { evidenceOf, indexTree, lineOf } from './rules/ast.ts'
import { formatMessage } from './rules/define-rule.ts'
import { computeScore } from './score.ts'
import type {
  AuditResult,
  FileContext,
  Finding,
  ProbeResult,
  RepoFacts,
  Rule,
  RuleResult,
  Suppression,
} from './types.ts'

export interface AuditOptions {
  reader: RepoReader
  rules: readonly Rule<unknown>[]
  /** Display name of the root for reports (e.g. the directory's base name). */
  rootName: string
  ignoreGlobs?: string[]
  suppressions?: Suppression[]
  minScore?: number
  /** Runs the live probe; called only when `probeUrl` is set. */
  probe?: () => Promise<ProbeResult>
  onProgress?: (done: number, total: number) => void
  /** Reuse grammars across runs (tests); created on demand otherwise. */
  parser?: SourceParser
}

interface RuleState {
  rule: Rule<unknown>
  examined: number
  findings: Finding[]
  collected: Map<string, unknown>
  error?: string
}

/** Runs the whole audit and returns results ready for any report format. */
export async function runAudit(opts: AuditOptions): Promise<AuditResult> {
  const facts: RepoFacts = await collectFacts(opts.reader, opts.ignoreGlobs ?? [])
  if (opts.probe) facts.probe = await opts.probe()
  const parser = opts.parser ?? (await createSourceParser())
  const states: RuleState[] = opts.rules.map((rule) => ({
    rule,
    examined: 0,
    findings: [],
    collected: new Map(),
  }))
  const sources = facts.files.filter((f) => f.kind === 'production' && f.language)
  const dec = new TextDecoder()
  let done = 0
  for (const entry of sources) {
    const language = entry.language!
    const bytes = await opts.reader.read(entry.path)
    const text = bytes ? dec.decode(bytes) : ''
    if (bytes && (bytes.includes(0) || looksGenerated(text))) {
      facts.skipped.push({ path: entry.path, reason: bytes.includes(0) ? 'binary' : 'generated' })
      continue
    }
    const tree = parser.parse(entry.path, language, text)
    indexTree(tree)
    if (tree.rootNode.hasError)
      facts.skipped.push({ path: entry.path, reason: 'syntax errors (parsed partially)' })
    const lines = text.split('\n')
    for (const st of states) {
      const { rule } = st
      if (!rule.meta.languages.includes(language) || st.error) continue
      if (!rule.check && !rule.collect) continue
      st.examined++
      const ctx: FileContext = {
        file: { path: entry.path, language, text, tree },
        facts,
        report(node, messageId, data) {
          const line = lineOf(node)
          st.findings.push(
            makeFinding(
              rule,
              entry.path,
              line,
              evidenceOf(lines[line - 1] ?? node.text),
              messageId,
              data
            )
          )
        },
      }
      try {
        rule.check?.(ctx)
        const c = rule.collect?.(ctx)
        if (c !== undefined) st.collected.set(entry.path, c)
      } catch (err) {
        st.error = `${entry.path}: ${err instanceof Error ? err.message : String(err)}`
      }
    }
    tree.delete()
    opts.onProgress?.(++done, sources.length)
  }
  for (const st of states) {
    const { rule } = st
    if (!rule.checkRepo || st.error) continue
    if (rule.applicable ? !rule.applicable(facts, st.collected) : st.examined === 0) continue
    try {
      rule.checkRepo({
        facts,
        collected: st.collected,
        reportAt(path, line, messageId, evidence, data) {
          st.findings.push(makeFinding(rule, path, line, evidenceOf(evidence), messageId, data))
        },
      })
    } catch (err) {
      st.error = `repo check: ${err instanceof Error ? err.message : String(err)}`
    }
  }
  const suppressions = (opts.suppressions ?? []).map((s) => ({ ...s, matched: 0 }))
  const results = states.map((st) => toResult(st, facts, suppressions))
  const score = computeScore(
    results,
    opts.rules.map((r) => r.meta),
    opts.minScore ?? 8
  )
  return {
    root: opts.rootName,
    rules: results,
    facts,
    suppressions,
    ignoreGlobs: opts.ignoreGlobs ?? [],
    score,
  }
}

function makeFinding(
  rule: Rule<unknown>,
  path: string,
  line: number,
  evidence: string,
  messageId: string,
  data?: Record<string, string>
): Finding {
  const template = rule.meta.messages[messageId] ?? messageId
  return {
    ruleId: rule.meta.id,
    category: rule.meta.category,
    severity: rule.meta.severity,
    messageId,
    message: formatMessage(template, data),
    path,
    line,
    evidence,
    remediation: rule.meta.remediation,
    fingerprint: '',
  }
}

function toResult(
  st: RuleState,
  facts: RepoFacts,
  suppressions: (Suppression & { matched: number })[]
): RuleResult {
  const { meta } = st.rule
  const seen = new Set<string>()
  const findings = st.findings
    .sort((a, b) => cmp(a.path, b.path) || a.line - b.line || cmp(a.message, b.message))
    .filter((f) => {
      const k = `${f.path}\0${f.line}\0${f.message}`
      if (seen.has(k)) return false
      seen.add(k)
      return true
    })
  const occurrences = new Map<string, number>()
  for (const f of findings) {
    const k = `${f.ruleId}\n${f.path}\n${f.evidence}`
    const n = occurrences.get(k) ?? 0
    occurrences.set(k, n + 1)
    f.fingerprint = createHash('sha256').update(`${k}\n${n}`).digest('hex').slice(0, 16)
    const s = suppressions.find(
      (x) =>
        x.rule === f.ruleId &&
        picomatch.isMatch(f.path, x.path, { dot: true }) &&
        (!x.fingerprint || x.fingerprint === f.fingerprint)
    )
    if (s) {
      s.matched++
      f.suppressed = { reason: s.reason }
    }
  }
  const applicable = st.rule.applicable ? st.rule.applicable(facts, st.collected) : st.examined > 0
  const examined = st.rule.check || st.rule.collect ? st.examined : applicable ? 1 : 0
  const open = findings.filter((f) => !f.suppressed).length
  const status = st.error ? 'error' : !applicable ? 'not-applicable' : open > 0 ? 'fail' : 'pass'
  return {
    ruleId: meta.id,
    category: meta.category,
    severity: meta.severity,
    status,
    examined,
    findings: status === 'not-applicable' ? [] : findings,
    ...(st.error ? { error: st.error } : {}),
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
