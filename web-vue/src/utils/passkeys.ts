/** The longest passkey name the identity service accepts. */
export const PASSKEY_NAME_MAX = 50

export type PasskeyNameProblem = 'required' | 'length'

/** The name as it is sent: trimmed. */
export function normalizePasskeyName(value: string): string {
  return value.trim()
}

/** Required; once trimmed at most PASSKEY_NAME_MAX characters (UTF-16 code units, as the server counts them). */
export function passkeyNameProblem(value: string): PasskeyNameProblem | null {
  const name = normalizePasskeyName(value)
  if (!name) return 'required'
  return name.length > PASSKEY_NAME_MAX ? 'length' : null
}
