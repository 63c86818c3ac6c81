// The card acquirer's confirmation page of a top-up is only in the answer that creates it, not in the order's details
// later. It is kept in sessionStorage, keyed by the order id, so the detail page can offer "continue to card payment"
// in the tab that started the top-up (the acquirer sends the customer back to that tab). Nothing about the card is
// stored: the address names a charge, and the card is entered only on the acquirer's page.

const PREFIX = 'jade.topup.confirmUrl.'

/** Only a web address may be followed or offered as a link (never, say, a `javascript:` one). */
export function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url, document.baseURI)
    return parsed.protocol === 'https:' || parsed.protocol === 'http:'
  } catch {
    return false
  }
}

// Storage can be unavailable or full (private browsing, quotas): the link is a convenience, so failures are ignored.

export function rememberConfirmUrl(orderId: string, url: string): void {
  try {
    sessionStorage.setItem(PREFIX + orderId, url)
  } catch {
    // Without it the detail page explains how to start again instead.
  }
}

/** The confirmation page kept for `orderId` in this tab, or null. */
export function confirmUrlOf(orderId: string): string | null {
  try {
    const url = sessionStorage.getItem(PREFIX + orderId)
    return url && isWebUrl(url) ? url : null
  } catch {
    return null
  }
}

export function forgetConfirmUrl(orderId: string): void {
  try {
    sessionStorage.removeItem(PREFIX + orderId)
  } catch {
    // Nothing to do.
  }
}
