import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { formatMoney } from '@/utils/format'
import type { PaymentCap } from '@/utils/limits'

/**
 * The send and withdraw pages' check of an amount against the limits PaymentLimitsHint loaded (`cap`, which it emits).
 * Without limits (still loading, or they could not be loaded) nothing is refused here: the server checks anyway.
 */
export function usePaymentCap(currency: string) {
  const { t, locale } = useI18n()
  const cap = ref<PaymentCap | null>(null)

  /** Why `amountMinor` is over the limit, or '' when it is not (or the limits are unknown). */
  function overCapMessage(amountMinor: bigint): string {
    const known = cap.value
    if (!known || known.currency !== currency || amountMinor <= known.maxMinor) return ''
    if (known.which === 'today' && known.maxMinor === 0n) return t('limits.errors.noneLeftToday')
    const amount = formatMoney(known.maxMinor, currency, locale.value)
    return t(known.which === 'today' ? 'limits.errors.overToday' : 'limits.errors.overPerPayment', { amount })
  }

  return { cap, overCapMessage }
}
