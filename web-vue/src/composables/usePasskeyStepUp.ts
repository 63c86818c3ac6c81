import { computed, onScopeDispose, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { identityApi, isPasskeyRequired } from '@/api/endpoints'
import { ApiError } from '@/api/http'
import type { StepUpPurpose } from '@/api/types'
import { useErrorText } from '@/composables/useErrorText'
import { useResource } from '@/composables/useResource'
import { unplacedMessages } from '@/utils/fieldErrors'
import { getPasskeyAssertion, isWebAuthnSupported, webAuthnMessageKey } from '@/utils/webauthn'

/**
 * The outcome of proving it is the customer with a passkey:
 * - `token`: the step-up token, for the one call it is for, then dropped;
 * - `cancelled`: the browser's prompt was closed, timed out or failed; the server saw no answer;
 * - `noPasskey`: the customer has no passkey (any more): `hasPasskey` is false now;
 * - `refused`: the server refused, or did not answer.
 * Every failure comes with the message to show ('' when the page itself stopped the prompt).
 */
export type PasskeyProof =
  | { ok: true; token: string }
  | { ok: false; reason: 'cancelled' | 'noPasskey' | 'refused'; message: string }

/**
 * A step-up with a passkey for `purpose`: the server's options, navigator.credentials.get, then the answer traded for a
 * step-up token (`POST /api/identity/step-up`, the same token the authenticator-code path gives). Also tells whether the
 * customer has a passkey at all; in a browser without WebAuthn that is never asked (there would be no way to use one),
 * and `hasPasskey` is false.
 */
export function usePasskeyStepUp(purpose: StepUpPurpose) {
  const { t } = useI18n()
  const errorText = useErrorText()
  const supported = isWebAuthnSupported()

  const count = useResource(async () => (supported ? (await identityApi.passkeys()).passkeys.length : 0))
  /** null while not known (loading, or the look failed). */
  const hasPasskey = computed<boolean | null>(() => (count.data.value === null ? null : count.data.value > 0))
  /** True while waiting for the browser's prompt (the customer's turn), for a status line. */
  const waiting = ref(false)
  const busy = ref(false)

  let ceremony: AbortController | null = null
  onScopeDispose(() => ceremony?.abort())

  async function prove(): Promise<PasskeyProof> {
    busy.value = true
    try {
      let started
      try {
        started = await identityApi.passkeyStepUpOptions(purpose)
      } catch (e) {
        if (isPasskeyRequired(e)) {
          count.data.value = 0
          return { ok: false, reason: 'noPasskey', message: t('pin.reset.passkey.none') }
        }
        return refused(e)
      }

      let credential
      ceremony = new AbortController()
      waiting.value = true
      try {
        credential = await getPasskeyAssertion(started.options, ceremony.signal)
      } catch (e) {
        const key = webAuthnMessageKey(e, 'get')
        return { ok: false, reason: 'cancelled', message: key ? t(key) : '' }
      } finally {
        waiting.value = false
        ceremony = null
      }

      try {
        return { ok: true, token: (await identityApi.stepUpWithPasskey(purpose, started.ceremonyId, credential)).token }
      } catch (e) {
        return refused(e)
      }
    } finally {
      busy.value = false
    }
  }

  function refused(e: unknown): PasskeyProof {
    let message: string
    if (!(e instanceof ApiError)) message = errorText(e)
    // `credential` (not accepted) or `ceremonyId` (expired: try again): the server's own words.
    else if (e.status === 400 && Object.keys(e.fieldErrors).length) message = unplacedMessages(e.fieldErrors, [])
    else if (e.status === 423) message = t('pin.reset.passkey.accountLocked')
    else if (e.status === 429) message = t('pin.reset.errors.tooMany')
    else message = errorText(e)
    return { ok: false, reason: 'refused', message }
  }

  return {
    supported,
    hasPasskey,
    loading: count.loading,
    error: count.error,
    reload: count.reload,
    busy,
    waiting,
    prove,
  }
}
