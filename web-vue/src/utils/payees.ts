import type { Payee, PayeeQuery } from '@/api/payments'

/** The longest text the recipient field takes (the longest e-mail address the server looks up). */
export const PAYEE_INPUT_MAX = 256

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
/** Digits with an optional leading "+", spaces, dashes and brackets between them, e.g. "+1 (415) 555-0100". */
const PHONE_SHAPE = /^\+?[\d(][\d ()-]*$/
/** The digits of a number with its country code: at most 15 (E.164), at least 7 (the server's shortest). */
const PHONE_DIGITS = /^\+?\d{7,15}$/

export type PayeeInputProblem = 'required' | 'emailInvalid' | 'phoneInvalid'

export type PayeeInput = { ok: true; query: PayeeQuery } | { ok: false; problem: PayeeInputProblem }

/**
 * What the payer typed in the one recipient field: an e-mail address when it has an "@", otherwise a mobile number
 * (sent without its spaces, dashes and brackets). The server has the last word on both; this only catches typing slips.
 */
export function readPayeeInput(text: string): PayeeInput {
  const value = text.trim()
  if (!value) return { ok: false, problem: 'required' }
  if (value.includes('@')) {
    return value.length <= PAYEE_INPUT_MAX && EMAIL.test(value) ? { ok: true, query: { email: value } } : { ok: false, problem: 'emailInvalid' }
  }
  const compact = value.replace(/[ ()-]/g, '')
  return PHONE_SHAPE.test(value) && PHONE_DIGITS.test(compact) ? { ok: true, query: { phone: compact } } : { ok: false, problem: 'phoneInvalid' }
}

/** The masked contacts the server returned, e-mail first: what the payer checks before paying. */
export function maskedContacts(payee: Payee): string[] {
  return [payee.maskedEmail, payee.maskedPhone].filter((value): value is string => !!value)
}
