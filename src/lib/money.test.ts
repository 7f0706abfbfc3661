import { describe, expect, it } from 'vitest'
import { dec, fromDb, isDecimalString, toDb, toStr, InvalidDecimal } from './money.ts'

describe('money', () => {
  it('should parse plain decimal strings exactly', () => {
    expect(toStr(dec('0.1').plus(dec('0.2')))).toBe('0.3')
    expect(toStr(dec('123456789012345678.123456789012345678'))).toBe('123456789012345678.123456789012345678')
  })

  it('should refuse numbers, exponents, hex, NaN and empty strings', () => {
    for (const bad of ['1e5', '0x10', 'NaN', 'Infinity', '', ' ', '.5', '1.', '+1', '--1']) {
      expect(() => dec(bad), bad).toThrow(InvalidDecimal)
    }
    expect(() => dec(1 as unknown as string)).toThrow(InvalidDecimal)
  })

  it('should tell which strings fit numeric(36,18)', () => {
    expect(isDecimalString('1.000000000000000001')).toBe(true)
    expect(isDecimalString('1.0000000000000000001')).toBe(false)
    expect(isDecimalString('1234567890123456789')).toBe(false)
    expect(isDecimalString(1.5)).toBe(false)
  })

  it('should read padded numeric values and print them canonically', () => {
    expect(toStr(fromDb('-0.500000000000000000')!)).toBe('-0.5')
    expect(toStr(fromDb('0.000000000000000000')!)).toBe('0')
    expect(fromDb(null)).toBeNull()
    expect(toDb(dec('1').div(3))).toBe('0.333333333333333333')
  })
})
