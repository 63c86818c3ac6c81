import { reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import type { FieldErrors } from '@/api/http'
import { confirmPinProblem, newPinProblem } from '@/utils/payments'

/**
 * The state of a form of PIN-like fields (the payment PIN set, change and reset forms): what is typed, which fields
 * were left (so their own checks show), and the server's messages, each kept until its field is edited.
 * `problemOf` is the form's own check of a field: its message, or '' when the field is fine.
 */
export function usePinFields<F extends string>(fields: readonly F[], problemOf: (field: F, values: Readonly<Record<F, string>>) => string) {
  const values = reactive(Object.fromEntries(fields.map((field) => [field, '']))) as Record<F, string>
  const touched = reactive(new Set<string>()) as Set<F>
  const serverErrors = ref<FieldErrors>({})

  // Synchronous, so clearing a field on purpose (after a refusal) happens before that refusal's message is set rather
  // than wiping it afterwards.
  watch(
    () => ({ ...values }),
    (now, before) => {
      for (const field of fields) {
        if (now[field] !== before[field] && serverErrors.value[field]) {
          const { [field]: _dropped, ...rest } = serverErrors.value
          serverErrors.value = rest
        }
      }
    },
    { flush: 'sync' },
  )

  /** The server's message for the field, else the form's own once the field was left or the form submitted. */
  const fieldError = (field: F): string => serverErrors.value[field]?.join(' ') || (touched.has(field) ? problemOf(field, values) : '')

  /** Shows the problems of the fields (all by default); true when none has any. */
  function check(only: readonly F[] = fields): boolean {
    only.forEach((field) => touched.add(field))
    return !only.some((field) => problemOf(field, values))
  }

  /** Empties the fields (all by default) and forgets they were visited: no PIN or code stays longer than needed. */
  function clear(only: readonly F[] = fields): void {
    for (const field of only) {
      values[field] = ''
      touched.delete(field)
    }
  }

  return { values, touched, serverErrors, fieldError, check, clear }
}

/** Our messages for a new PIN and its repetition, the rules the server applies too ('' when fine). */
export function useNewPinProblems() {
  const { t } = useI18n()
  return {
    newPin(pin: string): string {
      const problem = newPinProblem(pin)
      return problem ? t(`pin.errors.${problem}`) : ''
    },
    repeated(pin: string, again: string): string {
      const problem = confirmPinProblem(pin, again)
      return problem ? t(`pin.errors.${problem}`) : ''
    },
  }
}
