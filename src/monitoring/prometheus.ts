/**
 * @module Prometheus text exposition format 0.0.4: metric families to text, with the format's
 * escaping rules (label values: backslash, double quote, newline; HELP: backslash, newline).
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/
 */

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

export interface Sample {
  labels?: Record<string, string>
  /** Samples whose value is null are left out: no sample is better than an invented one. */
  value: number | null
}

export interface MetricFamily {
  name: string
  help: string
  type: 'gauge' | 'counter'
  samples: Sample[]
}

const NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/

const escapeHelp = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
const escapeLabel = (s: string) =>
  s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  return String(v)
}

/** Renders the families in order; throws on an invalid metric or label name (a programming error). */
export function renderPrometheus(families: readonly MetricFamily[]): string {
  const lines: string[] = []
  for (const f of families) {
    if (!NAME_RE.test(f.name)) throw new Error(`invalid metric name: ${f.name}`)
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`)
    for (const s of f.samples) {
      if (s.value === null) continue
      const labels = Object.entries(s.labels ?? {})
      for (const [k] of labels) if (!LABEL_RE.test(k)) throw new Error(`invalid label name: ${k}`)
      const set =
        labels.length === 0
          ? ''
          : `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`
      lines.push(`${f.name}${set} ${formatValue(s.value)}`)
    }
  }
  return lines.join('\n') + '\n'
}
