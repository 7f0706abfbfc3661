import { describe, expect, it } from 'vitest'
import { renderPrometheus } from './prometheus.ts'

describe('renderPrometheus', () => {
  it('should write HELP, TYPE and samples, leaving out null values', () => {
    const text = renderPrometheus([
      {
        name: 'tw_up',
        help: 'Up.',
        type: 'gauge',
        samples: [
          { labels: { exchange: 'binance' }, value: 1 },
          { labels: { exchange: 'kraken' }, value: null },
        ],
      },
      { name: 'tw_runs_total', help: 'Runs.', type: 'counter', samples: [{ value: 3 }] },
    ])
    expect(text).toBe(
      '# HELP tw_up Up.\n# TYPE tw_up gauge\ntw_up{exchange="binance"} 1\n' +
        '# HELP tw_runs_total Runs.\n# TYPE tw_runs_total counter\ntw_runs_total 3\n'
    )
  })

  it('should escape label values and help text', () => {
    const text = renderPrometheus([
      {
        name: 'tw_x',
        help: 'a\\b\nc',
        type: 'gauge',
        samples: [{ labels: { job: 'say "hi"\\\n' }, value: 0.25 }],
      },
    ])
    expect(text).toContain('# HELP tw_x a\\\\b\\nc\n')
    expect(text).toContain('tw_x{job="say \\"hi\\"\\\\\\n"} 0.25\n')
  })

  it('should refuse invalid metric and label names', () => {
    expect(() =>
      renderPrometheus([{ name: 'bad-name', help: '', type: 'gauge', samples: [] }])
    ).toThrow()
    expect(() =>
      renderPrometheus([
        { name: 'ok', help: '', type: 'gauge', samples: [{ labels: { 'a-b': 'x' }, value: 1 }] },
      ])
    ).toThrow()
  })
})
