/**
 * Test support for the rules fed by the deployment probe (security/live-auth, security/live-hardening):
 * a probe result from checks, and one audit run of both rules over a trivial repository.
 */
import { memoryReader } from '../collect/reader.ts'
import { runAudit } from '../engine.ts'
import liveAuth from '../rules/security/live-auth.ts'
import liveHardening from '../rules/security/live-hardening.ts'
import type { ProbeResult } from '../types.ts'

export const probe = (checks: ProbeResult['checks']): ProbeResult => ({
  url: 'http://127.0.0.1:1',
  checks,
})

/** Status and finding messages per rule id, with `p` as the probe's answer (none: no --url). */
export async function runLiveRules(p?: ProbeResult) {
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
