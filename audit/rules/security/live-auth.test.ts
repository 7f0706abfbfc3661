import { describe, expect, it } from 'vitest'
import { memoryReader } from '../../collect/reader.ts'
import { runAudit } from '../../engine.ts'
import type { ProbeResult } from '../../types.ts'
import liveAuth from './live-auth.ts'
import liveHardening from './live-hardening.ts'

const probe = (checks: ProbeResult['checks']): ProbeResult => ({
  url: 'http://127.0.0.1:1',
  checks,
})
const run = async (p?: ProbeResult) => {
  const r = await runAudit({
    reader: memoryReader({ 'src/a.ts': 'export const a = 1\n' }),
    rules: [liveAuth, liveHardening],
    rootName: 't',
    ...(p ? { probe: async () => p } : {}),
  })
  return Object.fromEntries(
    r.rules.map((x) => [x.ruleId, { status: x.status, messages: x.findings.map((f) => f.message) }])
  )
}

describe('security/live-auth and security/live-hardening (one fixture set for both rules)', () => {
  it('should be not applicable without --url', async () => {
    const r = await run()
    expect(r['security/live-auth']!.status).toBe('not-applicable')
    expect(r['security/live-hardening']!.status).toBe('not-applicable')
  })

  it('should pass when every probe check passed', async () => {
    const r = await run(
      probe([
        { id: 'openapi-auth', title: 'Auth', ok: true, severity: 'critical', detail: '4 refused' },
      ])
    )
    expect(r['security/live-auth']).toEqual({ status: 'pass', messages: [] })
  })

  it('should split failed checks by severity between the two rules', async () => {
    const r = await run(
      probe([
        {
          id: 'openapi-auth',
          title: 'Auth',
          ok: false,
          severity: 'critical',
          detail: 'GET /v1/orders → 200',
        },
        {
          id: 'cors',
          title: 'CORS',
          ok: false,
          severity: 'high',
          detail: 'allow-origin * with credentials',
        },
        { id: 'health-ready', title: 'Ready', ok: true, severity: 'high', detail: '200' },
      ])
    )
    expect(r['security/live-auth']).toEqual({
      status: 'fail',
      messages: ['Auth: GET /v1/orders → 200'],
    })
    expect(r['security/live-hardening']).toEqual({
      status: 'fail',
      messages: ['CORS: allow-origin * with credentials'],
    })
  })
})
