import { minorDigits, minorToDecimal } from './format'

/** The most integer digits an amount may have (the payments API refuses more). */
export const MAX_AMOUNT_INTEGER_DIGITS = 13

/** Why a typed amount cannot be sent; each has a message under `amount.errors`. */
export type AmountProblem = 'required' | 'format' | 'precision' | 'zero' | 'tooLarge'

export type AmountResult =
  | { ok: true; /** Minor units (fen for CNY). */ minor: bigint; /** What the API takes: "30.00". */ decimal: string }
  | { ok: false; error: AmountProblem }

/**
 * Reads an amount in major units ("30", "30.5", "30.50") exactly, as text, into minor units. Strict on purpose: no
 * sign, no exponent, no spaces, no grouping separators, a digit on both sides of the point, at most the currency's
 * minor digits after it, at most 13 digits before it, and more than zero. Number() would accept " 1", "1e3" and
 * "0x10" and round beyond 2^53; nothing here goes through floating point.
 */
export function parseAmount(text: string, currency: string): AmountResult {
  if (text === '') return { ok: false, error: 'required' }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) return { ok: false, error: 'format' }
  const whole = match[1]!
  const fraction = match[2] ?? ''
  const digits = minorDigits(currency)
  if (fraction.length > digits) return { ok: false, error: 'precision' }
  if (whole.length > MAX_AMOUNT_INTEGER_DIGITS) return { ok: false, error: 'tooLarge' }
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0')
  if (minor === 0n) return { ok: false, error: 'zero' }
  return { ok: true, minor, decimal: minorToDecimal(minor, currency) }
}

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\u3002]/g

/**
 * What the customer typed, made ready for parseAmount: surrounding spaces dropped, and the full-width digits and
 * points a Chinese input method produces ("３０．５０", "30。5") turned into ASCII. Nothing else is changed, so
 * anything ambiguous (a comma, a sign) is still refused by parseAmount.
 */
export function normalizeAmountInput(text: string): string {
  return text
    .trim()
    .replace(FULL_WIDTH, (c) => (c === '\uFF0E' || c === '\u3002' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30)))
}
