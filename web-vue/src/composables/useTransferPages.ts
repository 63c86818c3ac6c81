import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { ledgerApi } from '@/api/endpoints'
import type { LedgerInt, LedgerTransfer } from '@/api/types'

export const PAGE_SIZES = [20, 50, 100] as const

/**
 * Cursor paging over one account's transfers, newest first: `reload` fetches the newest page, `loadMore` appends
 * the next older one. Reloads when the account or the page size changes; answers to superseded requests are dropped.
 */
export function useTransferPages(accountId: () => LedgerInt | null, pageSize: Ref<number>) {
  const items = shallowRef<LedgerTransfer[]>([])
  const nextCursor = ref<LedgerInt | null>(null)
  const loading = ref(false)
  /** At least one page has arrived for the current account. */
  const loaded = ref(false)
  const error = ref<unknown>(null)
  const loadingMore = ref(false)
  const moreError = ref<unknown>(null)
  let request = 0

  const hasMore = computed(() => nextCursor.value !== null)

  async function reload(): Promise<void> {
    const id = accountId()
    const mine = ++request
    loadingMore.value = false
    moreError.value = null
    if (id === null) return
    loading.value = true
    try {
      const page = await ledgerApi.transfers(id, pageSize.value)
      if (mine !== request) return
      items.value = page.items ?? []
      nextCursor.value = page.nextCursor ?? null
      loaded.value = true
      error.value = null
    } catch (e) {
      if (mine === request) error.value = e
    } finally {
      if (mine === request) loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    const id = accountId()
    const cursor = nextCursor.value
    if (id === null || cursor === null || loadingMore.value || loading.value) return
    const mine = ++request
    loadingMore.value = true
    try {
      const page = await ledgerApi.transfers(id, pageSize.value, cursor)
      if (mine !== request) return
      const seen = new Set(items.value.map((t) => String(t.id)))
      items.value = [...items.value, ...(page.items ?? []).filter((t) => !seen.has(String(t.id)))]
      nextCursor.value = page.nextCursor ?? null
      moreError.value = null
    } catch (e) {
      if (mine === request) moreError.value = e
    } finally {
      if (mine === request) loadingMore.value = false
    }
  }

  watch(
    [accountId, pageSize],
    ([id], previous) => {
      if (previous === undefined || id !== previous[0]) {
        // Another account (or none): nothing of the old one may stay on screen.
        items.value = []
        nextCursor.value = null
        loaded.value = false
        error.value = null
      }
      void reload()
    },
    { immediate: true },
  )

  return { items, hasMore, loading, loaded, error, loadingMore, moreError, reload, loadMore }
}
