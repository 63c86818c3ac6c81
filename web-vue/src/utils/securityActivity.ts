import type { SecurityEvent } from '@/api/types'

/** The sentence for each action the SPA knows, under `securityActivity.actions`. */
const ACTION_KEYS = new Map([
  ['password.change', 'passwordChange'],
  ['two_factor.enable', 'twoFactorEnable'],
  ['two_factor.disable', 'twoFactorDisable'],
  ['recovery_codes.regenerate', 'recoveryCodesRegenerate'],
  ['passkey.add', 'passkeyAdd'],
  ['passkey.rename', 'passkeyRename'],
  ['passkey.remove', 'passkeyRemove'],
  ['account.locked', 'accountLocked'],
  ['sessions.sign_out_others', 'sessionsSignOutOthers'],
  ['two_factor.support_reset', 'twoFactorSupportReset'],
  ['two_factor.support_reset_refused', 'twoFactorSupportResetRefused'],
  ['two_factor.support_reset_requested', 'twoFactorSupportResetRequested'],
  ['two_factor.support_reset_rejected', 'twoFactorSupportResetRejected'],
  ['two_factor.support_reset_cancelled', 'twoFactorSupportResetCancelled'],
])

/** A sign-in's sentence by how it was proven, under `securityActivity.signIn`. */
const SIGN_IN_KEYS = new Map([
  ['password', 'password'],
  ['password_authenticator', 'passwordAuthenticator'],
  ['password_recovery_code', 'passwordRecoveryCode'],
  ['passkey', 'passkey'],
])

export interface ActivityMessage {
  key: string
  params: Record<string, string>
}

/**
 * The i18n key and parameters describing an event: a sign-in says how it was proven; passkey events name the passkey
 * (the new name on a rename), or say just "passkey" when the server sent no name. `null` for an action this SPA does
 * not know: show it as it came.
 */
export function activityMessage(event: SecurityEvent): ActivityMessage | null {
  if (event.action === 'sign_in') {
    return { key: `securityActivity.signIn.${SIGN_IN_KEYS.get(String(event.details?.method)) ?? 'other'}`, params: {} }
  }
  const key = ACTION_KEYS.get(event.action)
  if (!key) return null
  if (!event.action.startsWith('passkey.')) return { key: `securityActivity.actions.${key}`, params: {} }
  const name = event.details?.name
  return typeof name === 'string' && name
    ? { key: `securityActivity.actions.${key}`, params: { name } }
    : { key: `securityActivity.actions.${key}Unnamed`, params: {} }
}

/** The browser a sign-in was made on, and whether it was new to the account; null for other events. */
export function signInDevice(event: SecurityEvent): { device: string; isNew: boolean } | null {
  if (event.action !== 'sign_in' || typeof event.details?.device !== 'string' || !event.details.device) return null
  return { device: event.details.device, isNew: event.details.newDevice === true }
}

/** How the server says it could not tell where a change came from. */
export const UNKNOWN_ADDRESS = 'unknown'
