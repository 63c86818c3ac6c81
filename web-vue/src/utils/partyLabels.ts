/** A party as the page shows it: an i18n key with its values, or the stored text as it is. */
export type PartyLabel = { key: string; values: Record<string, string> } | { text: string }

// The labels the payments service writes itself are English; these say them in the reader's language. Anything else
// (masked e-mails, masked card numbers) reads the same in every language.
const JADE_LABELS: readonly { pattern: RegExp; key: string }[] = [
  { pattern: /^Bank card$/, key: 'payments.parties.bankCard' },
  { pattern: /^Wallet$/, key: 'payments.parties.wallet' },
  { pattern: /^Jade customer$/, key: 'payments.parties.customer' },
  { pattern: /^Card •••• (?<last4>\d{4})$/, key: 'payments.parties.card' },
  { pattern: /^Partner bank (?<name>.+)$/, key: 'payments.parties.partnerBank' },
]

/**
 * How to show a party an order names (a counterparty, a receipt's payer or payee); `ownSide` when that side is the
 * customer reading it.
 */
export function partyLabel(label: string, ownSide = false): PartyLabel {
  const trimmed = label.trim()
  // The order names no payer for a withdrawal: the money left the customer's own wallet.
  if (!trimmed) return ownSide ? { key: 'payments.parties.wallet', values: {} } : { text: '—' }
  for (const { pattern, key } of JADE_LABELS) {
    const match = pattern.exec(trimmed)
    if (match) return { key, values: { ...match.groups } }
  }
  return { text: label }
}
