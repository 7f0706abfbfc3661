import { describe, expect, it } from 'vitest'
import { probe, runLiveRules as run } from '../../test/live-probe.ts'

describe('security/live-hardening (with live-auth beside it)', () => {
  it('should be not applicable without --url', async () => {
    const r = await run()
    expect(r['security/live-hardening']!.status).toBe('not-applicable')
  })

  it('should pass when every hardening check passed, whatever live-auth found', async () => {
    const r = await run(
      probe([
        { id: 'openapi-auth', title: 'Auth', ok: false, severity: 'critical', detail: 'GET /v1/orders → 200' },
        { id: 'health-ready', title: 'Ready', ok: true, severity: 'high', detail: '200' },
      ])
    )
    expect(r['security/live-hardening']).toEqual({ status: 'pass', messages: [] })
    expect(r['security/live-auth']!.status).toBe('fail')
  })

  it('should report each failed non-critical check as a finding', async () => {
    const r = await run(
      probe([
        { id: 'cors', title: 'CORS', ok: false, severity: 'high', detail: 'allow-origin * with credentials' },
        { id: 'headers', title: 'Headers', ok: false, severity: 'medium', detail: 'no HSTS' },
      ])
    )
    expect(r['security/live-hardening']).toEqual({
      status: 'fail',
      messages: ['CORS: allow-origin * with credentials', 'Headers: no HSTS'],
    })
  })
})
