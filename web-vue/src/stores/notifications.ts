import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ApiError } from '@/api/http'
import { notificationsApi } from '@/api/endpoints'
import type { Notification } from '@/api/types'

export const PAGE_SIZE = 20

export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<Notification[]>([])
  const page = ref(1)
  const total = ref(0)
  const unread = ref(0)
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle')
  const error = ref<ApiError | null>(null)
  let latestRequest = 0

  /**
   * Loads a page. A background refresh keeps showing the current list while it runs
   * and does not replace it with an error state if it fails.
   */
  async function load(target = page.value, options: { background?: boolean } = {}): Promise<void> {
    const request = ++latestRequest
    if (!options.background) status.value = 'loading'
    try {
      const result = await notificationsApi.page(target, PAGE_SIZE)
      // A slower, older response (e.g. a poll for the previous page) must not overwrite a newer one.
      if (request !== latestRequest) return
      items.value = result.items
      page.value = result.page ?? target
      total.value = result.total
      unread.value = result.unread
      status.value = 'ready'
      error.value = null
    } catch (e) {
      if (request !== latestRequest) return
      error.value = e instanceof ApiError ? e : new ApiError(0)
      if (!options.background || status.value !== 'ready') status.value = 'error'
    }
  }

  const refresh = () => load(page.value, { background: true })

  async function markRead(id: string): Promise<void> {
    const item = items.value.find((n) => n.id === id)
    if (!item || item.readAt) return
    // Optimistic so the marker clears at once; undone if the server refuses.
    item.readAt = new Date().toISOString()
    unread.value = Math.max(0, unread.value - 1)
    try {
      await notificationsApi.markRead(id)
    } catch (e) {
      item.readAt = null
      unread.value += 1
      throw e
    }
  }

  async function markAllRead(): Promise<void> {
    await notificationsApi.markAllRead()
    const now = new Date().toISOString()
    for (const item of items.value) item.readAt ??= now
    unread.value = 0
  }

  function reset(): void {
    items.value = []
    page.value = 1
    total.value = 0
    unread.value = 0
    status.value = 'idle'
    error.value = null
    latestRequest++
  }

  return { items, page, total, unread, status, error, pageSize: PAGE_SIZE, load, refresh, markRead, markAllRead, reset }
})
