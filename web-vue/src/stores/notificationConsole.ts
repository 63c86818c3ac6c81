import { defineStore } from 'pinia'
import { computed, ref, shallowRef, type Ref } from 'vue'
import { ApiError } from '@/api/http'
import { notificationsAdminApi } from '@/api/endpoints'
import type { AdminPage, DeliveryFilters, MessageDelivery, WebhookDelivery, WebhookFilters } from '@/api/types'

export const CONSOLE_PAGE_SIZES = [20, 50, 100] as const

const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0))

/**
 * One filtered, paged staff list. It lives in a store so switching tabs (or opening a detail) keeps the filters and the
 * page; answers to superseded requests are dropped.
 */
function pagedList<T, F extends object>(
  fetchPage: (filters: F, page: number, pageSize: number) => Promise<AdminPage<T>>,
  defaults: () => F,
  replayOne: (id: string) => Promise<void>,
) {
  return () => {
    const filters = ref(defaults()) as Ref<F>
    const page = ref(1)
    const pageSize = ref<number>(CONSOLE_PAGE_SIZES[0])
    const items = shallowRef<T[]>([])
    const total = ref(0)
    const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle')
    const error = ref<ApiError | null>(null)
    let latest = 0

    /** Something to show: the list once loaded, kept on screen while the next page or filter loads. */
    const hasData = computed(() => status.value === 'ready' || (status.value === 'loading' && items.value.length > 0))

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
      } catch (e) {
        if (mine !== latest) return
        error.value = toApiError(e)
        status.value = 'error'
      }
    }

    /** New filters start again at the first page. */
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

    /** Asks for the item to be sent again (202), then looks at the list again. Throws the ApiError for the caller. */
    async function replay(id: string): Promise<void> {
      await replayOne(id)
      void load()
    }

    function reset(): void {
      filters.value = defaults()
      page.value = 1
      pageSize.value = CONSOLE_PAGE_SIZES[0]
      items.value = []
      total.value = 0
      status.value = 'idle'
      error.value = null
      latest++
    }

    return { filters, page, pageSize, items, total, status, error, hasData, load, applyFilters, resetFilters, setPage, setPageSize, replay, reset }
  }
}

export const defaultDeliveryFilters = (): Required<DeliveryFilters> => ({ channel: '', status: '' })
export const defaultWebhookFilters = (): Required<WebhookFilters> => ({ status: '', clientId: '' })

/** E-mails and text messages the notifications service sent or tried to send. */
export const useDeliveryConsoleStore = defineStore(
  'notificationDeliveries',
  pagedList<MessageDelivery, Required<DeliveryFilters>>(notificationsAdminApi.deliveries, defaultDeliveryFilters, notificationsAdminApi.replayDelivery),
)

/** Events sent to partners' webhook endpoints, including those given up on (dead letters). */
export const useWebhookConsoleStore = defineStore(
  'notificationWebhooks',
  pagedList<WebhookDelivery, Required<WebhookFilters>>(notificationsAdminApi.webhookDeliveries, defaultWebhookFilters, notificationsAdminApi.replayWebhook),
)
