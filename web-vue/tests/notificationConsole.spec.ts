import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp, h } from 'vue'
import { createPinia } from 'pinia'
import { createMemoryHistory, RouterView } from 'vue-router'
import { i18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useSessionStore } from '@/stores/session'
import { adminQuery } from '@/api/endpoints'
import type { MessageDelivery, WebhookDelivery, WebhookDeliveryDetail } from '@/api/types'
import { flush, jsonResponse } from './helpers'
import { serveFetch, until, type Reply } from './paymentHelpers'
import { officer } from './riskHelpers'

const staff = { ...officer, sub: 'staff-1', email: 'ops@jade.example', roles: ['staff'] }
const customer = { ...officer, sub: 'cust-1', email: 'cust@jade.example', roles: ['customer'] }
const accepted = () => new Response(null, { status: 202 })

const delivery = (id: string, extra: Partial<MessageDelivery> = {}): MessageDelivery => ({
  id,
  channel: 'email',
  kind: 'transfer_received',
  userId: 'cust-1',
  recipient: 'c***t@jade.example',
  subject: 'You received money',
  body: 'Zhang San sent you ¥30.00',
  status: 'failed',
  attempts: 3,
  lastError: 'SMTP 550 mailbox unavailable',
  createdAt: '2025-03-04T05:06:07Z',
  sentAt: null,
  ...extra,
})

const webhook = (id: string, extra: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  id,
  endpointId: 'ep_1',
  clientId: 'partner-bank-1',
  url: 'https://partner.example/hooks/jade',
  eventType: 'payment.completed',
  status: 'dead',
  attempts: 8,
  lastStatusCode: 500,
  lastError: 'Internal Server Error',
  nextAttemptAt: null,
  createdAt: '2025-03-04T05:06:07Z',
  deliveredAt: null,
  ...extra,
})

const pageOf = <T>(items: T[], total = items.length, page = 1) => ({ items, page, pageSize: 20, total })

afterEach(() => {
  vi.unstubAllGlobals()
  i18n.global.locale.value = 'zh-CN'
  document.body.innerHTML = ''
})

async function mountConsole(path: string, routes: Record<string, Reply[]>, user: unknown = staff, ready = '[data-testid$="-table"], [data-testid$="-empty"]') {
  i18n.global.locale.value = 'en'
  const fetchMock = serveFetch(routes)
  const pinia = createPinia()
  useSessionStore(pinia).user = user as ReturnType<typeof useSessionStore>['user']
  useSessionStore(pinia).loaded = true
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  const el = document.createElement('div')
  document.body.appendChild(el)
  const app = createApp({ render: () => h(RouterView) }).use(pinia).use(i18n).use(router)
  app.mount(el)
  await until(() => router.currentRoute.value.name === 'forbidden' || el.querySelector(ready) !== null)
  await flush()
  // Dialogs and drawers are teleported to the body.
  const q = (testId: string) => document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  const all = (testId: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)]
  const click = async (target: string | HTMLElement) => {
    const node = typeof target === 'string' ? q(target) : target
    if (!node) throw new Error(`nothing to click: ${String(target)}`)
    node.click()
    await flush()
  }
  const radio = async (group: string, label: string) => {
    const option = [...q(group)!.querySelectorAll<HTMLElement>('label')].find((l) => l.textContent?.trim() === label)
    if (!option) throw new Error(`no option ${label} in ${group}`)
    option.querySelector('input')!.click()
    await flush()
  }
  return { el, router, fetchMock, q, all, click, radio, unmount: () => (app.unmount(), el.remove()) }
}

describe('notifications console access', { timeout: 20_000 }, () => {
  it('lets staff in at the deliveries tab', async () => {
    const m = await mountConsole('/admin/notifications', { 'GET /api/notifications/admin/deliveries': [jsonResponse(pageOf([]))] })
    expect(m.router.currentRoute.value.name).toBe('notification-deliveries')
    expect(m.q('console-tab-notification-deliveries')?.getAttribute('aria-current')).toBe('page')
    m.unmount()
  })

  it('turns customers away', async () => {
    const m = await mountConsole('/admin/notifications/webhooks', {}, customer)
    expect(m.router.currentRoute.value.name).toBe('forbidden')
    expect(m.router.currentRoute.value.query.from).toBe('/admin/notifications/webhooks')
    m.unmount()
  })
})

