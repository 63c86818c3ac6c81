import { defineStore } from 'pinia'
import { computed } from 'vue'
import { usePagedList } from '@/composables/usePagedList'
import {
  paymentsApi,
  paymentsExportUrl,
  type PaymentDirection,
  type PaymentFilters,
  type PaymentKind,
  type PaymentStatus,
  type PaymentView,
} from '@/api/payments'

/**
 * What the history's filter bar edits; the date range is two calendar days (yyyy-MM-dd), both included, which the server
 * reads as Beijing business days (see BUSINESS_TIME_ZONE), as the page says.
 */
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

/** The customer's payment history. It survives a visit to one payment, so coming back keeps the filters and page. */
export const usePaymentsStore = defineStore('payments', () => {
  const history = usePagedList<PaymentView, PaymentHistoryFilters>(
    (filters, page, pageSize) => paymentsApi.orders(toPaymentFilters(filters), page, pageSize),
    defaultPaymentFilters,
  )
  const { filters, page, pageSize, items, total, status, error, loadedOnce } = history

  /** A page to show: the last one stays on screen while the next loads; a failed load shows the error and a retry. */
  const hasPage = computed(() => status.value === 'ready' || (status.value === 'loading' && loadedOnce.value))
  const isFiltered = computed(() => {
    const f = filters.value
    return !!(f.kind || f.status || f.direction || f.dateRange)
  })
  const exportUrl = computed(() => paymentsExportUrl(toPaymentFilters(filters.value)))

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
    load: history.load,
    applyFilters: history.applyFilters,
    resetFilters: history.resetFilters,
    setPage: history.setPage,
    setPageSize: history.setPageSize,
    reset: history.reset,
  }
})
