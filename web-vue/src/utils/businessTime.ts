import { formatDateTime } from './format'

/**
 * Jade's business clock: Beijing time (UTC+8, no daylight saving). The servers count days in it: the payment
 * history's date filters, the daily limits, receipt numbers and the risk report's days. Times and days shown next to
 * those follow it too, whatever the browser's own zone, so "today" and a payment's date agree with the server.
 */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai'

/** The business clock's offset from UTC, as ISO 8601 writes it: Beijing keeps UTC+8 all year. */
export const BUSINESS_UTC_OFFSET = '+08:00'

/** An instant as a date and time on the business clock. */
export function formatBusinessDateTime(iso: string, locale: string): string {
  return formatDateTime(iso, locale, BUSINESS_TIME_ZONE)
}

/** The business day (yyyy-MM-dd) `instant` falls on. */
export function businessDay(instant: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: BUSINESS_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}

/**
 * The calendar day (yyyy-MM-dd) a date picker means by `pickerDay`. The picker stands for a calendar day with the
 * browser's local midnight of it, so that day is read back in the browser's zone.
 */
export function pickerDayOf(pickerDay: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pickerDay.getFullYear()}-${pad(pickerDay.getMonth() + 1)}-${pad(pickerDay.getDate())}`
}

/** Whether a day a date picker offers is after today's business day, so cannot be chosen yet. */
export function isAfterBusinessToday(pickerDay: Date, now: Date = new Date()): boolean {
  return pickerDayOf(pickerDay) > businessDay(now)
}

/**
 * The instant business day `day` (yyyy-MM-dd) begins: its Beijing midnight, as an ISO 8601 instant with the business
 * offset ("2026-11-28T00:00:00+08:00"), whatever the browser's zone.
 */
export function businessDayStartIso(day: string): string {
  return `${day}T00:00:00${BUSINESS_UTC_OFFSET}`
}

/** The calendar day after `day` (yyyy-MM-dd). */
export function dayAfter(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
}
