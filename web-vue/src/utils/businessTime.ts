import { formatDateTime } from './format'

/**
 * Jade's business clock: Beijing time (UTC+8, no daylight saving). The servers count days in it: the payment
 * history's date filters, the daily limits, receipt numbers and the risk report's days. Times and days shown next to
 * those follow it too, whatever the browser's own zone, so "today" and a payment's date agree with the server.
 */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai'

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
 * Whether a day a date picker offers is after today's business day, so cannot be chosen yet. The picker stands for a
 * calendar day with the browser's local midnight of it, so that day is read back in the browser's zone.
 */
export function isAfterBusinessToday(pickerDay: Date, now: Date = new Date()): boolean {
  const pad = (n: number) => String(n).padStart(2, '0')
  const day = `${pickerDay.getFullYear()}-${pad(pickerDay.getMonth() + 1)}-${pad(pickerDay.getDate())}`
  return day > businessDay(now)
}
