/** The one-time codes of an authenticator app (TOTP): 6 digits. */
export const AUTHENTICATOR_CODE_LENGTH = 6

/** Apps show the code as "123 456"; the server wants the digits. */
export function normalizeAuthenticatorCode(value: string): string {
  return value.replace(/\s/g, '')
}

export function authenticatorCodeProblem(value: string): 'required' | 'format' | null {
  const code = normalizeAuthenticatorCode(value)
  if (code === '') return 'required'
  return new RegExp(`^\\d{${AUTHENTICATOR_CODE_LENGTH}}$`).test(code) ? null : 'format'
}
