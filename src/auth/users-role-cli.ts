/**
 * @module `npm run users:role -- <email> <role>`: sets a user's role (user, compliance_officer,
 * admin) — how the first admin is made. Audited as a system action.
 */
import process from 'node:process'
import { openCliContext, runCli } from '../runtimes/cli-context.ts'
import { ROLES } from './tokens.ts'

runCli(async ([email, role, ...rest]) => {
  if (!email || !role || rest.length > 0 || !(ROLES as readonly string[]).includes(role)) {
    process.stderr.write(`usage: npm run users:role -- <email> <${ROLES.join('|')}>\n`)
    return 2
  }
  const ctx = await openCliContext()
  try {
    const change = await ctx.services.accounts.users.setRoleByEmail(
      email,
      role as (typeof ROLES)[number]
    )
    if (!change) {
      process.stderr.write('no user with that email\n')
      return 1
    }
    process.stdout.write(`${change.email}: ${change.previousRole} → ${change.role}\n`)
    return 0
  } finally {
    await ctx.close()
  }
})
