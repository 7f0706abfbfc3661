import { describe, expect, it } from 'vitest'
import { probe, runLiveRules as run } from '../../test/live-probe.ts'

describe('security/live-auth (with live-hardening beside it)', () => {
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
