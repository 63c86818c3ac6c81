/**
 * Client-side mirror of the identity service's KYC id rules (services/Identity/Identity.Api/Kyc/KycValidation.cs).
 * The server decides; these give the customer the same answer before a round trip.
 */

export const PRC_ID_LENGTH = 18
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARACTERS = '10X98765432'

/** The ISO 7064 MOD 11-2 check character of the first 17 digits, or null when they are not 17 digits. */
export function prcCheckCharacter(first17: string): string | null {
  if (!/^[0-9]{17}$/.test(first17)) return null
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK_CHARACTERS[sum % 11]!
}

/** 17 digits and the right check character (upper-case X for 10). */
export function hasValidPrcCheckCharacter(id: string): boolean {
  return id.length === PRC_ID_LENGTH && prcCheckCharacter(id.slice(0, 17)) === id[17]
}

/** The birth date in digits 7–14 as YYYY-MM-DD when it is a real calendar date, else null. */
export function prcBirthDate(id: string): string | null {
  const match = /^[0-9]{6}([0-9]{4})([0-9]{2})([0-9]{2})/.exec(id)
  if (!match) return null
  const [, y, m, d] = match.map(Number) as [number, number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
  return real ? `${match[1]}-${match[2]}-${match[3]}` : null
}

/** Upper-cases and trims, as the server does before checking. */
export function normalizeNationalId(value: string): string {
  return value.trim().toUpperCase()
}

export type NationalIdProblem = 'required' | 'prcFormat' | 'prcCheckDigit' | 'prcBirthDate' | 'passportFormat'

/**
 * What is wrong with a national id for the given nationality, or null. For CN: 18 characters with a valid MOD 11-2
 * check character and an embedded birth date equal to `dateOfBirth` (when one is given). Elsewhere: 5–30 letters/digits.
 */
export function nationalIdProblem(value: string, nationality: string, dateOfBirth?: string | null): NationalIdProblem | null {
  const id = normalizeNationalId(value)
  if (!id) return 'required'
  if (nationality === 'CN') {
    if (!/^[0-9]{17}[0-9X]$/.test(id)) return 'prcFormat'
    if (!hasValidPrcCheckCharacter(id)) return 'prcCheckDigit'
    const embedded = prcBirthDate(id)
    if (embedded === null || (dateOfBirth && embedded !== dateOfBirth)) return 'prcBirthDate'
    return null
  }
  return /^[A-Z0-9]{5,30}$/.test(id) ? null : 'passportFormat'
}
