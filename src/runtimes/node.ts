/**
 * @module Node entry: `npm start`. Serves the app with @hono/node-server and shuts down gracefully
 * on SIGTERM/SIGINT: stop accepting, let in-flight requests finish, stop jobs, close the database.
 */
import { serve } from '@hono/node-server'
import { scrypt } from 'node:crypto'
import process from 'node:process'
import type { ScryptFn } from '../auth/password.ts'
import { API_VERSION } from '../app.ts'
import { SettingsError } from '../config/settings.ts'
import { describeError } from '../lib/logger.ts'
import { startNodeTelemetry } from '../telemetry/node-sdk.ts'
import { boot } from './boot.ts'
import { nodeClientIp, nodeEarlyHeaders } from './node-capabilities.ts'

const SHUTDOWN_GRACE_MS = 10_000

/** Native scrypt: the same bytes as the pure-JS default, computed off the event loop. */
const nativeScrypt: ScryptFn = (password, salt, { N, r, p, dkLen, maxmem }) =>
  new Promise((resolve, reject) =>
    scrypt(password, salt, dkLen, { N, r, p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength))
    )
  )

async function main() {
  let booted
  try {
    booted = await boot(process.env, {
      name: 'node',
      getClientIp: nodeClientIp,
      earlyHeaders: nodeEarlyHeaders,
      scrypt: nativeScrypt,
    })
  } catch (err) {
    if (err instanceof SettingsError) {
      process.stderr.write(`${err.message}\n`)
      process.exit(1)
    }
    throw err
  }
  const { app, settings, logger } = booted
  const telemetry = startNodeTelemetry({
    endpoint: settings.otel.endpoint,
    serviceName: settings.otel.serviceName,
    serviceVersion: API_VERSION,
  })

  const server = serve({ fetch: app.fetch, port: settings.port, hostname: settings.host }, (info) => {
    logger.info('listening', {
      url: `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`,
      database: booted.database.kind,
      production: settings.production,
      tradingMode: settings.tradingMode,
    })
  })

  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal })
    const force = setTimeout(() => {
      logger.error('shutdown grace period over; exiting')
      process.exit(1)
    }, SHUTDOWN_GRACE_MS)
    force.unref()
    // close() stops accepting and resolves once in-flight requests have finished.
    server.close(async () => {
      try {
        await booted.close()
        await telemetry?.shutdown()
        logger.info('stopped')
        process.exit(0)
      } catch (err) {
        logger.error('shutdown failed', { error: describeError(err) })
        process.exit(1)
      }
    })
    if ('closeIdleConnections' in server) server.closeIdleConnections()
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

main().catch((err: unknown) => {
  process.stderr.write(`failed to start: ${JSON.stringify(describeError(err))}\n`)
  process.exit(1)
})
