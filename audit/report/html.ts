/** @module HTML report: one self-contained file (inline CSS, no scripts, no external assets). */
import { CATEGORIES } from '../score.ts'
import { fmtScore, type ReportModel } from './model.ts'

const h = (s: string | number) =>
  String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')

const CSS = `body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1f24}
h1{margin-bottom:.2rem}table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.35rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.ready{color:#1a7f37}.notready{color:#cf222e}.sev-critical{color:#cf222e;font-weight:600}.sev-high{color:#bc4c00}
.sev-medium{color:#9a6700}.sev-low{color:#57606a}code{background:#f6f8fa;padding:0 .25rem;border-radius:3px}.muted{color:#57606a}`

export function renderHtml(m: ReportModel): string {
  const ready = m.verdict === 'READY'
  const score = m.overall === null ? 'N/A' : `${m.overall.toFixed(2)}/10`
  const rows = m.categories
    .map(
      (c) =>
        `<tr><td>${h(c.title)}</td><td>${h(fmtScore(c.score))}</td><td>${c.counts.critical}</td><td>${c.counts.high}</td><td>${c.counts.medium}</td><td>${c.counts.low}</td></tr>`
    )
    .join('\n')
  const findings = m.findings
    .map(
      (f) =>
        `<tr><td class="sev-${f.severity}">${h(f.severity)}</td><td><code>${h(f.path)}:${f.line}</code></td><td>${h(f.message)}<br><code>${h(f.evidence)}</code>${f.suppressed ? `<br><span class="muted">suppressed: ${h(f.suppressed.reason)}</span>` : ''}</td><td><code>${h(f.ruleId)}</code><br><span class="muted">${h(f.remediation)}</span></td></tr>`
    )
    .join('\n')
  const checks = CATEGORIES.map(({ id, title }) => {
    const items = m.rules
      .filter((r) => r.meta.category === id)
      .map(
        (r) =>
          `<li>${r.status === 'pass' ? '✅' : r.status === 'fail' ? '❌' : r.status === 'error' ? '❗' : '➖'} ${h(r.meta.title)} <span class="muted">(${h(r.meta.id)}: ${h(r.status)}, ${r.examined} examined, ${r.open.length} open)</span></li>`
      )
      .join('')
    return `<h3>${h(title)}</h3><ul>${items}</ul>`
  }).join('\n')
  const sups = m.suppressions
    .map(
      (s) =>
        `<li><code>${h(s.rule)}</code> at <code>${h(s.path)}</code> — ${h(s.reason)} (matched ${s.matched})</li>`
    )
    .join('')
  const probe = m.probe
    ? `<h2>Live probe (${h(m.probe.url)})</h2><ul>${m.probe.checks.map((c) => `<li>${c.ok ? '✅' : '❌'} ${h(c.title)} — ${h(c.detail)}</li>`).join('')}</ul>`
    : ''
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Readiness audit: ${h(m.root)}</title><style>${CSS}</style></head>
<body>
<h1>Production Readiness Audit Report</h1>
<p>Repository <code>${h(m.root)}</code> — <strong class="${ready ? 'ready' : 'notready'}">${h(m.verdict)}</strong>, overall ${h(score)} (minimum ${m.minScore})</p>
${ready ? '' : `<ul>${m.reasons.map((r) => `<li>${h(r)}</li>`).join('')}</ul>`}
<p>${m.stats.production} production source files judged (${m.stats.ts} TS/JS, ${m.stats.python} Python) of ${m.stats.files} files read. Open findings: ${m.counts.critical} critical, ${m.counts.high} high, ${m.counts.medium} medium, ${m.counts.low} low.</p>
<h2>Category scores</h2>
<table><thead><tr><th>Category</th><th>Score</th><th>Critical</th><th>High</th><th>Medium</th><th>Low</th></tr></thead><tbody>
${rows}
</tbody></table>
<p class="muted">${h(m.formula)}</p>
<h2>Findings</h2>
${m.findings.length ? `<table><thead><tr><th>Severity</th><th>Location</th><th>Finding</th><th>Rule / remediation</th></tr></thead><tbody>\n${findings}\n</tbody></table>` : '<p>None.</p>'}
<h2>Checklist</h2>
${checks}
${probe}
<h2>Suppressions</h2>
${sups ? `<ul>${sups}</ul>` : '<p>None.</p>'}
</body></html>
`
}
