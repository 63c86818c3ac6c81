import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp, h } from 'vue'
import { createPinia } from 'pinia'
import { createMemoryHistory, RouterView } from 'vue-router'
import { i18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useSessionStore } from '@/stores/session'
import { PAGE_SIZE, useNotificationsStore } from '@/stores/notifications'
import { badgeText, spaLink } from '@/utils/notifications'
import { formatDateTime } from '@/utils/format'
import type { Notification, NotificationPage } from '@/api/types'
import { flush, jsonResponse, noContent } from './helpers'
import { serveFetch, until, type Reply } from './paymentHelpers'
import { officer } from './riskHelpers'

const customer = { ...officer, sub: 'cust-1', email: 'cust@jade.example', roles: ['customer'] }
const HOUR_AGO = () => new Date(Date.now() - 3 * 60 * 60_000).toISOString()

function notification(id: string, extra: Partial<Notification> = {}): Notification {
  return {
    id,
    category: 'payments',
    kind: 'transfer_received',
    title: { 'zh-CN': '收到转账', en: 'Money received' },
    body: { 'zh-CN': '张三向您转账 ¥30.00', en: 'Zhang San sent you ¥30.00' },
    link: `/payments/${id}`,
    createdAt: HOUR_AGO(),
    readAt: null,
    ...extra,
  }
}

function page(items: Notification[], extra: Partial<NotificationPage> = {}): NotificationPage {
  return { items, page: 1, pageSize: PAGE_SIZE, total: items.length, unread: items.filter((n) => !n.readAt).length, ...extra }
}

afterEach(() => {
  vi.unstubAllGlobals()
  i18n.global.locale.value = 'zh-CN'
  document.body.innerHTML = ''
})

/** The inbox page through the app's router, as a signed-in customer. */
async function mountInbox(routes: Record<string, Reply[]>, locale: 'zh-CN' | 'en' = 'en', user: unknown = customer) {
  i18n.global.locale.value = locale
  const fetchMock = serveFetch(routes)
  const pinia = createPinia()
  const session = useSessionStore(pinia)
  session.user = user as typeof session.user
  session.loaded = true
  const router = createAppRouter(createMemoryHistory())
  await router.push('/notifications')
  const el = document.createElement('div')
  document.body.appendChild(el)
  const app = createApp({ render: () => h(RouterView) }).use(pinia).use(i18n).use(router)
  app.mount(el)
  await until(() => el.querySelector('[data-testid="inbox"]') !== null || router.currentRoute.value.name !== 'notifications')
  await flush()
  const q = (testId: string) => el.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  const all = (testId: string) => [...el.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)]
  return { el, router, pinia, fetchMock, q, all, unmount: () => (app.unmount(), el.remove()) }
}

