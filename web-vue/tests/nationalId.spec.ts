import { describe, expect, it } from 'vitest'
import { hasValidPrcCheckCharacter, nationalIdProblem, prcBirthDate, prcCheckCharacter } from '@/utils/nationalId'
import { dateOfBirthProblem, legalNameProblem, normalizePhone, phoneProblem, todayIso } from '@/utils/kycRules'
import { COUNTRY_CODES, countryOptions } from '@/utils/countries'

// The same golden table as the server's (tests/Identity.Tests/Kyc/PrcResidentIdTests.cs); the first two are GB 11643's examples.
const VALID = [
  '11010519491231002X',
  '440524188001010014',
  '110101199003070011',
  '11010119900307002X',
  '110101199003070038',
  '310115198512200014',
  '510104200002290011',
  '44030119990101123X',
]

describe('PRC resident id (ISO 7064 MOD 11-2)', () => {
  it.each(VALID)('accepts %s', (id) => {
    expect(prcCheckCharacter(id.slice(0, 17))).toBe(id[17])
    expect(hasValidPrcCheckCharacter(id)).toBe(true)
  })

  it.each(VALID)('detects every single-character corruption of %s', (id) => {
    for (let position = 0; position < id.length; position++) {
      for (const replacement of '0123456789X') {
        if (replacement === id[position] || (replacement === 'X' && position < 17)) continue
        const corrupted = id.slice(0, position) + replacement + id.slice(position + 1)
        expect(hasValidPrcCheckCharacter(corrupted), corrupted).toBe(false)
      }
    }
  })

  it('reads the embedded birth date only when it is a real date', () => {
    expect(prcBirthDate('11010519491231002X')).toBe('1949-12-31')
    expect(prcBirthDate('510104200002290011')).toBe('2000-02-29')
    const feb30 = '11010519900230001'
    expect(prcBirthDate(feb30 + prcCheckCharacter(feb30))).toBeNull()
  })

  it('names the problem for CN ids, and checks other nationalities passport-style', () => {
    expect(nationalIdProblem('', 'CN')).toBe('required')
    expect(nationalIdProblem('1101051949123100', 'CN')).toBe('prcFormat')
    expect(nationalIdProblem('110105194912310021', 'CN')).toBe('prcCheckDigit')
    expect(nationalIdProblem('11010519491231002x', 'CN', '1949-12-31')).toBeNull() // a lower-case x is normalised
    expect(nationalIdProblem('11010519491231002X', 'CN', '1949-12-30')).toBe('prcBirthDate')
    expect(nationalIdProblem('11010519491231002X', 'CN')).toBeNull()
    expect(nationalIdProblem('E12345678', 'US')).toBeNull()
    expect(nationalIdProblem('AB12', 'US')).toBe('passportFormat')
    expect(nationalIdProblem('AB-12345', 'US')).toBe('passportFormat')
    expect(nationalIdProblem('A'.repeat(31), 'US')).toBe('passportFormat')
  })
})

describe('other KYC field rules', () => {
  it('checks legal names like the server', () => {
    expect(legalNameProblem('张三')).toBeNull()
    expect(legalNameProblem('阿卜杜·热合曼')).toBeNull()
    expect(legalNameProblem('Mary-Jane Smith')).toBeNull()
    expect(legalNameProblem(' ')).toBe('required')
    expect(legalNameProblem('李')).toBe('length')
    expect(legalNameProblem('名'.repeat(101))).toBe('length')
    expect(legalNameProblem('John 3')).toBe('characters')
    expect(legalNameProblem('-John')).toBe('characters')
  })

  it('checks the date of birth against today', () => {
    const today = '2026-11-26'
    expect(dateOfBirthProblem('2008-11-26', today)).toBeNull()
    expect(dateOfBirthProblem('2008-11-27', today)).toBe('tooYoung')
    expect(dateOfBirthProblem('2026-11-27', today)).toBe('future')
    expect(dateOfBirthProblem('1899-12-31', today)).toBe('tooOld')
    expect(dateOfBirthProblem('1990-02-30', today)).toBe('invalid')
    expect(dateOfBirthProblem('', today)).toBe('required')
    // Born 29 February: adult on 28 February in a common year, as the server's DateOnly.AddYears computes it.
    expect(dateOfBirthProblem('2008-02-29', '2026-02-28')).toBeNull()
    expect(dateOfBirthProblem('2008-02-29', '2026-02-27')).toBe('tooYoung')
  })

  it('counts today as the server does: the Beijing business day, whatever the browser’s zone', () => {
    // 16:30 UTC on 26 November is already the 27th in Beijing (and still the 26th in UTC and westwards).
    const late = new Date('2026-11-26T16:30:00Z')
    expect(todayIso(late)).toBe('2026-11-27')
    expect(todayIso(new Date('2026-11-26T15:59:59Z'))).toBe('2026-11-26')
    // So someone turning 18 on the 27th may submit then, as the server allows.
    expect(dateOfBirthProblem('2008-11-27', todayIso(late))).toBeNull()
  })

  it('accepts E.164 and mainland mobiles', () => {
    expect(normalizePhone('+86 138-1234-5678')).toBe('+8613812345678')
    expect(normalizePhone('13812345678')).toBe('13812345678')
    expect(phoneProblem('12345678901')).toBe('invalid')
    expect(phoneProblem('')).toBe('required')
  })

  it('offers the 249 ISO countries, China first', () => {
    expect(new Set(COUNTRY_CODES).size).toBe(249)
    const options = countryOptions('en')
    expect(options[0]).toEqual({ code: 'CN', name: 'China' })
    expect(options).toHaveLength(249)
  })
})
