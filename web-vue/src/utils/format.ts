// ISO 4217 minor-unit exponents that differ from the usual 2. Taken from ISO rather than Intl because
// CLDR's display digits differ for some currencies, and the backend stores minor units by ISO.
const MINOR_DIGITS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0,
  RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
}

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2
}

/**
 * Formats an amount held in minor units (e.g. fen, cents). Only integer arithmetic touches the amount:
 * Intl formats the whole-unit part as a bigint and the fraction digits are spliced in as text.
 */
export function formatMoney(minorUnits: bigint | number, currency: string, locale: string): string {
  if (typeof minorUnits === 'number' && !Number.isSafeInteger(minorUnits)) {
    throw new RangeError(`Amount must be an integer number of minor units, got ${minorUnits}`)
  }
  const amount = BigInt(minorUnits)
  const digits = minorDigits(currency)
  const negative = amount < 0n
  const abs = negative ? -amount : amount
  const scale = 10n ** BigInt(digits)
  const whole = abs / scale
  const fraction = (abs % scale).toString().padStart(digits, '0')

  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })
  // -0 (a safe, exact number) keeps the minus sign for amounts like -0.05 whose whole part is zero.
  const signedWhole = negative ? (whole === 0n ? -0 : -whole) : whole
  return formatter
    .formatToParts(signedWhole)
    .map((part) => (part.type === 'fraction' ? fraction : part.value))
    .join('')
}

/** Minor units as a plain decimal string ("-1234.50" for -123450 fen): for files, not for people. */
export function minorToDecimal(minorUnits: bigint, currency: string): string {
  const digits = minorDigits(currency)
  const negative = minorUnits < 0n
  const text = (negative ? -minorUnits : minorUnits).toString().padStart(digits + 1, '0')
  const unsigned = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`
  return negative ? `-${unsigned}` : unsigned
}

export function formatDateTime(iso: string, locale: string, timeZone?: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date)
}

export function formatDate(iso: string, locale: string, timeZone?: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(date)
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['minute', 60],
  ['hour', 60 * 60],
  ['day', 24 * 60 * 60],
]
const WEEK_SECONDS = 7 * 24 * 60 * 60

/**
 * "5 minutes ago" for the last week, the full date and time beyond that; `null` when under a minute,
 * so the caller can say "just now" in its own words.
 */
export function formatRelative(iso: string, locale: string, now: Date = new Date(), timeZone?: string): string | null {
  const seconds = Math.round((now.getTime() - new Date(iso).getTime()) / 1000)
  if (Number.isNaN(seconds)) return ''
  if (seconds < 60) return null
  if (seconds >= WEEK_SECONDS) return formatDateTime(iso, locale, timeZone)
  const [unit, size] = RELATIVE_STEPS.findLast(([, s]) => seconds >= s)!
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-Math.floor(seconds / size), unit)
}

/** "alice@example.com" → "a***e@example.com": enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  const local = at > 0 ? email.slice(0, at) : email
  const domain = at > 0 ? email.slice(at) : ''
  const masked = local.length <= 2 ? `${local.charAt(0)}***` : `${local.charAt(0)}***${local.charAt(local.length - 1)}`
  return masked + domain
}

/** A nanosecond Unix timestamp (ledger time) as an ISO string; the sub-millisecond part is dropped with BigInt maths. */
export function nanosToIso(nanos: bigint | number | string): string {
  const ms = BigInt(nanos) / 1_000_000n
  const date = new Date(Number(ms))
  return Number.isNaN(date.getTime()) ? '' : date.toISOString()
}
