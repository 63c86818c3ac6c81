import { PAYMENT_KINDS, RECEIPT_KINDS } from '@/api/payments'

/** The i18n key naming a receipt's kind: the history's own words for the kinds it lists, and a neutral one for a new kind. */
export function receiptKindKey(kind: string): string {
  if ((PAYMENT_KINDS as readonly string[]).includes(kind)) return `payments.kind.${kind}`
  return `receipt.kinds.${(RECEIPT_KINDS as readonly string[]).includes(kind) ? kind : 'other'}`
}
