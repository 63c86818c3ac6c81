import { ref } from 'vue'
import { isCustomerNotFound, supportApi, type SupportCustomer } from '@/api/support'

type Status = 'idle' | 'loading' | 'ready' | 'notFound' | 'error'

/**
 * The support console's customer search. Kept in the page rather than a store so a customer's details go when the
 * agent leaves the page. Only the latest search may fill the card: an earlier, slower answer is dropped.
 */
export function useCustomerLookup() {
  const customer = ref<SupportCustomer | null>(null)
  const status = ref<Status>('idle')
  const error = ref<unknown>(null)
  /** The address of the latest search, trimmed, for the "not found" sentence. */
  const email = ref('')
  let latest = 0

  async function search(address: string): Promise<void> {
    const mine = ++latest
    email.value = address.trim()
    // The card of the previous customer goes at once, so nothing is done to them by mistake while the next one loads.
    customer.value = null
    error.value = null
    status.value = 'loading'
    try {
      const found = await supportApi.findCustomer(email.value)
      if (mine !== latest) return
      customer.value = found
      status.value = 'ready'
    } catch (e) {
      if (mine !== latest) return
      error.value = e
      status.value = isCustomerNotFound(e) ? 'notFound' : 'error'
    }
  }

  /** The customer as they are after a change made on this page (the server's answer, or the request it accepted). */
  function replace(updated: SupportCustomer): void {
    if (customer.value?.id === updated.id) customer.value = updated
  }

  return { customer, status, error, email, search, replace }
}
