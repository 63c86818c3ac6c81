import { describe, expect, it } from 'vitest'
import { formatDateTime, formatMoney, formatRelative, maskEmail, minorDigits } from '@/utils/format'
import {
  BUSINESS_TIME_ZONE,
  businessDay,
  businessDayStartIso,
  dayAfter,
  formatBusinessDateTime,
  isAfterBusinessToday,
  pickerDayOf,
} from '@/utils/businessTime'

describe('minorDigits', () => {
  it.each([
    ['CNY', 2],
    ['USD', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['BHD', 3],
    ['KWD', 3],
    ['CLF', 4],
    ['cny', 2],
    ['jpy', 0],
  ])('%s has %i minor digits', (currency, digits) => {
    expect(minorDigits(currency)).toBe(digits)
  })
})

describe('formatMoney', () => {
  it.each<[bigint | number, string, string, string]>([
    [0, 'CNY', 'zh-CN', '¥0.00'],
    [1, 'CNY', 'zh-CN', '¥0.01'],
    [123456, 'CNY', 'zh-CN', '¥1,234.56'],
    [123456n, 'USD', 'en', '$1,234.56'],
    [-123456, 'USD', 'en', '-$1,234.56'],
    [-5, 'USD', 'en', '-$0.05'],
    [-5n, 'CNY', 'zh-CN', '-¥0.05'],
    [100, 'CNY', 'en', 'CN¥1.00'],
    [100, 'USD', 'zh-CN', 'US$1.00'],
    [1234, 'JPY', 'en', '¥1,234'],
    [-1234, 'JPY', 'zh-CN', '-JP¥1,234'],
    [1234567, 'BHD', 'en', 'BHD\u00a01,234.567'],
    [-1, 'BHD', 'en', '-BHD\u00a00.001'],
    [Number.MAX_SAFE_INTEGER, 'USD', 'en', '$90,071,992,547,409.91'],
    [2n ** 53n + 1n, 'USD', 'en', '$90,071,992,547,409.93'],
    [12345678901234567890123n, 'CNY', 'zh-CN', '¥123,456,789,012,345,678,901.23'],
    [-12345678901234567890123n, 'USD', 'en', '-$123,456,789,012,345,678,901.23'],
    [9007199254740993n, 'JPY', 'en', '¥9,007,199,254,740,993'],
  ])('formatMoney(%s, %s, %s) = %s', (amount, currency, locale, expected) => {
    expect(formatMoney(amount, currency, locale)).toBe(expected)
  })

  it('rejects fractional or unsafe numbers instead of rounding money', () => {
    expect(() => formatMoney(1.5, 'CNY', 'en')).toThrow(RangeError)
    expect(() => formatMoney(2 ** 60, 'CNY', 'en')).toThrow(RangeError)
  })
})

describe('formatDateTime', () => {
  it.each([
    ['2025-03-04T05:06:07Z', 'en', 'Mar 4, 2025, 5:06 AM'],
    ['2025-03-04T05:06:07Z', 'zh-CN', '2025年3月4日 05:06'],
    ['2025-12-31T23:59:00Z', 'en', 'Dec 31, 2025, 11:59 PM'],
  ])('%s in %s', (iso, locale, expected) => {
    expect(formatDateTime(iso, locale, 'UTC').replace(/\u202f/g, ' ')).toBe(expected)
  })

  it('returns an empty string for an unparseable date', () => {
    expect(formatDateTime('not a date', 'en')).toBe('')
  })
})

describe('formatRelative', () => {
  const now = new Date('2025-03-04T12:00:00Z')

  it.each([
    ['2025-03-04T11:59:30Z', 'en', null],
    ['2025-03-04T11:55:00Z', 'en', '5 minutes ago'],
    ['2025-03-04T11:55:00Z', 'zh-CN', '5分钟前'],
    ['2025-03-04T09:00:00Z', 'en', '3 hours ago'],
    ['2025-03-03T12:00:00Z', 'en', 'yesterday'],
    ['2025-03-01T12:00:00Z', 'zh-CN', '3天前'],
    ['2025-02-01T12:00:00Z', 'en', 'Feb 1, 2025, 12:00 PM'],
  ])('%s in %s', (iso, locale, expected) => {
    expect(formatRelative(iso, locale, now, 'UTC')?.replace(/\u202f/g, ' ') ?? null).toBe(expected)
  })
})

describe('maskEmail', () => {
  it.each([
    ['alice@example.com', 'a***e@example.com'],
    ['bo@example.com', 'b***@example.com'],
    ['x@example.com', 'x***@example.com'],
    ['first.last+tag@jade.test', 'f***g@jade.test'],
    ['no-at-sign', 'n***n'],
  ])('%s → %s', (email, expected) => {
    expect(maskEmail(email)).toBe(expected)
  })
})

describe('the business clock (Beijing time)', () => {
  // 17:30 UTC on 27 November: still the 27th in UTC (and in this test run's zone if it is UTC), the 28th in Beijing.
  const LATE = new Date('2026-11-27T17:30:00Z')

  it('is Asia/Shanghai', () => {
    expect(BUSINESS_TIME_ZONE).toBe('Asia/Shanghai')
  })

  it('formats an instant in Beijing time whatever the browser’s zone', () => {
    expect(formatBusinessDateTime(LATE.toISOString(), 'en')).toBe('Nov 28, 2026, 1:30 AM')
    expect(formatBusinessDateTime(LATE.toISOString(), 'zh-CN')).toBe('2026年11月28日 01:30')
    expect(formatDateTime(LATE.toISOString(), 'en', 'UTC')).toBe('Nov 27, 2026, 5:30 PM')
    expect(formatBusinessDateTime('not a date', 'en')).toBe('')
  })

  it('counts the business day in Beijing', () => {
    expect(businessDay(LATE)).toBe('2026-11-28')
    expect(businessDay(new Date('2026-11-27T15:59:59Z'))).toBe('2026-11-27')
    expect(businessDay(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
  })

  it('lets a date picker offer Beijing’s today, not the day after', () => {
    // The picker's days are local midnights standing for calendar days.
    expect(isAfterBusinessToday(new Date(2026, 10, 27), LATE)).toBe(false)
    expect(isAfterBusinessToday(new Date(2026, 10, 28), LATE)).toBe(false)
    expect(isAfterBusinessToday(new Date(2026, 10, 29), LATE)).toBe(true)
    expect(isAfterBusinessToday(new Date(2026, 10, 28), new Date('2026-11-27T15:00:00Z'))).toBe(true)
  })

  it('reads the calendar day a picker means', () => {
    expect(pickerDayOf(new Date(2026, 0, 5))).toBe('2026-01-05')
    expect(pickerDayOf(new Date(1999, 11, 31))).toBe('1999-12-31')
  })

  it('starts a business day at Beijing midnight, as an instant with the offset', () => {
    expect(businessDayStartIso('2026-11-28')).toBe('2026-11-28T00:00:00+08:00')
    expect(new Date(businessDayStartIso('2026-11-28')).toISOString()).toBe('2026-11-27T16:00:00.000Z')
    expect(businessDay(new Date(businessDayStartIso('2026-11-28')))).toBe('2026-11-28')
  })

  it('counts to the next calendar day across months, leap days and years', () => {
    expect(dayAfter('2026-11-28')).toBe('2026-11-29')
    expect(dayAfter('2024-02-28')).toBe('2024-02-29')
    expect(dayAfter('2024-02-29')).toBe('2024-03-01')
    expect(dayAfter('2026-12-31')).toBe('2027-01-01')
  })
})
