/**
 * A fast password hasher for tests: scrypt N=16, microseconds per hash. Production refuses it
 * (createAccountServices: parameters below the OWASP floor), so it can never run there.
 */
import { createPasswordHasher } from '../../src/auth/password.ts'

export const fastTestHasher = () =>
  createPasswordHasher({ params: { algorithm: 'scrypt', N: 16, r: 8, p: 1 }, production: false })
