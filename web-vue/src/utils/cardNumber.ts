/**
 * Client-side mirror of the payments service's bank card rules (services/Payments/Payments.Api/Cards/CardNumber.cs and
 * BankCardRequests.cs). The server decides; these give the customer the same answer before a round trip.
 */

export const MIN_CARD_DIGITS = 13
export const MAX_CARD_DIGITS = 19
/** The longest card number input the server reads at all (19 digits with room for separators). */
export const MAX_CARD_INPUT_LENGTH = 40
export const MAX_HOLDER_LENGTH = 100
export const MAX_LABEL_LENGTH = 40

export type CardNumberProblem = 'required' | 'characters' | 'length' | 'checksum'
export type HolderNameProblem = 'required' | 'length' | 'characters'
export type CardLabelProblem = 'length' | 'characters'

// Control characters (C0, DEL, C1), as .NET's char.IsControl sees them.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

/** The digits alone: spaces and hyphens (as card numbers are often grouped) removed. */
export function normalizeCardNumber(value: string): string {
  return value.replace(/[ -]/g, '')
}

/** The Luhn (mod 10) check: from the right, double every second digit (minus 9 above 9); the sum ends in 0. */
export function passesLuhn(digits: string): boolean {
  if (!/^[0-9]+$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/**
 * What is wrong with a typed card number, or null: only digits, spaces and hyphens; 13–19 digits once those are
 * removed; a valid Luhn check digit.
 */
export function cardNumberProblem(value: string): CardNumberProblem | null {
  if (!value.trim()) return 'required'
  if (value.length > MAX_CARD_INPUT_LENGTH) return 'length'
  if (!/^[0-9 -]+$/.test(value)) return 'characters'
  const digits = normalizeCardNumber(value)
  if (digits.length < MIN_CARD_DIGITS || digits.length > MAX_CARD_DIGITS) return 'length'
  return passesLuhn(digits) ? null : 'checksum'
}

/** Required once trimmed, at most 100 characters, no control characters. */
export function holderNameProblem(value: string): HolderNameProblem | null {
  const name = value.trim()
  if (!name) return 'required'
  if (name.length > MAX_HOLDER_LENGTH) return 'length'
  return CONTROL.test(name) ? 'characters' : null
}

/** Optional; once trimmed at most 40 characters and no control characters. */
export function cardLabelProblem(value: string): CardLabelProblem | null {
  const label = value.trim()
  if (label.length > MAX_LABEL_LENGTH) return 'length'
  return CONTROL.test(label) ? 'characters' : null
}

/** The trimmed label, or null when there is none (the server stores no empty labels). */
export function normalizeLabel(value: string): string | null {
  return value.trim() || null
}
