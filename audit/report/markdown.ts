/**
 * @module Markdown report in the seed report's shape (executive summary, verified systems,
 * non-critical items, checklist, category score table, verdict), with evidence under every claim:
 * a passing check states how many files it examined; a failing one lists file:line and the line.
 */
import { CATEGORIES } from '../score.ts'
import type { CategoryScore, Finding } from '../types.ts'
import { fmtScore, type ReportModel, type RuleRow } from './model.ts'

const icon = (c: CategoryScore) =>
  c.score === null ? '➖' : c.counts.critical > 0 ? '❌' : c.score >= 9 ? '✅' : '⚠️'
const statusWord = (c: CategoryScore) =>
  c.score === null
    ? 'Not applicable'
    : c.counts.critical > 0
      ? 'Blocked by critical findings'
      : c.score >= 9
        ? 'Production-ready'
        : 'Needs work'
const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/`/g, "'")

const where = (f: Finding) => (/^https?:/.test(f.path) ? f.path : `${f.path}:${f.line}`)

function findingLine(f: Finding): string {
  return `  - \`${where(f)}\` — ${esc(f.message)} (${f.severity}, \`${f.ruleId}\`)\n    \`${esc(f.evidence)}\``
}

function checkLine(r: RuleRow): string {
  if (r.status === 'not-applicable') return `  - ➖ ${r.meta.title}: nothing to check`
  if (r.status === 'error') return `  - ❗ ${r.meta.title}: rule error (${esc(r.error ?? '')})`
  if (r.open.length === 0) {
    const sup = r.suppressed.length ? `; ${r.suppressed.length} suppressed` : ''
    return `  - ✅ ${r.meta.title}: no findings in ${r.examined} file(s) examined${sup}`
  }
  return `  - ❌ ${r.meta.title}: ${r.open.length} finding(s) in ${r.examined} file(s) examined`
}

export function renderMarkdown(m: ReportModel): string {
  const out: string[] = []
  const ready = m.verdict === 'READY'
  const score = m.overall === null ? 'N/A' : `${m.overall.toFixed(2)}/10`
  out.push('# Production Readiness Audit Report')
  out.push(`**Repository**: \`${m.root}\`  `)
  out.push(
    `**Status**: ${ready ? '✅' : '❌'} **${m.verdict}** — overall ${score} (minimum ${m.minScore})`,
    ''
  )
  out.push('## Executive Summary', '')
  out.push(
    `The audit read ${m.stats.files} files and judged ${m.stats.production} production source files ` +
      `(${m.stats.ts} TypeScript/JavaScript, ${m.stats.python} Python) with ${m.rules.length} parser-based rules. ` +
      `Open findings: ${m.counts.critical} critical, ${m.counts.high} high, ${m.counts.medium} medium, ${m.counts.low} low.`,
    ''
  )
  if (ready)
    out.push(
      '**Verdict: READY.** No critical finding is open and the overall score meets the minimum.',
      ''
    )
  else out.push('**Verdict: NOT READY.** Reasons:', '', ...m.reasons.map((r) => `- ${r}`), '')
  if (m.findings.some((f) => f.severity === 'critical' && !f.suppressed)) {
    out.push('## ❌ Critical Findings', '')
    for (const f of m.findings.filter((x) => x.severity === 'critical' && !x.suppressed))
      out.push(findingLine(f).replace(/^  /, ''))
    out.push('')
  }
  out.push('## Verified Systems', '')
  CATEGORIES.forEach(({ id }, i) => {
    const c = m.categories.find((x) => x.id === id)!
    const rows = m.rules.filter((r) => r.meta.category === id)
    out.push(`### ${i + 1}. ${c.title} ${icon(c)}`)
    out.push(`- **Status**: ${statusWord(c)} — ${fmtScore(c.score)}`)
    out.push('- **Checks**:', ...rows.map(checkLine))
    const evidence = rows
      .flatMap((r) => r.open)
      .filter((f) => f.severity === 'critical' || f.severity === 'high')
    if (evidence.length) out.push('- **Evidence**:', ...evidence.map(findingLine))
    out.push('')
  })
  const minor = m.findings.filter(
    (f) => !f.suppressed && (f.severity === 'medium' || f.severity === 'low')
  )
  out.push('## ⚠️ Non-Critical Items', '')
  if (minor.length === 0) out.push('None.', '')
  else out.push(...minor.map((f) => findingLine(f).replace(/^  /, '')), '')
  out.push('## 📋 Production Readiness Checklist', '')
  for (const r of m.rules) {
    const mark = r.status === 'pass' ? 'x' : ' '
    const ev =
      r.status === 'pass'
        ? `${r.examined} file(s) examined, 0 open findings`
        : r.status === 'fail'
          ? `${r.open.length} open finding(s)`
          : r.status
    out.push(`- [${mark}] ${r.meta.title} (\`${r.meta.id}\`, ${r.meta.severity}) — ${ev}`)
  }
  out.push('')
  if (m.probe) {
    out.push(`## 🌐 Live Probe (${m.probe.url})`, '')
    for (const c of m.probe.checks)
      out.push(`- [${c.ok ? 'x' : ' '}] ${c.title} — ${esc(c.detail)}`)
    out.push('')
  }
  out.push('## 🔕 Suppressions and Ignored Paths', '')
  if (m.suppressions.length === 0 && m.ignore.length === 0) out.push('None.')
  for (const s of m.suppressions)
    out.push(
      `- \`${s.rule}\` at \`${s.path}\`${s.fingerprint ? ` (fingerprint ${s.fingerprint})` : ''} — ${esc(s.reason)} — matched ${s.matched} finding(s)`
    )
  for (const g of m.ignore) out.push(`- ignored: \`${g}\``)
  out.push('')
  if (m.skipped.length) {
    out.push(
      '## Files Not Fully Analysed',
      '',
      ...m.skipped.map((s) => `- \`${s.path}\` — ${s.reason}`),
      ''
    )
  }
  out.push(
    '## 🎯 Production Readiness Score',
    '',
    '| Category | Score | Status |',
    '|----------|-------|--------|'
  )
  for (const c of m.categories)
    out.push(`| ${c.title} | ${fmtScore(c.score)} | ${icon(c)} ${statusWord(c)} |`)
  out.push(`| **Overall** | **${score}** | ${ready ? '✅' : '❌'} **${m.verdict}** |`, '')
  out.push(`Formula: ${m.formula}`, '')
  out.push('## Conclusion', '')
  out.push(
    ready
      ? m.findings.every((f) => f.suppressed)
        ? `**${m.root} is READY** by this audit's rules: every check listed above ran on the code and found nothing open.`
        : `**${m.root} is READY** by this audit's rules: no critical finding and the score meets the minimum, ` +
          `but ${m.findings.filter((f) => !f.suppressed).length} open finding(s) listed above still need attention.`
      : `**${m.root} is NOT READY**: ${m.reasons.join('; ')}.`
  )
  return `${out.join('\n')}\n`
}