describe('email and SMS deliveries', { timeout: 20_000 }, () => {
  it('lists deliveries and filters by channel and status from the first page', async () => {
    const m = await mountConsole('/admin/notifications/deliveries', {
      'GET /api/notifications/admin/deliveries?page=1&pageSize=20': [
        jsonResponse(pageOf([delivery('d1'), delivery('d2', { channel: 'sms', status: 'sent', subject: null, lastError: null, sentAt: '2025-03-04T05:07:00Z' })], 2)),
      ],
      'GET /api/notifications/admin/deliveries?channel=sms&page=1&pageSize=20': [jsonResponse(pageOf([delivery('d2', { channel: 'sms' })]))],
      'GET /api/notifications/admin/deliveries?channel=sms&status=failed&page=1&pageSize=20': [jsonResponse(pageOf([]))],
    })
    const rows = m.all('delivery-row')
    expect(rows.map((r) => r.dataset.id)).toEqual(['d1', 'd2'])
    expect(rows[0]!.textContent).toContain('c***t@jade.example')
    expect(rows[0]!.textContent).toContain('Transfer received')
    expect(rows[0]!.textContent).toContain('You received money')
    expect(rows[0]!.querySelector('[data-testid="delivery-status"]')?.textContent?.trim()).toBe('Failed')
    expect(rows[0]!.querySelector('[data-testid="delivery-error"]')?.textContent).toBe('SMTP 550 mailbox unavailable')
    expect(rows[1]!.textContent).toContain('SMS')

    await m.radio('delivery-filter-channel', 'SMS')
    expect(m.fetchMock.calls('GET /api/notifications/admin/deliveries?channel=sms&page=1&pageSize=20')).toBe(1)
    await m.radio('delivery-filter-status', 'Failed')
    expect(m.fetchMock.calls('GET /api/notifications/admin/deliveries?channel=sms&status=failed&page=1&pageSize=20')).toBe(1)
    expect(m.q('delivery-empty')?.textContent).toContain('Nothing matches these filters')
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('replays a delivery after confirmation, says so, and reloads the list', async () => {
    const m = await mountConsole('/admin/notifications/deliveries', {
      'GET /api/notifications/admin/deliveries': [jsonResponse(pageOf([delivery('d1')])), jsonResponse(pageOf([delivery('d1', { status: 'pending' })]))],
      'POST /api/notifications/admin/deliveries/d1/replay': [accepted()],
    })
    const replay = m.all('delivery-replay')[0]!
    expect(replay.getAttribute('aria-label')).toBe('Send the message to c***t@jade.example again')
    await m.click(replay)
    expect(m.q('replay-message')?.textContent).toContain('c***t@jade.example')
    // Nothing is sent before the confirmation.
    expect(m.fetchMock.calls('POST /api/notifications/admin/deliveries/d1/replay')).toBe(0)

    await m.click('replay-confirm')
    const post = m.fetchMock.mock.calls.find(([url]) => url === '/api/notifications/admin/deliveries/d1/replay')!
    expect(((post[1] as RequestInit).headers as Record<string, string>)['X-CSRF']).toBe('1')
    expect(document.body.textContent).toContain('Queued to be sent again')
    expect(m.fetchMock.calls('GET /api/notifications/admin/deliveries')).toBe(2)
    await until(() => m.all('delivery-row')[0]?.querySelector('[data-testid="delivery-status"]')?.textContent?.trim() === 'Pending')
    // Pending: on its way, nothing to replay.
    expect((m.all('delivery-replay')[0] as HTMLButtonElement).disabled).toBe(true)
    m.unmount()
  })

  it('keeps a failed replay’s error in the dialog', async () => {
    const m = await mountConsole('/admin/notifications/deliveries', {
      'GET /api/notifications/admin/deliveries': [jsonResponse(pageOf([delivery('d1')]))],
      'POST /api/notifications/admin/deliveries/d1/replay': [jsonResponse({ title: 'Delivery not found', status: 404 }, 404)],
    })
    await m.click(m.all('delivery-replay')[0]!)
    await m.click('replay-confirm')
    expect(m.q('replay-error')?.textContent).toContain('Delivery not found')
    expect(m.fetchMock.calls('GET /api/notifications/admin/deliveries')).toBe(1)
    m.unmount()
  })

  it('shows a load error with a retry', async () => {
    const m = await mountConsole(
      '/admin/notifications/deliveries',
      { 'GET /api/notifications/admin/deliveries': [jsonResponse({ title: 'Forbidden', status: 403 }, 403), jsonResponse(pageOf([delivery('d1')]))] },
      staff,
      '.load-retry',
    )
    expect(m.el.textContent).toContain('Forbidden')
    await m.click(m.el.querySelector<HTMLElement>('.load-retry')!)
    expect(m.all('delivery-row')).toHaveLength(1)
    m.unmount()
  })
})

describe('partner webhooks', { timeout: 20_000 }, () => {
  const detail = (): WebhookDeliveryDetail => ({
    ...webhook('msg_1'),
    attemptLog: [
      { attempt: 1, at: '2025-03-04T05:06:08Z', statusCode: 500, error: 'Internal Server Error', durationMs: 120 },
      { attempt: 2, at: '2025-03-04T05:07:08Z', statusCode: null, error: 'Timed out', durationMs: 10000 },
    ],
  })

  it('filters by status (dead letters) and client id', async () => {
    const m = await mountConsole('/admin/notifications/webhooks', {
      'GET /api/notifications/admin/webhooks/deliveries?page=1&pageSize=20': [jsonResponse(pageOf([webhook('msg_1'), webhook('msg_2', { status: 'succeeded' })]))],
      'GET /api/notifications/admin/webhooks/deliveries?status=dead&page=1&pageSize=20': [jsonResponse(pageOf([webhook('msg_1')]))],
      'GET /api/notifications/admin/webhooks/deliveries?status=dead&clientId=partner-bank-2&page=1&pageSize=20': [jsonResponse(pageOf([]))],
    })
    expect(m.all('webhook-status').map((s) => s.textContent?.trim())).toEqual(['Dead letters', 'Delivered'])

    await m.radio('webhook-filter-status', 'Dead letters')
    expect(m.all('webhook-row').map((r) => r.dataset.id)).toEqual(['msg_1'])

    // Element Plus puts the test id on the input itself.
    const input = m.q('webhook-filter-client') as HTMLInputElement
    expect(input.tagName).toBe('INPUT')
    expect(m.el.querySelector(`label[for="${input.id}"]`)?.textContent).toBe('Client ID')
    input.value = '  partner-bank-2 '
    input.dispatchEvent(new Event('input'))
    await flush()
    await m.click('webhook-filter-apply')
    expect(m.fetchMock.calls('GET /api/notifications/admin/webhooks/deliveries?status=dead&clientId=partner-bank-2&page=1&pageSize=20')).toBe(1)
    expect(m.q('webhook-empty')).not.toBeNull()
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('opens a delivery’s attempt log and replays it from there', async () => {
    const m = await mountConsole('/admin/notifications/webhooks', {
      'GET /api/notifications/admin/webhooks/deliveries': [() => jsonResponse(pageOf([webhook('msg_1')]))],
      'GET /api/notifications/admin/webhooks/deliveries/msg_1': [jsonResponse(detail()), jsonResponse({ ...detail(), status: 'retrying' })],
      'POST /api/notifications/admin/webhooks/deliveries/msg_1/replay': [accepted()],
    })
    await m.click('webhook-open')
    await until(() => m.q('webhook-attempts') !== null)
    const attempts = m.all('webhook-attempt-row')
    expect(attempts).toHaveLength(2)
    expect(attempts[0]!.textContent).toContain('500')
    expect(attempts[0]!.textContent).toContain('120 ms')
    expect(attempts[1]!.textContent).toContain('Timed out')
    expect(m.q('webhook-detail')?.textContent).toContain('https://partner.example/hooks/jade')

    await m.click('webhook-detail-replay')
    expect(m.q('replay-message')?.textContent).toContain('payment.completed')
    expect(m.q('replay-message')?.textContent).toContain('partner-bank-1')
    await m.click('replay-confirm')
    expect(m.fetchMock.calls('POST /api/notifications/admin/webhooks/deliveries/msg_1/replay')).toBe(1)
    expect(document.body.textContent).toContain('Queued to be sent again')
    // The drawer shows the new state.
    await until(() => m.q('webhook-detail-status')?.textContent?.trim() === 'Retrying')
    expect(m.fetchMock.calls('GET /api/notifications/admin/webhooks/deliveries/msg_1')).toBe(2)
    m.unmount()
  })

  it('replays from the row after confirmation', async () => {
    const m = await mountConsole('/admin/notifications/webhooks', {
      'GET /api/notifications/admin/webhooks/deliveries': [() => jsonResponse(pageOf([webhook('msg_1')]))],
      'POST /api/notifications/admin/webhooks/deliveries/msg_1/replay': [accepted()],
    })
    await m.click('webhook-replay')
    // The row's button does not open the drawer.
    expect(m.q('webhook-detail')).toBeNull()
    await m.click('replay-cancel')
    expect(m.fetchMock.calls('POST /api/notifications/admin/webhooks/deliveries/msg_1/replay')).toBe(0)
    await m.click('webhook-replay')
    await m.click('replay-confirm')
    expect(m.fetchMock.calls('POST /api/notifications/admin/webhooks/deliveries/msg_1/replay')).toBe(1)
    m.unmount()
  })
})

describe('adminQuery', () => {
  it('sends only the filters that are set, trimmed, then the page', () => {
    expect(String(adminQuery({ status: 'dead', clientId: '  ', channel: '' }, 2, 50))).toBe('status=dead&page=2&pageSize=50')
    expect(String(adminQuery({ clientId: ' bank 1 ' }, 1, 20))).toBe('clientId=bank+1&page=1&pageSize=20')
  })
})
