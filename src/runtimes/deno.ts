/**
 * @module Deno entry: `deno task start`. Same app and boot as Node; graceful shutdown on
 * SIGTERM/SIGINT through `Deno.serve`'s `shutdown()`, which lets in-flight requests finish.
 */
import { SettingsError } from '../config/settings.ts'
import { describeError } from '../lib/logger.ts'
import { boot } from './boot.ts'

interface DenoServer {
  finished: Promise<void>
  shutdown(): Promise<void>
}
declare const Deno: {
  env: { toObject(): Record<string, string> }
  serve(
    opts: { port: number; hostname: string; onListen?: (addr: { hostname: string; port: number }) => void },
    handler: (req: Request, info: { remoteAddr: { hostname: string } }) => Response | Promise<Response>
  ): DenoServer
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', fn: () => void): void
  exit(code: number): never
  stderr: { writeSync(b: Uint8Array): number }
}

const SHUTDOWN_GRACE_MS = 10_000

async function main() {
  let booted
  try {
    booted = await boot(Deno.env.toObject(), {
      name: 'deno',
      getClientIp: (c) => (c.env as { remoteAddr?: { hostname?: string } } | undefined)?.remoteAddr?.hostname,
    })
  } catch (err) {
    if (err instanceof SettingsError) {
      Deno.stderr.writeSync(new TextEncoder().encode(`${err.message}\n`))
      Deno.exit(1)
    }
    throw err
  }
  const { app, settings, logger } = booted
  const server = Deno.serve(
    {
      port: settings.port,
      hostname: settings.host,
      onListen: ({ hostname, port }) =>
        logger.info('listening', { url: `http://${hostname}:${port}`, database: booted.database.kind }),
    },
    (req, info) => app.fetch(req, info)
  )

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal })
    setTimeout(() => Deno.exit(1), SHUTDOWN_GRACE_MS)
    try {
      await server.shutdown()
      await booted.close()
      logger.info('stopped')
      Deno.exit(0)
    } catch (err) {
      logger.error('shutdown failed', { error: describeError(err) })
      Deno.exit(1)
    }
  }
  Deno.addSignalListener('SIGTERM', () => void shutdown('SIGTERM'))
  Deno.addSignalListener('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((err: unknown) => {
  Deno.stderr.writeSync(new TextEncoder().encode(`failed to start: ${JSON.stringify(describeError(err))}\n`))
  Deno.exit(1)
})
