/**
 * @module OpenTelemetry SDK for the Node entry: exports spans over OTLP/HTTP when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set, registers nothing (and costs nothing) otherwise.
 */
import { W3CTraceContextPropagator } from '@opentelemetry/core'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node'

export interface TelemetryHandle {
  shutdown(): Promise<void>
}

export function startNodeTelemetry(opts: {
  endpoint: string | undefined
  serviceName: string
  serviceVersion: string
}): TelemetryHandle | undefined {
  if (!opts.endpoint) return undefined
  const base = opts.endpoint.replace(/\/$/, '')
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': opts.serviceName,
      'service.version': opts.serviceVersion,
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${base}/v1/traces` }))],
  })
  provider.register({ propagator: new W3CTraceContextPropagator() })
  return { shutdown: () => provider.shutdown() }
}
