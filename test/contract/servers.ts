/**
 * Starts the real runtime entries as child processes for the contract suite, and waits for them.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

export const ROOT = new URL('../../', import.meta.url).pathname

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

export const TEST_SECRETS = {
  JWT_SECRET: 'contract-suite-jwt-key-8f3a91c2d47b5e60a1f2c3d4e5f60718',
  EXCHANGE_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
}

export interface RunningServer {
  base: URL
  child: ChildProcess
  output(): string
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

export async function startServer(
  command: string,
  args: string[],
  env: Record<string, string>,
  { port, timeoutMs = 60_000 }: { port: number; timeoutMs?: number }
): Promise<RunningServer> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DENO_NO_UPDATE_CHECK: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const base = new URL(`http://127.0.0.1:${port}`)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${out}`)
    try {
      const res = await fetch(new URL('/health/live', base))
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      process.kill(-child.pid!, 'SIGKILL')
      throw new Error(`server did not start in ${timeoutMs} ms:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    base,
    child,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode
      child.kill(signal)
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL')
        } catch {
          // already gone
        }
      }, 15_000)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
}

export interface JsonCallOptions {
  body?: unknown
  /** Bearer access token. */
  token?: string
  apiKey?: string
  stepUp?: string
  headers?: Record<string, string>
}

/** JSON requests to a running server: `{status, headers, body (parsed or null), text}`. */
export function jsonClient(server: () => RunningServer) {
  return async function api(method: string, path: string, o: JsonCallOptions = {}) {
    const headers: Record<string, string> = { ...o.headers }
    if (o.body !== undefined) headers['content-type'] = 'application/json'
    if (o.token) headers.authorization = `Bearer ${o.token}`
    if (o.apiKey) headers['x-api-key'] = o.apiKey
    if (o.stepUp) headers['x-step-up-token'] = o.stepUp
    const res = await fetch(new URL(path, server().base), {
      method,
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    })
    const text = await res.text()
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null, text }
  }
}
