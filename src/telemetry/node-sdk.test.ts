import { createServer } from 'node:http'
import { trace } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import { withSpan } from './tracer.ts'
import { startNodeTelemetry } from './node-sdk.ts'

describe('Node telemetry bootstrap', () => {
  it('should stay silent without an OTLP endpoint', () => {
    expect(startNodeTelemetry({ endpoint: undefined, serviceName: 's', serviceVersion: '1' })).toBeUndefined()
  })

  it('should export spans over OTLP/HTTP to the configured endpoint', async () => {
    const received: Array<{ path: string; body: string }> = []
    const collector = createServer((req, res) => {
      let body = ''
      req.on('data', (d) => (body += d))
      req.on('end', () => {
        received.push({ path: req.url ?? '', body })
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      })
    })
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r))
    const { port } = collector.address() as { port: number }
    const handle = startNodeTelemetry({ endpoint: `http://127.0.0.1:${port}`, serviceName: 'tw-test', serviceVersion: '9.9.9' })
    expect(handle).toBeDefined()
    await withSpan('exported.span', { 'test.attr': 'yes' }, async () => {})
    await handle!.shutdown()
    trace.disable()
    collector.close()
    expect(received.map((r) => r.path)).toContain('/v1/traces')
    const all = received.map((r) => r.body).join('')
    expect(all).toContain('exported.span')
    expect(all).toContain('tw-test')
  })
})
