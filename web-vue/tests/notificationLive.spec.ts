import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent, h } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, RouterView } from 'vue-router'
import { i18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useSessionStore } from '@/stores/session'
import { PAGE_SIZE, useNotificationsStore } from '@/stores/notifications'
import {
  createNotificationLive,
  HUB_URL,
  NOTIFICATION_LIVE_TIMING,
  reconnectPolicy,
  useNotificationLive,
  type LiveTiming,
} from '@/composables/useNotificationLive'
import AppShell from '@/components/AppShell.vue'
import type { Notification, NotificationPage } from '@/api/types'
import { flush, jsonResponse } from './helpers'
import { serveFetch, until } from './paymentHelpers'
import { officer } from './riskHelpers'

// A stand-in for @microsoft/signalr: each built connection is kept so a test can play the server.
const hub = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => void

  class FakeConnection {
    handlers = new Map<string, Handler>()
    reconnecting: Handler | null = null
    reconnected: Handler | null = null
    closed: Handler | null = null
    start = vi.fn(() => hub.nextStart())
    stop = vi.fn(() => Promise.resolve())
    on(name: string, handler: Handler) {
      this.handlers.set(name, handler)
    }
    off(name: string) {
      this.handlers.delete(name)
    }
    onreconnecting(handler: Handler) {
      this.reconnecting = handler
    }
    onreconnected(handler: Handler) {
      this.reconnected = handler
    }
    onclose(handler: Handler) {
      this.closed = handler
    }
    /** The server sends `name` to this client. */
    emit(name: string, ...args: unknown[]) {
      this.handlers.get(name)?.(...args)
    }
  }

  class HttpError extends Error {
    statusCode: number
    constructor(message: string, statusCode: number) {
      super(message)
      this.statusCode = statusCode
    }
  }

  const built: FakeConnection[] = []
  const urls: { url: string; options: unknown }[] = []
  const policies: unknown[] = []

  class HubConnectionBuilder {
    withUrl(url: string, options: unknown) {
      urls.push({ url, options })
      return this
    }
    withAutomaticReconnect(policy: unknown) {
      policies.push(policy)
      return this
    }
    configureLogging() {
      return this
    }
    build() {
      const c = new FakeConnection()
      built.push(c)
      return c
    }
  }

  const hub = {
    built,
    urls,
    policies,
    FakeConnection,
    HttpError,
    HubConnectionBuilder,
    nextStart: (): Promise<void> => Promise.resolve(),
    last: () => built[built.length - 1]!,
    clear() {
      built.length = 0
      urls.length = 0
      policies.length = 0
      hub.nextStart = () => Promise.resolve()
    },
  }
  return hub
})

vi.mock('@microsoft/signalr', () => ({
  HubConnectionBuilder: hub.HubConnectionBuilder,
  HttpError: hub.HttpError,
  LogLevel: { Trace: 0, Debug: 1, Information: 2, Warning: 3, Error: 4, Critical: 5, None: 6 },
}))

const customer = { ...officer, sub: 'cust-1', email: 'cust@jade.example', roles: ['customer'] }

function notification(id: string, extra: Partial<Notification> = {}): Notification {
  return {
    id,
    category: 'payments',
    kind: 'transfer_received',
    title: { 'zh-CN': `收到转账 ${id}`, en: `Money received ${id}` },
    body: { 'zh-CN': '您收到一笔转账', en: 'You received a transfer' },
    link: `/payments/${id}`,
    createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    readAt: null,
    ...extra,
  }
}

function inboxPage(items: Notification[], extra: Partial<NotificationPage> = {}): NotificationPage {
  return { items, page: 1, pageSize: PAGE_SIZE, total: items.length, unread: items.filter((n) => !n.readAt).length, ...extra }
}

const SLOW: LiveTiming = { pollMs: 60_000, restartMs: 60_000, maxRestartMs: 60_000 }

beforeEach(() => {
  hub.clear()
  setActivePinia(createPinia())
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  i18n.global.locale.value = 'zh-CN'
  document.body.innerHTML = ''
})

