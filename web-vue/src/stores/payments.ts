import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiError } from '@/api/http'
import {
  paymentsApi,
  paymentsExportUrl,
  type PaymentDirection,
  type PaymentFilters,
  type PaymentKind,
  type PaymentStatus,
  type PaymentView,
} from '@/api/payments'

export const PAYMENT_PAGE_SIZES = [20, 50, 100] as const

type Status = 'idle' | 'loading' | 'ready' | 'error'

/** What the history's filter bar edits; the date range is two local calendar days (yyyy-MM-dd), both included. */
export interface PaymentHistoryFilters {
  kind: PaymentKind | ''
  status: PaymentStatus | ''
  direction: PaymentDirection | ''
  dateRange: [string, string] | null
}

export const defaultPaymentFilters = (): PaymentHistoryFilters => ({ kind: '', status: '', direction: '', dateRange: null })

export function toPaymentFilters(filters: PaymentHistoryFilters): PaymentFilters {
  const [from, to] = filters.dateRange ?? []
  return { kind: filters.kind, status: filters.status, direction: filters.direction, from, to }
}

const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0))

/** The customer's payment history. It survives a visit to one payment, so coming back keeps the filters and page. */
export const usePaymentsStore = defineStore('payments', () => {
  const filters = ref<PaymentHistoryFilters>(defaultPaymentFilters())
  const page = ref(1)
  const pageSize = ref<number>(PAYMENT_PAGE_SIZES[0])
  const items = ref<PaymentView[]>([])
  const total = ref(0)
  const status = ref<Status>('idle')
  const error = ref<ApiError | null>(null)
  let request = 0

  const loadedOnce = ref(false)
  /** A page to show: the last one stays on screen while the next loads; a failed load shows the error and a retry. */
  const hasPage = computed(() => status.value === 'ready' || (status.value === 'loading' && loadedOnce.value))
  const isFiltered = computed(() => {
    const f = filters.value
    return !!(f.kind || f.status || f.direction || f.dateRange)
  })
  const exportUrl = computed(() => paymentsExportUrl(toPaymentFilters(filters.value)))

  async function load(): Promise<void> {
    const mine = ++request
    status.value = 'loading'
    try {
      const result = await paymentsApi.orders(toPaymentFilters(filters.value), page.value, pageSize.value)
      if (mine !== request) return
      items.value = result?.items ?? []
      total.value = result?.total ?? 0
      status.value = 'ready'
      error.value = null
      loadedOnce.value = true
    } catch (e) {
      if (mine !== request) return
      error.value = toApiError(e)
      status.value = 'error'
    }
  }

  /** New filters start again at the first page. */
  function applyFilters(next: Partial<PaymentHistoryFilters>): Promise<void> {
    filters.value = { ...filters.value, ...next }
    page.value = 1
    return load()
  }

  function resetFilters(): Promise<void> {
    filters.value = defaultPaymentFilters()
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

  function reset(): void {
    filters.value = defaultPaymentFilters()
    page.value = 1
    pageSize.value = PAYMENT_PAGE_SIZES[0]
    items.value = []
    total.value = 0
    status.value = 'idle'
    error.value = null
    loadedOnce.value = false
    request++
  }

  return {
    filters,
    page,
    pageSize,
    items,
    total,
    status,
    error,
    hasPage,
    isFiltered,
    exportUrl,
    load,
    applyFilters,
    resetFilters,
    setPage,
    setPageSize,
    reset,
  }
})
