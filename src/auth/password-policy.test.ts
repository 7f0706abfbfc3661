import { describe, expect, it } from 'vitest'
import { COMMON_PASSWORDS_TEXT } from './common-passwords.ts'
import { createPasswordPolicy } from './password-policy.ts'

const policy = createPasswordPolicy()
const message = (pw: unknown, ctx?: Parameters<typeof policy.check>[1]) =>
  policy.check(pw, ctx)[0]?.message

describe('password-policy', () => {
  it('should ship the 1,001-entry SecLists list', () => {
    const entries = COMMON_PASSWORDS_TEXT.split('\n').filter(Boolean)
    expect(entries).toHaveLength(1001)
    expect(entries.slice(0, 3)).toEqual(['123456', 'password', '12345678'])
  })

  it('should enforce 12 to 256 characters counted as code points', () => {
    expect(message('short pass1')).toMatch(/at least 12/)
    expect(message('x'.repeat(5) + 'y'.repeat(5) + 'zq'.repeat(200))).toMatch(/at most 256/)
    // 12 emoji are 24 UTF-16 units but 12 code points: long enough, not too long.
    expect(policy.check('🐢🦊🐙🦉🐝🦀🐬🦓🐌🦒🦔🐞')).toEqual([])
    expect(message(12345678901234)).toMatch(/string/)
  })

  it('should refuse common passwords and their decorated forms', () => {
    for (const pw of [
      'password1234',
      'Password2024!',
      'P@ssw0rd2024',
      '1234qwertyuiop',
      'passwordpassword',
      'monkeymonkey',
      '!!Dragon2024!!',
    ]) {
      expect(message(pw), pw).toMatch(/too common/)
    }
  })

  it('should refuse repetitive and sequential passwords', () => {
    for (const pw of [
      'aaaaaaaaaaaa',
      'abababababab',
      'abcabcabcabc',
      'abcdefghijklm',
      '123456789012',
      '987654321098',
      'aabbaabbaabbccc',
    ]) {
      expect(message(pw), pw).toMatch(/repeated or sequential/)
    }
  })

  it('should refuse passwords built on the email or the service name', () => {
    const ctx = { email: 'jane.doe@acme-corp.com' }
    expect(message('janedoe2024!!', ctx)).toMatch(/email/)
    expect(message('jane.doe@acme', ctx)).toMatch(/email/)
    expect(message('Tradeworks2024', ctx)).toMatch(/email or the name/)
    expect(message('Winter of Kestrels', { words: ['kestrels'] })).toBeUndefined()
    expect(message('kestrels2024!', { words: ['kestrels'] })).toMatch(/email or the name/)
  })

  it('should accept long, unpredictable passwords and passphrases', () => {
    for (const pw of [
      'correct horse battery staple',
      'vq7#Lm2!xR9@',
      'Jane likes 7 green teapots',
      'password manager made me do it',
    ]) {
      expect(policy.check(pw, { email: 'jane.doe@acme-corp.com' }), pw).toEqual([])
    }
  })

  it('should take a custom denylist and field path', () => {
    const custom = createPasswordPolicy({ denylist: ['hunter2hunter2'], path: 'newPassword' })
    expect(custom.check('Hunter2Hunter2')).toEqual([
      { path: 'newPassword', message: expect.stringMatching(/common/) },
    ])
    expect(custom.check('password1234')).toEqual([])
  })
})
