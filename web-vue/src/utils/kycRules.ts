/** Client-side mirror of the other KYC field rules (services/Identity/Identity.Api/Kyc/KycValidation.cs). */
import { businessDay } from './businessTime'

export const MIN_NAME_LENGTH = 2
export const MAX_NAME_LENGTH = 100
export const MINIMUM_AGE = 18
export const EARLIEST_BIRTH_DATE = '1900-01-01'

export type NameProblem = 'required' | 'length' | 'characters'
export type DateOfBirthProblem = 'required' | 'invalid' | 'future' | 'tooOld' | 'tooYoung'
export type PhoneProblem = 'required' | 'invalid'

/** Letters of any script (CJK included) with combining marks, spaces, "·" and "-"; starts and ends with a letter. */
export function legalNameProblem(value: string): NameProblem | null {
  const name = value.trim()
  if (!name) return 'required'
  if (name.length < MIN_NAME_LENGTH || name.length > MAX_NAME_LENGTH) return 'length'
  return /^[\p{L}\p{M}](?:[\p{L}\p{M} ·-]*[\p{L}\p{M}])?$/u.test(name) ? null : 'characters'
}

/** `today` is YYYY-MM-DD; dates compare as strings in that format. */
export function dateOfBirthProblem(value: string | null | undefined, today: string): DateOfBirthProblem | null {
  if (!value) return 'required'
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return 'invalid'
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'invalid'
  if (value > today) return 'future'
  if (value < EARLIEST_BIRTH_DATE) return 'tooOld'
  // The 18th birthday as the server computes it (DateOnly.AddYears): 29 February becomes 28 February in a common year.
  const adultYear = y + MINIMUM_AGE
  const leap = (adultYear % 4 === 0 && adultYear % 100 !== 0) || adultYear % 400 === 0
  const adultDay = m === 2 && d === 29 && !leap ? '28' : match[3]
  const adult = `${adultYear}-${match[2]}-${adultDay}`
  return adult > today ? 'tooYoung' : null
}

/** E.164 (+ and 8–15 digits) or an 11-digit mainland mobile; spaces and dashes are ignored. */
export function normalizePhone(value: string): string | null {
  const compact = value.trim().replace(/[ -]/g, '')
  return /^\+[1-9][0-9]{7,14}$/.test(compact) || /^1[3-9][0-9]{9}$/.test(compact) ? compact : null
}

export function phoneProblem(value: string): PhoneProblem | null {
  if (!value.trim()) return 'required'
  return normalizePhone(value) === null ? 'invalid' : null
}

/**
 * Today as the server counts it for a date of birth: the Beijing business day (YYYY-MM-DD), whatever the browser's
 * zone, so a birthday (the 18th, or a date of birth of today) is allowed and refused on the same day on both sides.
 */
export function todayIso(now: Date = new Date()): string {
  return businessDay(now)
}
