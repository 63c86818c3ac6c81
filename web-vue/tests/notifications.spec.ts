import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { onUnauthorized } from '@/api/http'
import { PAGE_SIZE, useNotificationsStore } from '@/stores/notifications'
import type { Notification, NotificationPage } from '@/api/types'
import { jsonResponse, mockFetch, noContent, requestOf } from './helpers'

function notification(id: string, readAt: string | null = null): Notification {
  return {
    id,
    category: 'welcome',
    title: { 'zh-CN': '欢迎', en: 'Welcome' },
    body: { 'zh-CN': '欢迎来到 Jade', en: 'Welcome to Jade' },
    createdAt: '2025-03-04T05:06:07Z',
    readAt,
  }
}

function page(items: Notification[], overrides: Partial<NotificationPage> = {}): NotificationPage {
  return { items, page: 1, pageSize: PAGE_SIZE, total: items.length, unread: items.filter((n) => !n.readAt).length, ...overrides }
}

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  vi.unstubAllGlobals()
  onUnauthorized(null)
})

describe('notifications store', () => {
  it('requests the page with page and pageSize parameters', async () => {
    const fetchMock = mockFetch(jsonResponse(page([notification('a')], { page: 3, total: 45, unread: 7 })))
    const store = useNotificationsStore()
    await store.load(3)
    const { url, init } = requestOf(fetchMock)
    expect(url).toBe(`/api/notifications?page=3&pageSize=${PAGE_SIZE}`)
    expect(init.method).toBe('GET')
    expect(store.page).toBe(3)
    expect(store.total).toBe(45)
    expect(store.unread).toBe(7)
    expect(store.items.map((n) => n.id)).toEqual(['a'])
    expect(store.status).toBe('ready')
  })

  it('marks one as read with a POST carrying the anti-forgery header', async () => {
    const fetchMock = mockFetch(jsonResponse(page([notification('a'), notification('b')])), noContent())
    const store = useNotificationsStore()
    await store.load(1)
    await store.markRead('b')
    const { url, init, headers } = requestOf(fetchMock, 1)
    expect(url).toBe('/api/notifications/b/read')
    expect(init.method).toBe('POST')
    expect(headers['X-CSRF']).toBe('1')
    expect(store.items[1]!.readAt).not.toBeNull()
    expect(store.unread).toBe(1)
  })

  it('does not call the server for an already read message', async () => {
    const fetchMock = mockFetch(jsonResponse(page([notification('a', '2025-03-04T06:00:00Z')])))
    const store = useNotificationsStore()
    await store.load(1)
    await store.markRead('a')
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it('undoes the optimistic read mark when the server refuses', async () => {
    mockFetch(jsonResponse(page([notification('a')])), jsonResponse({ title: 'Nope' }, 500))
    const store = useNotificationsStore()
    await store.load(1)
    await expect(store.markRead('a')).rejects.toMatchObject({ status: 500 })
    expect(store.items[0]!.readAt).toBeNull()
    expect(store.unread).toBe(1)
  })

  it('marks all as read', async () => {
    const fetchMock = mockFetch(jsonResponse(page([notification('a'), notification('b')])), noContent())
    const store = useNotificationsStore()
    await store.load(1)
    await store.markAllRead()
    const { url, init, headers } = requestOf(fetchMock, 1)
    expect(url).toBe('/api/notifications/read-all')
    expect(init.method).toBe('POST')
    expect(headers['X-CSRF']).toBe('1')
    expect(store.unread).toBe(0)
    expect(store.items.every((n) => n.readAt !== null)).toBe(true)
  })

  it('reports a failed first load as an error and recovers on retry', async () => {
    mockFetch(jsonResponse({ title: 'Down', status: 503 }, 503), jsonResponse(page([])))
    const store = useNotificationsStore()
    await store.load(1)
    expect(store.status).toBe('error')
    expect(store.error?.message).toBe('Down')
    await store.load()
    expect(store.status).toBe('ready')
    expect(store.error).toBeNull()
  })

  it('keeps showing the list when a background refresh fails', async () => {
    mockFetch(jsonResponse(page([notification('a')])), new TypeError('offline'))
    const store = useNotificationsStore()
    await store.load(1)
    await store.refresh()
    expect(store.status).toBe('ready')
    expect(store.items).toHaveLength(1)
    expect(store.error?.isNetworkError).toBe(true)
  })

  it('ignores a stale response that arrives after a newer one', async () => {
    let releaseSlow!: (r: Response) => void
    const slow = new Promise<Response>((resolve) => (releaseSlow = resolve))
    const fetchMock = vi.fn().mockReturnValueOnce(slow).mockResolvedValueOnce(jsonResponse(page([notification('new')], { page: 2, total: 21 })))
    vi.stubGlobal('fetch', fetchMock)
    const store = useNotificationsStore()
    const first = store.load(1)
    await store.load(2)
    releaseSlow(jsonResponse(page([notification('old')])))
    await first
    expect(store.page).toBe(2)
    expect(store.items.map((n) => n.id)).toEqual(['new'])
  })

  it('signals the session end on 401', async () => {
    const ended = vi.fn()
    onUnauthorized(ended)
    mockFetch(jsonResponse({}, 401))
    const store = useNotificationsStore()
    await store.load(1)
    expect(ended).toHaveBeenCalledTimes(1)
    expect(store.status).toBe('error')
    expect(store.error?.status).toBe(401)
  })

  it('reset() empties the inbox for the next user', async () => {
    mockFetch(jsonResponse(page([notification('a')])))
    const store = useNotificationsStore()
    await store.load(1)
    store.reset()
    expect(store.items).toEqual([])
    expect(store.unread).toBe(0)
    expect(store.status).toBe('idle')
  })
})
