#!/usr/bin/env node
// Launcher for the TypeScript CLI: registers tsx's loader in this process, then runs audit/cli.ts.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('./cli.ts')
process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTty: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
})
