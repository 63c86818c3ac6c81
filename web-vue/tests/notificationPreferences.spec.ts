import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp, h } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, RouterView } from 'vue-router'
import { i18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useSessionStore } from '@/stores/session'
import { useNotificationPreferencesStore } from '@/stores/notificationPreferences'
import { placePreferenceErrors } from '@/utils/notifications'
import type { NotificationPreferences } from '@/api/types'
import { flush, jsonResponse } from './helpers'
import { serveFetch, until, type Reply } from './paymentHelpers'
import { officer } from './riskHelpers'

const customer = { ...officer, sub: 'cust-1', email: 'cust@jade.example', roles: ['customer'] }

const defaults = (): NotificationPreferences => ({
  categories: [
    { category: 'account', locked: false, channels: { inApp: true, email: true, sms: false } },
    { category: 'payments', locked: false, channels: { inApp: true, email: true, sms: false } },
    { category: 'security', locked: true, channels: { inApp: true, email: true, sms: true } },
  ],
})

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  vi.unstubAllGlobals()
  i18n.global.locale.value = 'zh-CN'
  document.body.innerHTML = ''
})

async function mountPreferences(routes: Record<string, Reply[]>, locale: 'zh-CN' | 'en' = 'en') {
  i18n.global.locale.value = locale
  const fetchMock = serveFetch(routes)
  const pinia = createPinia()
  useSessionStore(pinia).user = customer
  useSessionStore(pinia).loaded = true
  const router = createAppRouter(createMemoryHistory())
  await router.push('/notifications/preferences')
  const el = document.createElement('div')
  document.body.appendChild(el)
  const app = createApp({ render: () => h(RouterView) }).use(pinia).use(i18n).use(router)
  app.mount(el)
  await until(() => el.querySelector('[data-testid="prefs-table"], [role="alert"]') !== null)
  await flush()
  const q = (testId: string) => el.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  const input = (testId: string) => q(testId)!.querySelector<HTMLInputElement>('input[role="switch"]')!
  const toggle = async (testId: string) => {
    q(testId)!.click()
    await flush()
  }
  const save = async () => {
    q('prefs-form')!.dispatchEvent(new Event('submit'))
    await flush()
  }
  return { el, router, fetchMock, q, input, toggle, save, unmount: () => (app.unmount(), el.remove()) }
}

