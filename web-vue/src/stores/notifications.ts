import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ApiError } from '@/api/http'
import { notificationsApi } from '@/api/endpoints'
import type { Notification } from '@/api/types'

export const PAGE_SIZE = 20

/**
 * The live connection to the notifications hub: `off` when none is wanted (not a signed-in customer), `connected`
 * while messages arrive by themselves, anything else while the SPA falls back to asking now and then.
 */
export type LiveState = 'off' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected'

export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<Notification[]>([])
  const page = ref(1)
  const total = ref(0)
  const unread = ref(0)
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle')
  const error = ref<ApiError | null>(null)
  const live = ref<LiveState>('off')
  let latestRequest = 0
  let latestCount = 0

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

  /** Only the unread count (for the bell on pages without the list). Quiet: a failure keeps the last count. */
  async function loadUnread(): Promise<void> {
    const mine = ++latestCount
    try {
      const result = await notificationsApi.unreadCount()
      if (mine === latestCount && typeof result?.unread === 'number') unread.value = Math.max(0, result.unread)
    } catch {
      // The bell keeps its last count; the next look (or a live message) puts it right.
    }
  }

  /** The hub's `unread` message: the server's own count after a new message, a read or read-all. */
  function setUnread(count: number): void {
    if (!Number.isFinite(count)) return
    latestCount++
    unread.value = Math.max(0, Math.floor(count))
  }

  /**
   * The hub's `notification` message: a new message goes on top of the first page (the list is newest first) and
   * counts as unread; on any other page the list is left alone, only the total and the count move.
   */
  function receive(item: Notification): void {
    if (!item?.id) return
    if (items.value.some((n) => n.id === item.id)) return
    latestCount++
    if (!item.readAt) unread.value += 1
    if (status.value === 'idle') return
    total.value += 1
    if (page.value === 1) items.value = [item, ...items.value].slice(0, PAGE_SIZE)
  }

  async function markRead(id: string): Promise<void> {
    const item = items.value.find((n) => n.id === id)
    if (!item || item.readAt) return
    // Optimistic so the marker clears at once; undone if the server refuses.
    item.readAt = new Date().toISOString()
    latestCount++
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
    latestCount++
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
    latestCount++
  }

  return {
    items,
    page,
    total,
    unread,
    status,
    error,
    live,
    pageSize: PAGE_SIZE,
    load,
    refresh,
    loadUnread,
    setUnread,
    receive,
    markRead,
    markAllRead,
    reset,
  }
})
