/**
 * Accounts helpers for tests: a fast password hasher (refused in production by
 * createAccountServices) and a small HTTP client that walks the sign-in flows.
 */
import { createPasswordHasher } from '../../src/auth/password.ts'

/** scrypt N=16: microseconds per hash. Never valid in production (below the OWASP floor). */
export const fastTestHasher = () =>
  createPasswordHasher({ params: { algorithm: 'scrypt', N: 16, r: 8, p: 1 }, production: false })