describe('the hub connection', () => {
  it('goes to the notifications hub with the anti-forgery header and the cookie, reconnecting by itself', async () => {
    const { buildHubConnection } = await import('@/composables/useNotificationLive')
    await buildHubConnection()
    expect(hub.urls).toEqual([{ url: HUB_URL, options: { headers: { 'X-CSRF': '1' }, withCredentials: true } }])
    expect(HUB_URL).toBe('/api/notifications/hub')
    expect(hub.policies).toEqual([reconnectPolicy])
  })

  it('keeps trying to reconnect, never more than 30 s apart', () => {
    const delay = (previousRetryCount: number) =>
      reconnectPolicy.nextRetryDelayInMilliseconds({ previousRetryCount, elapsedMilliseconds: 0, retryReason: new Error() })
    expect([0, 1, 2, 3].map(delay)).toEqual([0, 2_000, 5_000, 10_000])
    expect(delay(4)).toBe(30_000)
    expect(delay(500)).toBe(30_000)
  })
})

describe('live notifications in the app shell', { timeout: 20_000 }, () => {
  /** The shell with the inbox page, a signed-in customer and the live connection, as App.vue wires it. */
  async function mountApp(routes: Parameters<typeof serveFetch>[0], user: unknown = customer, path = '/notifications') {
    const fetchMock = serveFetch(routes)
    const pinia = createPinia()
    const session = useSessionStore(pinia)
    session.user = user as typeof session.user
    session.loaded = true
    const router = createAppRouter(createMemoryHistory())
    await router.push(path)
    const Root = defineComponent({
      setup() {
        useNotificationLive()
        return () => h(AppShell, null, { default: () => h(RouterView) })
      },
    })
    const el = document.createElement('div')
    document.body.appendChild(el)
    const app = createApp(Root).use(pinia).use(i18n).use(router)
    app.provide(NOTIFICATION_LIVE_TIMING, SLOW)
    app.mount(el)
    await until(() => el.querySelector('[data-testid="inbox"]') !== null || path !== '/notifications')
    await flush()
    const bell = () => el.querySelector<HTMLAnchorElement>('[data-testid="notification-bell"]')!
    const rows = () => [...el.querySelectorAll<HTMLElement>('[data-testid="notification"]')]
    return { el, app, pinia, router, session, fetchMock, bell, rows, store: useNotificationsStore(pinia), unmount: () => (app.unmount(), el.remove()) }
  }

  it('shows a new message in the bell and at the top of the inbox as it arrives, without asking the server again', async () => {
    const m = await mountApp({
      'GET /api/notifications/unread-count': [jsonResponse({ unread: 1 })],
      'GET /api/notifications': [jsonResponse(inboxPage([notification('n1')]))],
    })
    // The shell's language switch applies the stored (default) language when it starts.
    i18n.global.locale.value = 'en'
    await flush()
    expect(hub.built).toHaveLength(1)
    expect(hub.last().start).toHaveBeenCalledTimes(1)
    expect(m.store.live).toBe('connected')
    expect(m.bell().getAttribute('aria-label')).toBe('1 unread notification')
    expect(m.bell().getAttribute('href')).toBe('/notifications')
    expect(m.rows().map((r) => r.dataset.id)).toEqual(['n1'])
    const callsBefore = m.fetchMock.mock.calls.length

    hub.last().emit('notification', notification('n2', { createdAt: new Date().toISOString() }))
    await flush()

    expect(m.bell().querySelector('[data-testid="bell-count"]')?.textContent).toBe('2')
    expect(m.bell().getAttribute('aria-label')).toBe('2 unread notifications')
    expect(m.rows().map((r) => r.dataset.id)).toEqual(['n2', 'n1'])
    expect(m.rows()[0]!.dataset.unread).toBe('true')
    expect(m.rows()[0]!.textContent).toContain('Money received n2')
    expect(m.rows()[0]!.querySelector('[data-testid="notification-time"]')?.textContent?.trim()).toBe('just now')
    // Screen readers hear about it once.
    expect(m.el.querySelector('[data-testid="bell-live"]')?.textContent).toBe('2 unread notifications')
    // No reload: nothing was fetched for it.
    expect(m.fetchMock.mock.calls.length).toBe(callsBefore)
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('takes the server’s count from an `unread` message, hiding the badge at 0 and capping it at 99+', async () => {
    const m = await mountApp({
      'GET /api/notifications/unread-count': [jsonResponse({ unread: 4 })],
      'GET /api/notifications': [jsonResponse(inboxPage([], { unread: 4 }))],
    })
    expect(m.bell().querySelector('[data-testid="bell-count"]')?.textContent).toBe('4')
    expect(m.bell().getAttribute('aria-label')).toBe('4 条未读通知')
    expect(m.el.querySelector('[data-testid="nav-notifications"]')?.getAttribute('href')).toBe('/notifications')
    expect(m.el.querySelector('[data-testid="nav-notifications"]')?.textContent).toBe('消息通知')
    expect(m.el.querySelector('[data-testid="nav-notification-console"]')).toBeNull()

    hub.last().emit('unread', { unread: 150 })
    await flush()
    expect(m.bell().querySelector('[data-testid="bell-count"]')?.textContent).toBe('99+')
    expect(m.bell().getAttribute('aria-label')).toBe('150 条未读通知')

    hub.last().emit('unread', { unread: 0 })
    await flush()
    expect(m.bell().querySelector('[data-testid="bell-count"]')).toBeNull()
    expect(m.bell().getAttribute('aria-label')).toBe(i18n.global.t('bell.none'))
    m.unmount()
  })

  it('does not connect for staff without the customer role, and shows them no bell', async () => {
    const m = await mountApp({}, officer, '/forbidden')
    expect(hub.built).toHaveLength(0)
    expect(m.el.querySelector('[data-testid="notification-bell"]')).toBeNull()
    expect(m.el.querySelector('[data-testid="nav-notifications"]')).toBeNull()
    expect(m.el.querySelector('[data-testid="nav-notification-console"]')?.getAttribute('href')).toBe('/admin/notifications')
    expect(m.store.live).toBe('off')
    m.unmount()
  })

  it('closes the connection when the session ends and when the customer signs out', async () => {
    const m = await mountApp({
      'GET /api/notifications/unread-count': [jsonResponse({ unread: 0 })],
      'GET /api/notifications': [jsonResponse(inboxPage([]))],
    })
    const first = hub.last()
    m.session.clear()
    await flush()
    expect(first.stop).toHaveBeenCalledTimes(1)
    expect(m.store.live).toBe('off')
    // Messages from the closed connection are ignored.
    first.emit('unread', { unread: 9 })
    expect(m.store.unread).toBe(0)
    m.unmount()

    hub.clear()
    const again = await mountApp({
      'GET /api/notifications/unread-count': [jsonResponse({ unread: 0 })],
      'GET /api/notifications': [jsonResponse(inboxPage([]))],
    })
    const assign = vi.fn()
    vi.stubGlobal('location', { ...window.location, assign })
    again.session.signOut()
    await flush()
    expect(hub.last().stop).toHaveBeenCalledTimes(1)
    again.unmount()
  })
})

describe('when the hub is not connected', () => {
  it('starts nothing when stopped before the SignalR client has loaded', async () => {
    serveFetch({ 'GET /api/notifications/unread-count': [() => jsonResponse({ unread: 0 })] })
    const store = useNotificationsStore()
    const live = createNotificationLive(store, SLOW)
    live.start()
    await live.stop()
    await flush()
    expect(hub.built.every((c) => c.start.mock.calls.length === 0)).toBe(true)
    expect(store.live).toBe('off')
  })

  const timing: LiveTiming = { pollMs: 1_000, restartMs: 5_000, maxRestartMs: 20_000 }

  it('falls back to asking for the count, and tries a fresh connection with a growing wait', async () => {
    vi.useFakeTimers()
    const fetchMock = serveFetch({ 'GET /api/notifications/unread-count': [() => jsonResponse({ unread: 2 })] })
    hub.nextStart = () => Promise.reject(new Error('no WebSockets here'))
    const store = useNotificationsStore()
    const live = createNotificationLive(store, timing)
    live.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(store.live).toBe('disconnected')
    expect(store.unread).toBe(2)
    expect(fetchMock.calls('GET /api/notifications/unread-count')).toBe(1)

    await vi.advanceTimersByTimeAsync(3_000)
    expect(fetchMock.calls('GET /api/notifications/unread-count')).toBe(4)
    expect(hub.built).toHaveLength(1)

    await vi.advanceTimersByTimeAsync(2_000) // 5 s: the first retry
    expect(hub.built).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(9_000) // the next one waits 10 s
    expect(hub.built).toHaveLength(2)
    hub.nextStart = () => Promise.resolve()
    const beforeConnect = fetchMock.calls('GET /api/notifications/unread-count')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(hub.built).toHaveLength(3)
    expect(store.live).toBe('connected')
    // Connected again: one look for what arrived in between.
    expect(fetchMock.calls('GET /api/notifications/unread-count')).toBe(beforeConnect + 2)

    // Connected: no more asking.
    const asked = fetchMock.calls('GET /api/notifications/unread-count')
    await vi.advanceTimersByTimeAsync(5_000)
    expect(fetchMock.calls('GET /api/notifications/unread-count')).toBe(asked)
    await live.stop()
    expect(store.live).toBe('off')
  })

  it('looks at once when the connection drops, polls while reconnecting and catches up once reconnected', async () => {
    vi.useFakeTimers()
    const fetchMock = serveFetch({ 'GET /api/notifications/unread-count': [() => jsonResponse({ unread: 1 })] })
    const store = useNotificationsStore()
    const live = createNotificationLive(store, timing)
    live.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(store.live).toBe('connected')
    const c = hub.last()

    const beforeDrop = fetchMock.calls('GET /api/notifications/unread-count')
    c.reconnecting!(new Error('network changed'))
    expect(store.live).toBe('reconnecting')
    await vi.advanceTimersByTimeAsync(0)
    expect(fetchMock.calls('GET /api/notifications/unread-count')).toBe(beforeDrop + 1)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(fetchMock.calls('GET /api/notifications/unread-count')).toBe(beforeDrop + 3)

    c.reconnected!('new-id')
    await vi.advanceTimersByTimeAsync(0)
    expect(store.live).toBe('connected')
    expect(fetchMock.calls('GET /api/notifications/unread-count')).toBe(beforeDrop + 4)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(fetchMock.calls('GET /api/notifications/unread-count')).toBe(beforeDrop + 4)
    await live.stop()
  })

  it('does not retry a connection the gateway refused (no session), leaving it to the polling to notice', async () => {
    vi.useFakeTimers()
    serveFetch({ 'GET /api/notifications/unread-count': [() => jsonResponse({ unread: 0 })] })
    hub.nextStart = () => Promise.reject(new hub.HttpError('Unauthorized', 401))
    const store = useNotificationsStore()
    const live = createNotificationLive(store, timing)
    live.start()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(hub.built).toHaveLength(1)
    expect(store.live).toBe('disconnected')
    await live.stop()
  })

  it('stops a connection that finishes starting after sign-out', async () => {
    serveFetch({ 'GET /api/notifications/unread-count': [() => jsonResponse({ unread: 0 })] })
    let finish!: () => void
    hub.nextStart = () => new Promise<void>((resolve) => (finish = resolve))
    const store = useNotificationsStore()
    const live = createNotificationLive(store, timing)
    live.start()
    await flush()
    expect(hub.last().start).toHaveBeenCalledTimes(1)
    await live.stop()
    finish()
    await flush()
    expect(hub.last().stop).toHaveBeenCalled()
    expect(store.live).toBe('off')
  })
})

describe('store: live messages', () => {
  it('puts a message only on the first page, never twice, and always counts it', async () => {
    serveFetch({ 'GET /api/notifications': [jsonResponse(inboxPage([notification('a')], { page: 2, total: 21, unread: 1 }))] })
    const store = useNotificationsStore()
    await store.load(2)
    store.receive(notification('b'))
    expect(store.items.map((n) => n.id)).toEqual(['a'])
    expect(store.unread).toBe(2)
    expect(store.total).toBe(22)

    store.page = 1
    store.receive(notification('c'))
    expect(store.items.map((n) => n.id)).toEqual(['c', 'a'])
    store.receive(notification('c'))
    expect(store.items.map((n) => n.id)).toEqual(['c', 'a'])
    expect(store.unread).toBe(3)
  })

  it('keeps the first page at its page size', async () => {
    const full = Array.from({ length: PAGE_SIZE }, (_, i) => notification(`old-${i}`, { readAt: '2025-01-01T00:00:00Z' }))
    serveFetch({ 'GET /api/notifications': [jsonResponse(inboxPage(full, { total: 30, unread: 0 }))] })
    const store = useNotificationsStore()
    await store.load(1)
    store.receive(notification('new'))
    expect(store.items).toHaveLength(PAGE_SIZE)
    expect(store.items[0]!.id).toBe('new')
    expect(store.total).toBe(31)
  })

  it('only counts a message before any list was loaded', () => {
    const store = useNotificationsStore()
    store.receive(notification('x'))
    expect(store.items).toEqual([])
    expect(store.unread).toBe(1)
  })

  it('reads the count from /api/notifications/unread-count and keeps the last one when that fails', async () => {
    const fetchMock = serveFetch({
      'GET /api/notifications/unread-count': [jsonResponse({ unread: 5 }), new TypeError('offline')],
    })
    const store = useNotificationsStore()
    await store.loadUnread()
    expect(store.unread).toBe(5)
    await store.loadUnread()
    expect(store.unread).toBe(5)
    expect(fetchMock.calls('GET /api/notifications/unread-count')).toBe(2)
  })
})
