import { describe, expect, it } from 'vitest'
import { MAX_AMOUNT_INTEGER_DIGITS, normalizeAmountInput, parseAmount, type AmountProblem } from '@/utils/amount'

describe('parseAmount', () => {
  it.each<[string, bigint, string]>([
    ['30', 3000n, '30.00'],
    ['30.0', 3000n, '30.00'],
    ['30.00', 3000n, '30.00'],
    ['0.01', 1n, '0.01'],
    ['0.1', 10n, '0.10'],
    ['12345.67', 1234567n, '12345.67'],
    ['007', 700n, '7.00'],
    ['1234567890123', 123456789012300n, '1234567890123.00'],
    // Beyond 2^53 minor units: exact, where a double would round.
    ['9999999999999.99', 999999999999999n, '9999999999999.99'],
  ])('reads %j in CNY as %s fen, sent as %j', (text, minor, decimal) => {
    expect(parseAmount(text, 'CNY')).toEqual({ ok: true, minor, decimal })
  })

  it.each<[string, AmountProblem]>([
    ['', 'required'],
    ['0', 'zero'],
    ['0.00', 'zero'],
    ['-1', 'format'],
    ['+1', 'format'],
    ['1.234', 'precision'],
    ['abc', 'format'],
    ['1e3', 'format'],
    [' 1', 'format'],
    ['1 ', 'format'],
    ['1,000', 'format'],
    ['1.', 'format'],
    ['.5', 'format'],
    ['1.2.3', 'format'],
    ['0x10', 'format'],
    ['Infinity', 'format'],
    ['NaN', 'format'],
    ['１', 'format'],
    ['12345678901234', 'tooLarge'],
  ])('refuses %j in CNY (%s)', (text, error) => {
    expect(parseAmount(text, 'CNY')).toEqual({ ok: false, error })
  })

  it(`allows at most ${MAX_AMOUNT_INTEGER_DIGITS} integer digits`, () => {
    expect(parseAmount('9'.repeat(13), 'CNY').ok).toBe(true)
    expect(parseAmount('9'.repeat(14), 'CNY')).toEqual({ ok: false, error: 'tooLarge' })
    expect(parseAmount(`${'9'.repeat(14)}.5`, 'CNY')).toEqual({ ok: false, error: 'tooLarge' })
  })

  it('follows the currency’s minor digits', () => {
    expect(parseAmount('30', 'JPY')).toEqual({ ok: true, minor: 30n, decimal: '30' })
    expect(parseAmount('30.0', 'JPY')).toEqual({ ok: false, error: 'precision' })
    expect(parseAmount('1.234', 'BHD')).toEqual({ ok: true, minor: 1234n, decimal: '1.234' })
    expect(parseAmount('1.2345', 'BHD')).toEqual({ ok: false, error: 'precision' })
  })

  it('never goes through floating point', () => {
    // 0.1 + 0.2 style drift would show up as 30 fen being 29 or 31.
    expect(parseAmount('0.29', 'CNY')).toEqual({ ok: true, minor: 29n, decimal: '0.29' })
    expect(parseAmount('1.15', 'CNY')).toEqual({ ok: true, minor: 115n, decimal: '1.15' })
    expect(parseAmount('4.35', 'CNY')).toEqual({ ok: true, minor: 435n, decimal: '4.35' })
  })
})

describe('normalizeAmountInput', () => {
  it.each([
    ['  30.50 ', '30.50'],
    ['３０．５０', '30.50'],
    ['30。5', '30.5'],
    ['1,000', '1,000'],
    ['-1', '-1'],
  ])('turns %j into %j', (typed, normalized) => {
    expect(normalizeAmountInput(typed)).toBe(normalized)
  })

  it('leaves what parseAmount must still refuse', () => {
    expect(parseAmount(normalizeAmountInput(' 1e3 '), 'CNY')).toEqual({ ok: false, error: 'format' })
    expect(parseAmount(normalizeAmountInput('３０．５０'), 'CNY')).toEqual({ ok: true, minor: 3050n, decimal: '30.50' })
  })
})
