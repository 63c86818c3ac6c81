import { defineStore } from 'pinia'
import { computed } from 'vue'
import { notificationsAdminApi } from '@/api/endpoints'
import { usePagedList } from '@/composables/usePagedList'
import type { AdminPage, DeliveryFilters, MessageDelivery, WebhookDelivery, WebhookFilters } from '@/api/types'

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
    const list = usePagedList(fetchPage, defaults)
    const { items, status } = list

    /** Something to show: the list once loaded, kept on screen while the next page or filter loads. */
    const hasData = computed(() => status.value === 'ready' || (status.value === 'loading' && items.value.length > 0))

    /** Asks for the item to be sent again (202), then looks at the list again. Throws the ApiError for the caller. */
    async function replay(id: string): Promise<void> {
      await replayOne(id)
      void list.load()
    }

    return { ...list, hasData, replay }
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
