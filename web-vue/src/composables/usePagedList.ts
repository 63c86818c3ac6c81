import { ref, shallowRef, type Ref } from 'vue'
import { ApiError } from '@/api/http'

export const PAGE_SIZES = [20, 50, 100] as const

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

/**
 * A filtered, paged list for a setup store: the filters and page survive a visit elsewhere, new filters or a new page
 * size start again at page 1, and the answer to a superseded request is dropped, so a slow first page never overwrites
 * the page asked for after it.
 */
export function usePagedList<T, F extends object>(
  fetchPage: (filters: F, page: number, pageSize: number) => Promise<{ items: T[]; total: number } | null | undefined>,
  defaults: () => F,
) {
  const filters = ref(defaults()) as Ref<F>
  const page = ref(1)
  const pageSize = ref<number>(PAGE_SIZES[0])
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const status = ref<LoadStatus>('idle')
  const error = ref<ApiError | null>(null)
  /** Whether a page has ever arrived: until then a load shows a skeleton rather than an empty list. */
  const loadedOnce = ref(false)
  let latest = 0

  async function load(): Promise<void> {
    const mine = ++latest
    status.value = 'loading'
    try {
      const result = await fetchPage(filters.value, page.value, pageSize.value)
      if (mine !== latest) return
      items.value = result?.items ?? []
      total.value = result?.total ?? 0
      status.value = 'ready'
      error.value = null
      loadedOnce.value = true
    } catch (e) {
      if (mine !== latest) return
      error.value = e instanceof ApiError ? e : new ApiError(0)
      status.value = 'error'
    }
  }

  function applyFilters(next: Partial<F>): Promise<void> {
    filters.value = { ...filters.value, ...next }
    page.value = 1
    return load()
  }

  function resetFilters(): Promise<void> {
    filters.value = defaults()
    page.value = 1
    return load()
  }

  function setPage(next: number): Promise<void> {
    page.value = next
    return load()
  }

  function setPageSize(next: number): Promise<void> {
    pageSize.value = next
    page.value = 1
    return load()
  }

  /** Back to the state before the first load (sign-out); an answer still on its way is dropped. */
  function reset(): void {
    filters.value = defaults()
    page.value = 1
    pageSize.value = PAGE_SIZES[0]
    items.value = []
    total.value = 0
    status.value = 'idle'
    error.value = null
    loadedOnce.value = false
    latest++
  }

  return { filters, page, pageSize, items, total, status, error, loadedOnce, load, applyFilters, resetFilters, setPage, setPageSize, reset }
}
