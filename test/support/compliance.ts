/**
 * Compliance helpers for tests: the accounts HTTP harness plus officers, the OFAC test list in the
 * database, valid KYC bodies, and actors for calling services directly.
 */
import { readFileSync } from 'node:fs'
import { ROLE_SCOPES, type Actor } from '../../src/auth/actor.ts'
import type { KycSubmission } from '../../src/compliance/kyc/kyc-input.ts'
import { recordedValuesHistory } from '../../src/compliance/order-history.ts'
import type { Env } from '../../src/config/settings.ts'
import type { Role } from '../../src/http/types.ts'
import type { ServiceOptions } from '../../src/services.ts'
import { setupAccounts, type TestUser } from './auth.ts'

const DIR = new URL('../fixtures/sanctions/', import.meta.url)
export const TEST_SDN = readFileSync(new URL('sdn.csv', DIR))
export const TEST_ALT = readFileSync(new URL('alt.csv', DIR))

/** A name on the test list (SDN ent_num 4107, RODRIGUEZ OREJUELA, Gilberto Jose). */
export const LISTED_NAME = 'Gilberto José Rodríguez Orejuela'
export const LISTED_ENT_NUM = 4107

export function kycBody(overrides: Partial<KycSubmission> = {}): KycSubmission {
  return {
    legalName: 'Margarethe Vandersloot',
    dateOfBirth: '1984-05-17',
    country: 'NL',
    address: { line1: 'Keizersgracht 12', city: 'Amsterdam', postalCode: '1015 CS' },
    documentType: 'passport',
    documentNumber: 'NX4512337',
    ...overrides,
  }
}

export async function setupCompliance(opts: { env?: Env; serviceOptions?: ServiceOptions } = {}) {
  // These tests call the compliance check directly, without rows in the orders table, so the history
  // is the values the check recorded (the platform joins them to orders: see ordersTableHistory).
  const h = await setupAccounts({
    ...opts,
    serviceOptions: { orderHistory: recordedValuesHistory(), ...opts.serviceOptions },
  })
  const compliance = h.services.compliance

  async function withRole(user: TestUser, role: Role): Promise<TestUser> {
    await h.services.accounts.users.setRoleByEmail(user.email, role)
    return user
  }

  /** A fresh user with the role (officer by default). */
  async function officer(email = `officer-${crypto.randomUUID().slice(0, 8)}@example.com`) {
    return withRole(await h.signUp(email), 'compliance_officer')
  }

  const actorOf = (user: TestUser, role: Role = 'user'): Actor => ({
    principal: { userId: user.id, role, via: 'access_token', scopes: ROLE_SCOPES[role] },
    requestId: 'test',
  })

  async function importTestList(version = 'test-1') {
    return compliance.importList({ sdn: TEST_SDN, alt: TEST_ALT, version })
  }

  return { ...h, compliance, withRole, officer, actorOf, importTestList }
}

export type ComplianceHarness = Awaited<ReturnType<typeof setupCompliance>>
