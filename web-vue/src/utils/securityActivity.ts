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
])

export interface ActivityMessage {
  key: string
  params: Record<string, string>
}

/**
 * The i18n key and parameters describing an event: passkey events name the passkey (the new name on a rename), or
 * say just "passkey" when the server sent no name. `null` for an action this SPA does not know: show it as it came.
 */
export function activityMessage(event: SecurityEvent): ActivityMessage | null {
  const key = ACTION_KEYS.get(event.action)
  if (!key) return null
  if (!event.action.startsWith('passkey.')) return { key: `securityActivity.actions.${key}`, params: {} }
  const name = event.details?.name
  return typeof name === 'string' && name
    ? { key: `securityActivity.actions.${key}`, params: { name } }
    : { key: `securityActivity.actions.${key}Unnamed`, params: {} }
}

/** How the server says it could not tell where a change came from. */
export const UNKNOWN_ADDRESS = 'unknown'
