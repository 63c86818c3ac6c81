import { PAYMENT_KINDS, RECEIPT_KINDS } from '@/api/payments'

/** The i18n key naming a receipt's kind: the history's own words for the kinds it lists, and a neutral one for a new kind. */
export function receiptKindKey(kind: string): string {
  if ((PAYMENT_KINDS as readonly string[]).includes(kind)) return `payments.kind.${kind}`
  return `receipt.kinds.${(RECEIPT_KINDS as readonly string[]).includes(kind) ? kind : 'other'}`
}

/** A party as the page shows it: an i18n key with its values, or the stored text as it is. */
export type PartyLabel = { key: string; values: Record<string, string> } | { text: string }

// The labels the payments service writes itself are English; these say them in the reader's language. Anything else
// (masked e-mails, masked card numbers) reads the same in every language.
const JADE_LABELS: readonly { pattern: RegExp; key: string }[] = [
  { pattern: /^Bank card$/, key: 'receipt.parties.bankCard' },
  { pattern: /^Wallet$/, key: 'receipt.parties.wallet' },
  { pattern: /^Jade customer$/, key: 'receipt.parties.customer' },
  { pattern: /^Card •••• (?<last4>\d{4})$/, key: 'receipt.parties.card' },
  { pattern: /^Partner bank (?<name>.+)$/, key: 'receipt.parties.partnerBank' },
]

/** How to show the payer or payee; `ownSide` when that side is the customer reading the receipt. */
export function partyLabel(label: string, ownSide: boolean): PartyLabel {
  const trimmed = label.trim()
  // The order names no payer for a withdrawal: the money left the customer's own wallet.
  if (!trimmed) return ownSide ? { key: 'receipt.parties.wallet', values: {} } : { text: '—' }
  for (const { pattern, key } of JADE_LABELS) {
    const match = pattern.exec(trimmed)
    if (match) return { key, values: { ...match.groups } }
  }
  return { text: label }
}
