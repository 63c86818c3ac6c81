import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '@/api/http'
import { isDefiniteRefusal } from '@/api/payments'
import { useErrorText } from '@/composables/useErrorText'
import { createAttemptKeys } from '@/utils/idempotency'

export interface PaymentRefusals {
  /** i18n key of the message when the outcome is not known (no answer, a 5xx): a retry repeats the attempt safely. */
  unknownOutcome: string
  /** i18n key of the message for a 409 "the first request with this key is still running". */
  inFlight: string
  /**
   * Looked at before the "outcome unknown" answers: a refusal the page places itself ahead of them (a 503 that says
   * nothing happened, the PIN's own refusals). True when placed.
   */
  first?: (e: ApiError) => boolean
  /** Looked at after them: the page's own refusals (404, 422, a 400 with field errors). True when placed. */
  place?: (e: ApiError) => boolean
}

/**
 * Sending one money request (a payment, a withdrawal, a top-up): the submitting flag, the message above the button
 * (a warning while the outcome is `uncertain`), and one Idempotency-Key per request the customer means. The same
 * request sent again after no answer, a 5xx or a 409 "still running" reuses its key, so the server replays its first
 * answer instead of acting twice; a success or any other 4xx settles the key, and other details get a new one.
 */
export function usePaymentSubmit(refusals: PaymentRefusals) {
  const { t } = useI18n()
  const errorText = useErrorText()

  const submitting = ref(false)
  const generalError = ref('')
  /** The last attempt's outcome is not known (no answer, a 5xx, or still running): a retry repeats it safely. */
  const uncertain = ref(false)
  const keys = createAttemptKeys()

  /** Sends `request` under its key; `done` gets the answer (errors it throws are shown like refusals). */
  async function submit<Req, Res>(request: Req, send: (request: Req, key: string) => Promise<Res>, done: (result: Res) => void): Promise<void> {
    submitting.value = true
    try {
      const result = await send(request, keys.keyFor(request))
      keys.settled()
      uncertain.value = false
      done(result)
    } catch (e) {
      if (isDefiniteRefusal(e)) keys.settled()
      refused(e)
    } finally {
      submitting.value = false
    }
  }

  /** Puts each refusal where it belongs: where the page places it, or above the button. */
  function refused(e: unknown): void {
    uncertain.value = false
    if (!(e instanceof ApiError)) {
      generalError.value = errorText(e)
      return
    }
    if (refusals.first?.(e)) return
    if (e.isNetworkError || e.status >= 500) {
      uncertain.value = true
      generalError.value = t(refusals.unknownOutcome)
      return
    }
    if (e.status === 409) {
      uncertain.value = true
      generalError.value = t(refusals.inFlight)
      return
    }
    if (refusals.place?.(e)) return
    generalError.value = errorText(e)
  }

  /** Forgets the last attempt, to start another payment. */
  function reset(): void {
    keys.settled()
    uncertain.value = false
    generalError.value = ''
  }

  return { submitting, generalError, uncertain, submit, reset }
}
