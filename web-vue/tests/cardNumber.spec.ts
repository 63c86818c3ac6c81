import { describe, expect, it } from 'vitest'
import {
  cardLabelProblem,
  cardNumberProblem,
  holderNameProblem,
  normalizeCardNumber,
  normalizeLabel,
  passesLuhn,
  type CardNumberProblem,
} from '@/utils/cardNumber'

describe('card number rules', () => {
  // Golden table for the rules the server applies (services/Payments/Payments.Api/Cards/CardNumber.cs).
  it.each<[string, CardNumberProblem | null]>([
    ['4111 1111 1111 1111', null],
    ['6200 0000 0000 0005', null],
    ['6205500000000000004', null], // 19 digits
    ['378282246310005', null], // 15 digits (Amex)
    ['4222222222222', null], // 13 digits
    ['4111-1111-1111-1111', null],
    ['4111111111111112', 'checksum'],
    ['4111111111111121', 'checksum'], // two digits swapped
    ['411111111111', 'length'], // 12 digits
    ['62055000000000000040', 'length'], // 20 digits
    ['4111 1111 1111 111a', 'characters'],
    ['4111.1111.1111.1111', 'characters'],
    ['', 'required'],
    ['   ', 'required'],
  ])('%j → %s', (input, problem) => {
    expect(cardNumberProblem(input)).toBe(problem)
  })

  it('reads no more than the server does', () => {
    expect(cardNumberProblem(`4111111111111111${' '.repeat(30)}`)).toBe('length')
  })

  it('normalises to the digits alone', () => {
    expect(normalizeCardNumber('6200 0000-0000 0005')).toBe('6200000000000005')
  })

  it('runs the Luhn check on digits only', () => {
    expect(passesLuhn('79927398713')).toBe(true)
    expect(passesLuhn('79927398710')).toBe(false)
    expect(passesLuhn('')).toBe(false)
    expect(passesLuhn('4111 1111 1111 1111')).toBe(false)
  })
})

describe('holder name and label rules', () => {
  it('requires a holder name of at most 100 characters without control characters', () => {
    expect(holderNameProblem('  张三  ')).toBeNull()
    expect(holderNameProblem('   ')).toBe('required')
    expect(holderNameProblem('a'.repeat(100))).toBeNull()
    expect(holderNameProblem('a'.repeat(101))).toBe('length')
    expect(holderNameProblem('Li\u0007Wei')).toBe('characters')
  })

  it('takes an optional label of at most 40 characters', () => {
    expect(cardLabelProblem('')).toBeNull()
    expect(cardLabelProblem(` ${'x'.repeat(40)} `)).toBeNull()
    expect(cardLabelProblem('x'.repeat(41))).toBe('length')
    expect(cardLabelProblem('pay\u0000day')).toBe('characters')
    expect(normalizeLabel('  ')).toBeNull()
    expect(normalizeLabel(' Salary ')).toBe('Salary')
  })
})