describe('notification preferences page', { timeout: 20_000 }, () => {
  it('shows the three categories by three channels, with security locked on and explained', async () => {
    const m = await mountPreferences({ 'GET /api/notifications/preferences': [jsonResponse(defaults())] })
    const rows = [...m.el.querySelectorAll<HTMLElement>('[data-testid="pref-row"]')]
    expect(rows.map((r) => r.dataset.category)).toEqual(['account', 'payments', 'security'])
    const headers = [...m.el.querySelectorAll('thead th')].map((th) => th.textContent?.trim())
    expect(headers).toEqual(['Category', 'In-app', 'Email', 'SMS'])

    expect(m.input('pref-account-email').getAttribute('aria-checked')).toBe('true')
    expect(m.input('pref-account-sms').getAttribute('aria-checked')).toBe('false')
    expect(m.input('pref-account-sms').getAttribute('aria-label')).toBe('SMS for Account')
    expect(m.input('pref-account-sms').disabled).toBe(false)

    for (const channel of ['inApp', 'email', 'sms']) {
      const security = m.input(`pref-security-${channel}`)
      expect(security.disabled).toBe(true)
      expect(security.getAttribute('aria-checked')).toBe('true')
    }
    expect(m.input('pref-security-sms').getAttribute('aria-label')).toBe('SMS for Security alerts: always on')
    expect(m.q('pref-locked-note')?.textContent).toContain('Always on')
    expect(rows[2]!.contains(m.q('pref-locked-note'))).toBe(true)

    // Nothing changed yet: nothing to save.
    expect((m.q('prefs-save') as HTMLButtonElement).disabled).toBe(true)
    m.unmount()
  })

  it('ignores clicks on a locked switch', async () => {
    const m = await mountPreferences({ 'GET /api/notifications/preferences': [jsonResponse(defaults())] })
    await m.toggle('pref-security-sms')
    expect(m.input('pref-security-sms').getAttribute('aria-checked')).toBe('true')
    expect((m.q('prefs-save') as HTMLButtonElement).disabled).toBe(true)
    m.unmount()
  })

  it('saves every category with a PUT carrying the anti-forgery header, then says so', async () => {
    const after = defaults()
    after.categories[1]!.channels.sms = true
    after.categories[0]!.channels.email = false
    const m = await mountPreferences({
      'GET /api/notifications/preferences': [jsonResponse(defaults())],
      'PUT /api/notifications/preferences': [jsonResponse(after)],
    })
    await m.toggle('pref-payments-sms')
    await m.toggle('pref-account-email')
    expect(m.q('prefs-status')?.textContent).toBe('You have unsaved changes')
    expect((m.q('prefs-save') as HTMLButtonElement).disabled).toBe(false)
    await m.save()

    const put = m.fetchMock.mock.calls.find(([, init]) => (init as RequestInit)?.method === 'PUT')!
    const init = put[1] as RequestInit
    expect(put[0]).toBe('/api/notifications/preferences')
    expect((init.headers as Record<string, string>)['X-CSRF']).toBe('1')
    expect(JSON.parse(init.body as string)).toEqual({
      categories: [
        { category: 'account', channels: { inApp: true, email: false, sms: false } },
        { category: 'payments', channels: { inApp: true, email: true, sms: true } },
        { category: 'security', channels: { inApp: true, email: true, sms: true } },
      ],
    })
    expect(m.q('prefs-status')?.textContent).toBe('Your notification preferences have been saved')
    expect(m.input('pref-payments-sms').getAttribute('aria-checked')).toBe('true')
    expect((m.q('prefs-save') as HTMLButtonElement).disabled).toBe(true)
    m.unmount()
  })

  it('shows the 400’s field errors on their rows', async () => {
    const m = await mountPreferences({
      'GET /api/notifications/preferences': [jsonResponse(defaults())],
      'PUT /api/notifications/preferences': [
        jsonResponse(
          {
            title: 'One or more validation errors occurred.',
            status: 400,
            errors: {
              'categories[1].channels.sms': ['SMS is not available for payments yet.'],
              'Categories[0].Category': ['Unknown category.'],
            },
          },
          400,
        ),
      ],
    })
    await m.toggle('pref-payments-sms')
    await m.save()
    const rowErrors = (category: string) =>
      [...m.el.querySelectorAll(`[data-category="${category}"] [data-testid="pref-row-error"]`)].map((e) => e.textContent)
    expect(rowErrors('payments')).toEqual(['SMS: SMS is not available for payments yet.'])
    expect(rowErrors('account')).toEqual(['Unknown category.'])
    expect(rowErrors('security')).toEqual([])
    expect(m.q('prefs-error')?.textContent).toContain('Some choices could not be saved')
    // Still unsaved; editing the row clears its message.
    expect(m.input('pref-payments-sms').getAttribute('aria-checked')).toBe('true')
    await m.toggle('pref-payments-sms')
    expect(rowErrors('payments')).toEqual([])
    m.unmount()
  })

  it('shows other failures above the buttons and keeps the edits', async () => {
    const m = await mountPreferences(
      {
        'GET /api/notifications/preferences': [jsonResponse(defaults())],
        'PUT /api/notifications/preferences': [new TypeError('offline')],
      },
      'zh-CN',
    )
    await m.toggle('pref-account-sms')
    await m.save()
    expect(m.q('prefs-error')?.textContent).toContain(i18n.global.t('errors.network'))
    expect(m.input('pref-account-sms').getAttribute('aria-checked')).toBe('true')
    expect(m.input('pref-account-sms').getAttribute('aria-label')).toBe('账户：短信')
    m.unmount()
  })

  it('shows a load error with a retry', async () => {
    const m = await mountPreferences({
      'GET /api/notifications/preferences': [jsonResponse({ title: 'Down', status: 503 }, 503), jsonResponse(defaults())],
    })
    expect(m.q('prefs-table')).toBeNull()
    expect(m.el.textContent).toContain('Down')
    m.el.querySelector<HTMLElement>('.load-retry')!.click()
    await flush()
    expect(m.q('prefs-table')).not.toBeNull()
    m.unmount()
  })

  it('discards unsaved changes', async () => {
    const m = await mountPreferences({ 'GET /api/notifications/preferences': [jsonResponse(defaults())] })
    await m.toggle('pref-account-sms')
    expect(m.input('pref-account-sms').getAttribute('aria-checked')).toBe('true')
    m.q('prefs-discard')!.click()
    await flush()
    expect(m.input('pref-account-sms').getAttribute('aria-checked')).toBe('false')
    expect((m.q('prefs-save') as HTMLButtonElement).disabled).toBe(true)
    m.unmount()
  })
})

describe('preferences store', () => {
  it('never changes a locked category', async () => {
    serveFetch({ 'GET /api/notifications/preferences': [jsonResponse(defaults())] })
    const store = useNotificationPreferencesStore()
    await store.load()
    store.setChannel('security', 'sms', false)
    expect(store.draft[2]!.channels.sms).toBe(true)
    expect(store.dirty).toBe(false)
  })
})

describe('placePreferenceErrors', () => {
  const sent = ['account', 'payments', 'security'] as const

  it('places errors by row and channel, whatever the letter case', () => {
    expect(
      placePreferenceErrors(
        {
          'categories[0].category': ['Unknown category.'],
          'categories[2].channels.sms': ['Security alerts cannot be turned off.'],
          'Categories[1].Channels.InApp': ['Required.'],
          'categories[1].channels': ['Missing channel value.'],
          categories: ['Send all three categories.'],
          'categories[7].category': ['Out of range.'],
        },
        sent,
      ),
    ).toEqual({
      rows: {
        account: { messages: ['Unknown category.'], channels: {} },
        security: { messages: [], channels: { sms: ['Security alerts cannot be turned off.'] } },
        payments: { messages: ['Missing channel value.'], channels: { inApp: ['Required.'] } },
      },
      general: ['Send all three categories.', 'Out of range.'],
    })
  })
})
