/**
 * `deno task test`: the contract checks in-process under Deno, against an in-memory PGlite.
 * (npm test also runs the real `src/runtimes/deno.ts` entry as a process: see deno.test.ts.)
 */
import { boot } from '../../src/runtimes/boot.ts'
import { contractChecks } from './checks.ts'

declare const Deno: {
  env: { toObject(): Record<string, string> }
  test(def: { name: string; sanitizeResources?: boolean; sanitizeOps?: boolean; fn: (t: { step(name: string, fn: () => Promise<void>): Promise<boolean> }) => Promise<void> }): void
  serve(
    opts: { port: number; hostname: string; onListen?: (a: { port: number }) => void },
    handler: (req: Request, info: unknown) => Response | Promise<Response>
  ): { shutdown(): Promise<void>; addr: { port: number } }
}

Deno.test({
  name: 'HTTP contract under Deno',
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const booted = await boot(
      {
        ...Deno.env.toObject(),
        DATABASE_URL: 'memory://',
        LOG_LEVEL: 'warn',
        JWT_SECRET: 'deno-contract-jwt-key-5b1e8c0d9a7f6e3b2a1c0d9e8f7a6b5c',
        EXCHANGE_KEY_ENCRYPTION_KEY: btoa(String.fromCharCode(...new Uint8Array(32).fill(9))),
      },
      { name: 'deno' }
    )
    const server = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: () => {} }, (req, info) =>
      booted.app.fetch(req, info)
    )
    const base = new URL(`http://127.0.0.1:${server.addr.port}`)
    try {
      const failed: string[] = []
      for (const c of contractChecks) if (!(await t.step(c.name, () => c.run(base)))) failed.push(c.name)
      if (failed.length > 0) throw new Error(`contract checks failed: ${failed.join('; ')}`)
    } finally {
      await server.shutdown()
      await booted.close()
    }
  },
})