describe('inbox page', { timeout: 20_000 }, () => {
  it('lists the messages in the UI language with an unread marker, a link, and relative and exact times', async () => {
    const created = HOUR_AGO()
    const m = await mountInbox({
      'GET /api/notifications': [
        jsonResponse(
          page([
            notification('n1', { createdAt: created }),
            notification('n2', {
              category: 'account',
              kind: 'welcome',
              title: { 'zh-CN': '欢迎', en: 'Welcome' },
              body: { 'zh-CN': '欢迎来到 Jade', en: 'Welcome to Jade' },
              link: null,
              readAt: '2025-01-01T00:00:00Z',
            }),
          ]),
        ),
      ],
    })
    const [first, second] = m.all('notification')
    expect(first!.dataset.unread).toBe('true')
    expect(second!.dataset.unread).toBe('false')
    expect(first!.textContent).toContain('Money received')
    expect(first!.textContent).toContain('Zhang San sent you ¥30.00')
    const link = first!.querySelector<HTMLAnchorElement>('[data-testid="notification-link"]')
    expect(link?.getAttribute('href')).toBe('/payments/n1')
    expect(second!.querySelector('[data-testid="notification-link"]')).toBeNull()
    expect(second!.textContent).toContain('Welcome to Jade')
    expect(first!.querySelector('[data-testid="notification-time"]')?.textContent?.trim()).toBe('3 hours ago')
    expect(first!.querySelector('[data-testid="notification-time"]')?.getAttribute('datetime')).toBe(created)
    expect(first!.querySelector('[data-testid="notification-exact-time"]')?.textContent).toBe(formatDateTime(created, 'en'))
    expect(first!.querySelector('[data-testid="notification-category"]')?.textContent?.trim()).toBe('Payments')
    expect(second!.querySelector('[data-testid="notification-category"]')?.textContent?.trim()).toBe('Account')
    // Only unread messages offer "mark as read", labelled with their title.
    expect(first!.querySelector('[data-testid="mark-read"]')?.getAttribute('aria-label')).toBe('Mark “Money received” as read')
    expect(second!.querySelector('[data-testid="mark-read"]')).toBeNull()

    i18n.global.locale.value = 'zh-CN'
    await flush()
    expect(first!.textContent).toContain('收到转账')
    expect(first!.textContent).toContain('张三向您转账 ¥30.00')
    expect(m.q('notifications-tab-notifications')?.getAttribute('aria-current')).toBe('page')
    m.unmount()
  })

  it('marks one message read, then all', async () => {
    const m = await mountInbox({
      'GET /api/notifications': [jsonResponse(page([notification('n1'), notification('n2')]))],
      'POST /api/notifications/n2/read': [noContent()],
      'POST /api/notifications/read-all': [noContent()],
    })
    const rows = () => m.all('notification')
    rows()[1]!.querySelector<HTMLElement>('[data-testid="mark-read"]')!.click()
    await flush()
    expect(m.fetchMock.calls('POST /api/notifications/n2/read')).toBe(1)
    expect(rows()[1]!.dataset.unread).toBe('false')
    expect(rows()[0]!.dataset.unread).toBe('true')

    m.q('mark-all-read')!.click()
    await flush()
    expect(m.fetchMock.calls('POST /api/notifications/read-all')).toBe(1)
    expect(rows().every((r) => r.dataset.unread === 'false')).toBe(true)
    expect((m.q('mark-all-read') as HTMLButtonElement).disabled).toBe(true)
    m.unmount()
  })

  it('opening a message’s link marks it read and goes there inside the app', async () => {
    const m = await mountInbox({
      'GET /api/notifications': [jsonResponse(page([notification('n1')]))],
      'POST /api/notifications/n1/read': [noContent()],
    })
    m.q('notification-link')!.click()
    await until(() => m.router.currentRoute.value.fullPath === '/payments/n1')
    expect(m.router.currentRoute.value.name).toBe('payment-detail')
    expect(m.fetchMock.calls('POST /api/notifications/n1/read')).toBe(1)
    m.unmount()
  })

  it('shows the empty state', async () => {
    const m = await mountInbox({ 'GET /api/notifications': [jsonResponse(page([]))] })
    expect(m.q('inbox-empty')?.textContent).toContain('No messages yet')
    expect(m.all('notification')).toHaveLength(0)
    m.unmount()
  })

  it('shows a loading state, then an error with a retry that recovers', async () => {
    let release!: (r: Response) => void
    const slow = new Promise<Response>((resolve) => (release = resolve))
    const replies: Reply[] = [jsonResponse({ title: 'Service unavailable', status: 503 }, 503), jsonResponse(page([notification('n1')]))]
    const fetchMock = vi.fn(async () => {
      if (fetchMock.mock.calls.length === 1) return slow
      return replies.shift() as Response
    })
    i18n.global.locale.value = 'en'
    vi.stubGlobal('fetch', fetchMock)
    const pinia = createPinia()
    useSessionStore(pinia).user = customer
    useSessionStore(pinia).loaded = true
    const router = createAppRouter(createMemoryHistory())
    await router.push('/notifications')
    const el = document.createElement('div')
    document.body.appendChild(el)
    const app = createApp({ render: () => h(RouterView) }).use(pinia).use(i18n).use(router)
    app.mount(el)
    await until(() => el.querySelector('[data-testid="inbox"]') !== null)
    expect(el.querySelector('[data-testid="inbox-loading"]')).not.toBeNull()
    expect(el.querySelector('[data-testid="inbox"]')?.getAttribute('aria-busy')).toBe('true')

    release(jsonResponse({ title: 'Service unavailable', status: 503 }, 503))
    await flush()
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Could not load messages')
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Service unavailable')

    el.querySelector<HTMLElement>('[data-testid="inbox-retry"]')!.click()
    await flush()
    // The first retry fails again, the second gets the list.
    expect(el.querySelector('[data-testid="inbox-retry"]')).not.toBeNull()
    el.querySelector<HTMLElement>('[data-testid="inbox-retry"]')!.click()
    await flush()
    expect(el.querySelectorAll('[data-testid="notification"]')).toHaveLength(1)
    app.unmount()
    el.remove()
  })

  it('pages through older messages', async () => {
    const m = await mountInbox({
      'GET /api/notifications?page=1&pageSize=20': [jsonResponse(page([notification('n1')], { total: 45 }))],
      'GET /api/notifications?page=2&pageSize=20': [jsonResponse(page([notification('n21')], { page: 2, total: 45 }))],
    })
    const pager = m.q('inbox-pagination')!
    const two = [...pager.querySelectorAll<HTMLElement>('li.number')].find((li) => li.textContent?.trim() === '2')!
    two.click()
    await flush()
    expect(m.fetchMock.calls('GET /api/notifications?page=2&pageSize=20')).toBe(1)
    expect(m.all('notification').map((r) => r.dataset.id)).toEqual(['n21'])
    m.unmount()
  })

  it('shows the newest messages on the dashboard’s card, whatever page the inbox was left on, and no pager', async () => {
    const m = await mountInbox({
      'GET /api/notifications?page=1&pageSize=20': [() => jsonResponse(page([notification('n1')], { total: 45 }))],
      'GET /api/notifications?page=2&pageSize=20': [jsonResponse(page([notification('n21')], { page: 2, total: 45 }))],
    })
    const two = [...m.q('inbox-pagination')!.querySelectorAll<HTMLElement>('li.number')].find((li) => li.textContent?.trim() === '2')!
    two.click()
    await flush()
    expect(m.all('notification').map((r) => r.dataset.id)).toEqual(['n21'])

    await m.router.push('/dashboard')
    await until(() => m.el.querySelector('[data-testid="inbox"].card') !== null && m.all('notification').length > 0)
    expect(m.fetchMock.calls('GET /api/notifications?page=1&pageSize=20')).toBe(2)
    expect(m.all('notification').map((r) => r.dataset.id)).toEqual(['n1'])
    expect(m.q('inbox-pagination')).toBeNull()
    // A live message lands on the card, since it shows the first page.
    useNotificationsStore(m.pinia).receive(notification('n-live'))
    await flush()
    expect(m.all('notification').map((r) => r.dataset.id)).toEqual(['n-live', 'n1'])
    m.unmount()
  })

  it('is for customers: staff without the customer role are turned away', async () => {
    const m = await mountInbox({}, 'en', { ...officer, roles: ['staff'] })
    expect(m.router.currentRoute.value.name).toBe('forbidden')
    m.unmount()
  })
})

describe('notification helpers', () => {
  it.each([
    [0, ''],
    [-2, ''],
    [1, '1'],
    [99, '99'],
    [100, '99+'],
    [12345, '99+'],
  ])('badge text for %d is %j', (n, text) => {
    expect(badgeText(n)).toBe(text)
  })

  it.each([
    ['/payments/abc', '/payments/abc'],
    ['/verification', '/verification'],
    [null, null],
    [undefined, null],
    ['', null],
    ['https://evil.example/', null],
    ['//evil.example/x', null],
    ['/\\evil.example', null],
    ['javascript:alert(1)', null],
  ])('keeps only in-app links: %j', (link, expected) => {
    expect(spaLink(link)).toBe(expected)
  })
})
